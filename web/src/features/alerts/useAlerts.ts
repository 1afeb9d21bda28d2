// Alert data for the console: the queue (filters from the URL), one alert's page, triage
// changes (single and bulk), comments, exceptions, and the live stream that keeps them fresh.
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { api, type QueryValue } from '../../api/client.js';
import type { Alert, AlertChange, AlertPage, AlertStreamEvent, AlertView, BulkResult } from './types.js';

export type AlertFilters = Record<string, QueryValue>;

export function useAlertQueue(filters: AlertFilters) {
  return useInfiniteQuery({
    queryKey: ['alerts', 'list', filters],
    queryFn: ({ pageParam, signal }) => api<AlertPage>('/api/alerts', { query: { ...filters, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor,
    placeholderData: keepPreviousData,
  });
}

/** New alerts waiting for someone (capped at 100: it is a badge). */
export function useOpenAlertCount(enabled: boolean): number {
  const query = useQuery({
    queryKey: ['alerts', 'new-count'],
    queryFn: ({ signal }) => api<AlertPage>('/api/alerts', { query: { status: 'new', limit: 100 }, signal }),
    enabled,
    refetchInterval: 60_000,
  });
  return query.data?.items.length ?? 0;
}

export function useAlert(id: string) {
  return useQuery({ queryKey: ['alerts', 'one', id], queryFn: ({ signal }) => api<AlertView>(`/api/alerts/${encodeURIComponent(id)}`, { signal }) });
}

export function useUpdateAlert() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ alert, change }: { alert: Pick<Alert, 'id' | 'version'>; change: AlertChange }) =>
      api<Alert>(`/api/alerts/${encodeURIComponent(alert.id)}`, { method: 'PATCH', body: { version: alert.version, ...change } }),
    onSettled: () => client.invalidateQueries({ queryKey: ['alerts'] }),
  });
}

export function useBulkUpdate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ alerts, change }: { alerts: Pick<Alert, 'id' | 'version'>[]; change: AlertChange }) =>
      api<{ results: BulkResult[]; updated: number; failed: number }>('/api/alerts/bulk', {
        method: 'POST',
        body: { ids: alerts.map((a) => a.id), change, versions: Object.fromEntries(alerts.map((a) => [a.id, a.version])) },
      }),
    onSettled: () => client.invalidateQueries({ queryKey: ['alerts'] }),
  });
}

export function useAddAlertComment(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: string) => api(`/api/alerts/${encodeURIComponent(id)}/comments`, { method: 'POST', body: { body } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['alerts', 'one', id] }),
  });
}

export function useCreateException(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { fields: string[]; reason: string; expires_at?: number; any_rule: boolean }) =>
      api(`/api/alerts/${encodeURIComponent(id)}/exceptions`, { method: 'POST', body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['exceptions'] }),
  });
}

export type StreamState = 'connecting' | 'live' | 'offline';

/**
 * Listens to GET /api/alerts/stream; each change updates the alert it concerns and refreshes
 * every alert query. Returns the connection state and the ids of alerts created since it opened.
 */
export function useAlertStream(onEvent?: (event: AlertStreamEvent) => void): { state: StreamState; created: string[] } {
  const client = useQueryClient();
  const [state, setState] = useState<StreamState>('connecting');
  const [created, setCreated] = useState<string[]>([]);
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    const source = new EventSource('/api/alerts/stream');
    let pending: ReturnType<typeof setTimeout> | null = null;
    source.onopen = () => setState('live');
    source.onerror = () => {
      // The browser reconnects by itself; a closed stream means the session ended.
      setState(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
      if (source.readyState === EventSource.CLOSED) void client.invalidateQueries({ queryKey: ['session'] });
    };
    source.addEventListener('alert', (message) => {
      const event = JSON.parse((message as MessageEvent<string>).data) as AlertStreamEvent;
      if (event.change === 'created') setCreated((ids) => (ids.includes(event.alert.id) ? ids : [event.alert.id, ...ids].slice(0, 200)));
      client.setQueryData<AlertView>(['alerts', 'one', event.alert.id], (view) => (view ? { ...view, ...event.alert } : view));
      handler.current?.(event);
      // A burst of changes refreshes what shows alerts (queue, counts, dashboard) once.
      if (!pending) {
        pending = setTimeout(() => {
          pending = null;
          void client.invalidateQueries({ queryKey: ['alerts'] });
        }, 250);
      }
    });
    return () => {
      if (pending) clearTimeout(pending);
      source.close();
    };
  }, [client]);
  return { state, created };
}
