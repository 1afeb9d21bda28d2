// Detection rules for the console: the list with filters, one rule with its YAML and recent
// hits, ATT&CK coverage, enabling and disabling, and testing a rule against pasted events.
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type QueryValue } from '../../api/client.js';
import type { Coverage, RuleDetail, RuleSummary, RuleTestResult } from './types.js';

export function useRuleList(filters: Record<string, QueryValue>) {
  return useInfiniteQuery({
    queryKey: ['rules', 'list', filters],
    queryFn: ({ pageParam, signal }) => api<{ items: RuleSummary[]; total: number; next_cursor?: string }>('/api/rules', { query: { ...filters, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor,
    placeholderData: keepPreviousData,
  });
}

/** ATT&CK techniques covered by enabled rules, with rule and alert counts. */
export function useCoverage() {
  return useQuery({ queryKey: ['rules', 'coverage'], queryFn: ({ signal }) => api<Coverage>('/api/rules/coverage', { signal }) });
}

export function useRule(id: string, enabled = true) {
  return useQuery({ queryKey: ['rules', 'one', id], queryFn: ({ signal }) => api<RuleDetail>(`/api/rules/${encodeURIComponent(id)}`, { signal }), enabled: enabled && id !== '' });
}

export function useSetRuleEnabled() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) => api<RuleSummary>(`/api/rules/${encodeURIComponent(id)}/${enabled ? 'enable' : 'disable'}`, { method: 'POST' }),
    onSettled: () => client.invalidateQueries({ queryKey: ['rules'] }),
  });
}

export function useTestRule() {
  return useMutation({
    mutationFn: (input: { yaml: string; events: (Record<string, unknown> | string)[] }) => api<RuleTestResult>('/api/rules/test', { method: 'POST', body: input }),
  });
}
