// Presets (15m … 30d) or a custom from/to; the choice goes to the URL through onChange.
import { useState } from 'react';
import { PRESETS, absoluteRange, timeOf, toLocalInput, type RangeSearch } from '../lib/time.js';

export function TimeRangePicker({ value, onChange, fallback = '24h', allowAll = false }: {
  value: RangeSearch;
  onChange: (next: { range?: string; from?: string; to?: string }) => void;
  fallback?: (typeof PRESETS)[number];
  /** Offer "All" (no time limit), which is then what an empty URL means. */
  allowAll?: boolean;
}) {
  const custom = timeOf(value.from) !== null;
  const [editing, setEditing] = useState(false);
  const initial = absoluteRange(value, Date.now(), fallback);
  const [from, setFrom] = useState(toLocalInput(initial.from));
  const [to, setTo] = useState(toLocalInput(initial.to));
  const active = custom ? 'custom' : (value.range ?? (allowAll ? 'all' : fallback));

  return (
    <div className="toolbar relative">
      <div className="segmented" role="group" aria-label="Time range">
        {allowAll && (
          <button className={active === 'all' ? 'pressed' : ''} aria-pressed={active === 'all'}
            onClick={() => { setEditing(false); onChange({ range: undefined, from: undefined, to: undefined }); }}>All</button>
        )}
        {PRESETS.map((preset) => (
          <button key={preset} className={active === preset ? 'pressed' : ''} aria-pressed={active === preset}
            onClick={() => { setEditing(false); onChange({ range: preset, from: undefined, to: undefined }); }}>{preset}</button>
        ))}
        <button className={active === 'custom' ? 'pressed' : ''} aria-pressed={active === 'custom'} onClick={() => setEditing((e) => !e)}>Custom</button>
      </div>
      {editing && (
        <div className="menu" style={{ top: '2.2rem', right: 0, padding: '0.7rem' }}>
          <form className="form" onSubmit={(e) => {
            e.preventDefault();
            const start = new Date(from).getTime();
            const end = new Date(to).getTime();
            if (Number.isNaN(start) || Number.isNaN(end) || start >= end) return;
            setEditing(false);
            onChange({ range: undefined, from: String(start), to: String(end) });
          }}>
            <label className="field">From<input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} required /></label>
            <label className="field">To<input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} required /></label>
            <div className="toolbar"><span className="spacer" /><button type="button" onClick={() => setEditing(false)}>Cancel</button><button className="primary" type="submit">Apply</button></div>
          </form>
        </div>
      )}
    </div>
  );
}
