// Detection rules for the console: the list with filters, one rule with its YAML and recent
// hits, enabling and disabling, and testing a rule against pasted events.
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type QueryValue } from '../../api/client.js';
import type { RuleDetail, RuleSummary, RuleTestResult } from './types.js';

export function useRuleList(filters: Record<string, QueryValue>) {
  return useInfiniteQuery({
    queryKey: ['rules', 'list', filters],
    queryFn: ({ pageParam, signal }) => api<{ items: RuleSummary[]; next_cursor?: string }>('/api/rules', { query: { ...filters, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor,
    placeholderData: keepPreviousData,
  });
}

/** Every enabled rule (page by page), for the coverage matrix. */
export function useEnabledRules() {
  return useQuery({
    queryKey: ['rules', 'enabled'],
    queryFn: async ({ signal }) => {
      const rules: RuleSummary[] = [];
      let cursor: string | undefined;
      do {
        const page = await api<{ items: RuleSummary[]; next_cursor?: string }>('/api/rules', { query: { enabled: 'true', limit: 500, cursor }, signal });
        rules.push(...page.items);
        cursor = page.next_cursor;
      } while (cursor && rules.length < 20_000);
      return rules;
    },
  });
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
    mutationFn: (input: { yaml: string; events: unknown[] }) => api<RuleTestResult>('/api/rules/test', { method: 'POST', body: input }),
  });
}
