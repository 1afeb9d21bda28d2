// Field names and values as a monospace table, sorted by name; some rows can be highlighted
// (the fields a rule matched) and each can carry actions (filter in / out).
import type { ReactNode } from 'react';

export function displayValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

export function FieldTable({ fields, highlight, actions, label }: {
  fields: Record<string, unknown>;
  highlight?: ReadonlySet<string>;
  actions?: (field: string, value: unknown) => ReactNode;
  label: string;
}) {
  const names = Object.keys(fields).sort((a, b) => a.localeCompare(b));
  return (
    <table className="fields" aria-label={label}>
      <tbody>
        {names.map((name) => (
          <tr key={name} className={highlight?.has(name) ? 'matched' : undefined}>
            <td className="key">{name}</td>
            <td>{displayValue(fields[name])}</td>
            {actions && <td className="actions">{actions(name, fields[name])}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
