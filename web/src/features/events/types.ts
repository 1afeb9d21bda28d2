// The shapes of the events API (search, histogram, top values) and of saved searches.

export type EventDocument = Record<string, unknown> & { id: string; tenant: string; '@timestamp': string };

export interface SearchResult { total: number; events: EventDocument[]; next_cursor?: string }
export interface HistogramResult { interval_ms: number; buckets: { time: string; count: number }[] }
export interface TopResult { field: string; total: number; values: { value: unknown; count: number }[] }

export interface SavedSearch {
  id: string;
  name: string;
  query: string;
  from: string | null;
  to: string | null;
  columns: string[];
  version: number;
}
