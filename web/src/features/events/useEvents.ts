// Event search data: result pages, the histogram and a field's top values for the query and
// range in the URL; saved searches; and fetching every page for an export.
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import type { ApiRange } from '../../lib/time.js';
import type { EventDocument, HistogramResult, SavedSearch, SearchResult, TopResult } from './types.js';

export interface EventScope extends ApiRange { q: string; tenant?: string }

export function useEventSearch(scope: EventScope) {
  return useInfiniteQuery({
    queryKey: ['events', 'search', scope],
    queryFn: ({ pageParam, signal }) => api<SearchResult>('/api/events/search', { query: { ...scope, limit: 100, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor,
    placeholderData: keepPreviousData,
  });
}

export function useHistogram(scope: EventScope) {
  return useQuery({
    queryKey: ['events', 'histogram', scope],
    queryFn: ({ signal }) => api<HistogramResult>('/api/events/histogram', { query: { ...scope, buckets: 80 }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useTopValues(scope: EventScope, field: string | null) {
  return useQuery({
    queryKey: ['events', 'top', scope, field],
    queryFn: ({ signal }) => api<TopResult>('/api/events/top', { query: { ...scope, field: field!, size: 10 }, signal }),
    enabled: field !== null,
  });
}

/** Up to `max` matching events, page by page, for an export. */
export async function fetchAllEvents(scope: EventScope, max: number): Promise<EventDocument[]> {
  const events: EventDocument[] = [];
  let cursor: string | undefined;
  do {
    const page = await api<SearchResult>('/api/events/search', { query: { ...scope, limit: Math.min(5000, max - events.length), cursor } });
    events.push(...page.events);
    cursor = page.next_cursor;
  } while (cursor && events.length < max);
  return events;
}

export function useSavedSearches() {
  return useQuery({ queryKey: ['saved-searches'], queryFn: ({ signal }) => api<{ items: SavedSearch[] }>('/api/saved-searches', { signal }) });
}

export function useSaveSearch() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id?: string; version?: number; name: string; query: string; from: string | null; to: string | null; columns: string[] }) => {
      const { id, version, ...body } = input;
      return id
        ? api<SavedSearch>(`/api/saved-searches/${encodeURIComponent(id)}`, { method: 'PATCH', body: { version, ...body } })
        : api<SavedSearch>('/api/saved-searches', { method: 'POST', body });
    },
    onSuccess: () => client.invalidateQueries({ queryKey: ['saved-searches'] }),
  });
}

export function useDeleteSavedSearch() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/saved-searches/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['saved-searches'] }),
  });
}
