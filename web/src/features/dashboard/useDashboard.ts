// Dashboard data: the alerts raised in the period (newest first, up to a cap), the open ones,
// and the SOC metrics (MTTD, MTTA, MTTR) for the same period and tenant. Refreshed every 30 s.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type QueryValue } from '../../api/client.js';
import type { Alert, AlertPage } from '../alerts/types.js';

/** Alerts read for the charts; beyond it the charts say they show the newest ones. */
export const DASHBOARD_ALERT_CAP = 2000;
const REFRESH_MS = 30_000;

export interface DurationStats { count: number; mean_ms: number | null; median_ms: number | null }
export interface SocMetrics {
  from: number;
  to: number;
  overall: { alerts: number } & Record<string, DurationStats | number>;
  noisiest_rules: { rule_id: string; rule_title: string; alerts: number; hits: number }[];
  false_positive_rate: { rule_id: string; rule_title: string; closed: number; false_positives: number; rate: number }[];
}

async function alertsUpTo(query: Record<string, QueryValue>, cap: number, signal: AbortSignal): Promise<{ alerts: Alert[]; capped: boolean }> {
  const alerts: Alert[] = [];
  let cursor: string | undefined;
  do {
    const page = await api<AlertPage>('/api/alerts', { query: { ...query, limit: 500, cursor }, signal });
    alerts.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor && alerts.length < cap);
  return { alerts: alerts.slice(0, cap), capped: cursor !== undefined };
}

export function useAlertsInRange(range: { from: string; to?: string }, tenant: string | undefined) {
  return useQuery({
    queryKey: ['alerts', 'dashboard', range, tenant],
    queryFn: ({ signal }) => alertsUpTo({ ...range, tenant, sort: 'created_at', order: 'desc' }, DASHBOARD_ALERT_CAP, signal),
    refetchInterval: REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}

export function useOpenAlerts(tenant: string | undefined) {
  return useQuery({
    queryKey: ['alerts', 'open', tenant],
    queryFn: ({ signal }) => alertsUpTo({ status: 'new,acknowledged,in_progress', tenant, sort: 'severity', order: 'desc' }, DASHBOARD_ALERT_CAP, signal),
    refetchInterval: REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}

export function useSocMetrics(range: { from: string; to?: string }, tenant: string | undefined) {
  return useQuery({
    queryKey: ['metrics', 'soc', range, tenant],
    queryFn: ({ signal }) => api<SocMetrics>('/api/metrics/soc', { query: { ...range, tenant }, signal }),
    refetchInterval: REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}

export function durationStats(metrics: SocMetrics | undefined, name: string): DurationStats | null {
  const value = metrics?.overall[name];
  return value && typeof value === 'object' ? value : null;
}
