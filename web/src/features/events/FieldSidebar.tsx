// The fields of the events shown, most common first; opening one lists its top values for the
// whole query (from /api/events/top), each to filter in or out, and adds or removes it as a column.
import { useMemo, useState } from 'react';
import { displayValue } from '../../components/FieldTable.js';
import { Icon } from '../../components/Icon.js';
import { Spinner } from '../../components/Feedback.js';
import type { EventDocument } from './types.js';
import { useTopValues, type EventScope } from './useEvents.js';

export function FieldSidebar({ events, scope, columns, onToggleColumn, onFilter }: {
  events: EventDocument[];
  scope: EventScope;
  columns: string[];
  onToggleColumn: (field: string) => void;
  onFilter: (field: string, value: unknown, exclude: boolean) => void;
}) {
  const [open, setOpen] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const fields = useMemo(() => {
    const counts = new Map<string, number>();
    for (const event of events) for (const key of Object.keys(event)) if (key !== 'id') counts.set(key, (counts.get(key) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  }, [events]);
  const top = useTopValues(scope, open);
  const shown = fields.filter(([name]) => name.toLowerCase().includes(filter.toLowerCase()));

  return (
    <div className="panel" aria-label="Fields">
      <div className="panel-header"><h2>Fields</h2><span className="muted">{fields.length}</span></div>
      <div style={{ padding: '0.5rem' }}><input type="search" placeholder="Find a field" value={filter} onChange={(e) => setFilter(e.target.value)} style={{ width: '100%' }} /></div>
      <div className="field-list">
        {shown.map(([name, count]) => (
          <div key={name} className="field-item">
            <button onClick={() => setOpen(open === name ? null : name)} aria-expanded={open === name} title={`${name}: in ${count} of ${events.length} events shown`}>
              <span className="truncate">{columns.includes(name) ? '▣ ' : ''}{name}</span>
              <span className="faint">{count}</span>
            </button>
            {open === name && (
              <div className="top-values">
                {top.isPending && <Spinner />}
                {top.isError && <span className="muted">Top values unavailable for this field.</span>}
                {top.data?.values.map((v) => {
                  const share = top.data.total > 0 ? v.count / top.data.total : 0;
                  return (
                    <div key={displayValue(v.value)} className="top-value">
                      <span className="truncate" title={displayValue(v.value)}>{displayValue(v.value)}</span>
                      <span className="faint">{Math.round(share * 100)}%</span>
                      <button className="ghost small" title="Only this value" aria-label={`Filter for ${displayValue(v.value)}`} onClick={() => onFilter(name, v.value, false)}><Icon name="filterIn" size={13} /></button>
                      <button className="ghost small" title="Without this value" aria-label={`Filter out ${displayValue(v.value)}`} onClick={() => onFilter(name, v.value, true)}><Icon name="filterOut" size={13} /></button>
                      <div className="bar"><span style={{ width: `${Math.max(2, share * 100)}%` }} /></div>
                    </div>
                  );
                })}
                {top.data && <span className="faint">{top.data.total} events have this field</span>}
                <button className="small" onClick={() => onToggleColumn(name)}>{columns.includes(name) ? 'Remove column' : 'Add as column'}</button>
              </div>
            )}
          </div>
        ))}
      </div>
    </div>
  );
}
