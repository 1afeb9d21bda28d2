// Severity and status as coloured labels, the same everywhere alerts appear.
import { label } from './types.js';

export function SeverityBadge({ severity }: { severity: string }) {
  return <span className={`sev sev-${severity}`}>{severity === 'informational' ? 'info' : severity}</span>;
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge status status-${status}`}>{label(status)}</span>;
}

export function Techniques({ ids, max = 3 }: { ids: string[]; max?: number }) {
  if (ids.length === 0) return null;
  return (
    <>
      {ids.slice(0, max).map((id) => <span key={id} className="tag technique" title={`MITRE ATT&CK ${id}`}>{id}</span>)}
      {ids.length > max && <span className="tag">+{ids.length - max}</span>}
    </>
  );
}
