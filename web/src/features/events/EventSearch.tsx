// Event search: the query, time range, columns and opened event live in the URL; a histogram
// (drag to zoom), the results with a field sidebar, an event drawer, CSV/NDJSON export and
// saved searches.
import { useMemo, useState } from 'react';
import type { ColumnDef } from '@tanstack/react-table';
import { ApiError, errorMessage } from '../../api/client.js';
import { DataTable } from '../../components/DataTable.js';
import { ErrorBox, Loading } from '../../components/Feedback.js';
import { displayValue } from '../../components/FieldTable.js';
import { Icon } from '../../components/Icon.js';
import { TimeRangePicker } from '../../components/TimeRangePicker.js';
import { useToast } from '../../components/Toasts.js';
import { ECS } from '../../lib/ecs.js';
import { allColumns, download, toCsv, toNdjson } from '../../lib/export.js';
import { listParam, toggled } from '../../lib/search-params.js';
import { apiRange, formatTime, rangeLabel } from '../../lib/time.js';
import { useUrlSearch } from '../../lib/use-url-search.js';
import { TenantSelect } from '../tenants/TenantSelect.js';
import { EventDrawer } from './EventDrawer.js';
import { FieldSidebar } from './FieldSidebar.js';
import { Histogram } from './Histogram.js';
import { QueryBar } from './QueryBar.js';
import { withFilter } from './query-text.js';
import { SavedSearchMenu } from './SavedSearchMenu.js';
import type { EventDocument } from './types.js';
import { fetchAllEvents, useEventSearch, useHistogram, type EventScope } from './useEvents.js';

type SearchParams = { q?: string; range?: string; from?: string; to?: string; cols?: string; event?: string; tenant?: string };

/** Shown when no columns are chosen: the fields that usually say what happened. */
const SUMMARY_FIELDS = [ECS.host.name, ECS.user.name, ECS.event.action, ECS.event.code, ECS.source.ip, ECS.destination.ip, ECS.process.name, ECS.process.commandLine, ECS.message];
const EXPORT_MAX = 10_000;

function Summary({ event }: { event: EventDocument }) {
  const parts = SUMMARY_FIELDS.filter((f) => event[f] !== undefined && event[f] !== null);
  if (parts.length === 0) return <span className="muted truncate">{displayValue(event[ECS.event.original])}</span>;
  return (
    <span className="event-summary">
      {parts.map((f) => <span key={f} style={{ marginRight: '0.8rem' }}><span className="k">{f}:</span> <span className="v">{displayValue(event[f])}</span></span>)}
    </span>
  );
}

export function EventSearch() {
  const [search, setSearch] = useUrlSearch<SearchParams>();
  const toast = useToast();
  const query = search.q ?? '';
  const range = apiRange(search);
  const scope: EventScope = { q: query, ...range, ...(search.tenant ? { tenant: search.tenant } : {}) };
  const columns = listParam(search.cols);
  const results = useEventSearch(scope);
  const histogram = useHistogram(scope);
  const events = useMemo(() => results.data?.pages.flatMap((p) => p.events) ?? [], [results.data]);
  const total = results.data?.pages[0]?.total;
  const opened = search.event ? events.find((e) => e.id === search.event) : undefined;
  const [exporting, setExporting] = useState(false);
  const invalid = results.error instanceof ApiError && results.error.code === 'query_syntax';

  const filter = (field: string, value: unknown, exclude: boolean) => setSearch({ q: withFilter(query, field, value, exclude), event: undefined });

  const tableColumns = useMemo<ColumnDef<EventDocument, unknown>[]>(() => [
    { id: '@timestamp', header: 'Time', meta: { className: 'nowrap' }, cell: ({ row }) => <span className="cell-mono" title={row.original['@timestamp']}>{formatTime(Date.parse(row.original['@timestamp']), true)}</span> },
    ...(columns.length === 0
      ? [{ id: 'summary', header: 'Event', cell: ({ row }: { row: { original: EventDocument } }) => <Summary event={row.original} /> }]
      : columns.map((c): ColumnDef<EventDocument, unknown> => ({
        id: c,
        header: () => <span className="mono" style={{ textTransform: 'none' }}>{c} <button className="ghost small" aria-label={`Remove column ${c}`} onClick={() => setSearch({ cols: toggled(columns, c).join(',') })}>✕</button></span>,
        cell: ({ row }) => <span className="cell-mono truncate">{displayValue(row.original[c])}</span>,
      }))),
  ], [columns, setSearch]);

  const exportAs = async (format: 'csv' | 'ndjson') => {
    setExporting(true);
    try {
      const all = await fetchAllEvents(scope, EXPORT_MAX);
      const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
      if (format === 'csv') download(`vigil-events-${stamp}.csv`, 'text/csv;charset=utf-8', toCsv(all, ['@timestamp', ...(columns.length ? columns : allColumns(all, ['@timestamp', 'id', 'tenant']).slice(1))]));
      else download(`vigil-events-${stamp}.ndjson`, 'application/x-ndjson', toNdjson(all));
      toast(`Exported ${all.length} events${all.length === EXPORT_MAX ? ` (the first ${EXPORT_MAX})` : ''}`, 'ok');
    } catch (error) {
      toast(`Export failed: ${errorMessage(error)}`, 'error');
    } finally {
      setExporting(false);
    }
  };

  return (
    <div className="page">
      <div className="page-header">
        <h1>Events</h1>
        <TenantSelect value={search.tenant} onChange={(tenant) => setSearch({ tenant })} />
        <TimeRangePicker value={search} onChange={(r) => setSearch({ ...r, event: undefined })} />
        <SavedSearchMenu current={{ query, from: search.from ?? (search.range ? `now-${search.range}` : null), to: search.to ?? null, columns }}
          onOpen={(s) => {
            const relative = s.from?.startsWith('now-') ? s.from.slice(4) : undefined;
            setSearch({ q: s.query, range: relative, from: relative ? undefined : s.from ?? undefined, to: s.to ?? undefined, cols: s.columns.join(',') || undefined, event: undefined });
          }} />
      </div>
      <QueryBar value={query} error={results.error} onSubmit={(q) => setSearch({ q, event: undefined })} />

      <div className="panel">
        <div className="panel-header">
          <h2>{invalid ? 'Query error' : total === undefined ? 'Searching…' : `${total.toLocaleString()} event${total === 1 ? '' : 's'}`}</h2>
          <span className="muted">{rangeLabel(search)} · drag across the chart to zoom</span>
        </div>
        <div className="panel-body" style={{ padding: '0.3rem 0.5rem' }}>
          <Histogram data={histogram.data} onZoom={(from, to) => setSearch({ range: undefined, from: String(from), to: String(to), event: undefined })} />
        </div>
      </div>

      {results.isError && !invalid && <ErrorBox error={results.error} title="Search failed" />}

      <div className="search-layout">
        <FieldSidebar events={events} scope={scope} columns={columns} onFilter={filter}
          onToggleColumn={(field) => setSearch({ cols: toggled(columns, field).join(',') || undefined })} />
        <div className="panel" style={{ minWidth: 0 }}>
          <div className="panel-header">
            <h2>Results</h2>
            <span className="muted">{events.length} shown</span>
            <button onClick={() => void exportAs('csv')} disabled={exporting || !total}><Icon name="download" size={14} /> CSV</button>
            <button onClick={() => void exportAs('ndjson')} disabled={exporting || !total}><Icon name="download" size={14} /> NDJSON</button>
          </div>
          {results.isPending ? <Loading what="Searching" /> : (
            <DataTable label="Events" data={events} columns={tableColumns} rowId={(e) => e.id}
              focusedId={search.event} rowClassName={() => 'event-row'}
              onRowClick={(e) => setSearch({ event: e.id }, { replace: true })}
              empty={<div className="empty">{invalid ? 'Fix the query above to search.' : `No events match${query ? ' this query' : ''} in this period.`}</div>} />
          )}
          {results.hasNextPage && (
            <div className="panel-body" style={{ textAlign: 'center' }}>
              <button onClick={() => void results.fetchNextPage()} disabled={results.isFetchingNextPage}>{results.isFetchingNextPage ? 'Loading…' : 'Load more'}</button>
            </div>
          )}
        </div>
      </div>

      {opened && <EventDrawer event={opened} onClose={() => setSearch({ event: undefined }, { replace: true })} onFilter={filter} />}
    </div>
  );
}
