// The query input: Enter runs it; a syntax error from the API is underlined where it starts
// and explained under the bar; "?" opens the language help.
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client.js';
import { Modal } from '../../components/Overlay.js';
import { errorSpan } from '../../lib/query-error.js';

const HELP: [string, string][] = [
  ['user.name:alice', 'the field has this value (any case)'],
  ['user.name:"Alice Smith"', 'quotes keep spaces together'],
  ['process.name:power*', 'wildcards: * any run, ? one character'],
  ['user.name:*', 'the event has the field'],
  ['event.code:(4624 OR 4625)', 'any of the values'],
  ['destination.port>=1024', 'ranges: < <= > >='],
  ['source.ip:10.0.0.0/8', 'an address in a network (IPv4 or IPv6)'],
  ['"failed password"', 'free text in message and event.original'],
  ['a AND b, a OR b, NOT a', 'NOT binds tightest, then AND, then OR; (…) groups'],
  ['@timestamp>=2024-05-01', 'dates: ISO 8601 or epoch ms'],
];

export function QueryBar({ value, onSubmit, error }: { value: string; onSubmit: (query: string) => void; error: unknown }) {
  const [text, setText] = useState(value);
  const [help, setHelp] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => setText(value), [value]);

  const syntax = error instanceof ApiError && error.code === 'query_syntax' && text === value ? error : null;
  const position = syntax && typeof syntax.details?.position === 'number' ? syntax.details.position : null;
  const [start, end] = position === null ? [0, 0] : errorSpan(text, position);

  return (
    <div className="querybar">
      <form onSubmit={(e) => { e.preventDefault(); onSubmit(text.trim()); }} style={{ display: 'flex', gap: '0.5rem' }}>
        <div className={`querybar-input${syntax ? ' invalid' : ''}`} style={{ flex: 1 }}>
          <span className="querybar-prompt" aria-hidden>›</span>
          <div className="querybar-field">
            {position !== null && (
              <div className="querybar-mirror" aria-hidden data-testid="query-error-mark">
                {text.slice(0, start)}<mark>{text.slice(start, end)}</mark>
              </div>
            )}
            <input ref={input} aria-label="Query" aria-invalid={syntax ? true : undefined} spellCheck={false} autoComplete="off"
              placeholder='process.name:powershell.exe AND NOT user.name:svc_*' value={text} onChange={(e) => setText(e.target.value)}
              onScroll={(e) => {
                const mirror = (e.target as HTMLElement).previousElementSibling as HTMLElement | null;
                if (mirror) mirror.scrollLeft = (e.target as HTMLElement).scrollLeft;
              }} />
          </div>
        </div>
        <button type="submit" className="primary">Search</button>
        <button type="button" className="ghost" onClick={() => setHelp(true)} title="Query syntax">?</button>
      </form>
      {syntax && <div className="querybar-error" role="alert">{syntax.message}</div>}
      {help && (
        <Modal title="Query syntax" onClose={() => setHelp(false)} wide>
          <div className="help-grid">
            {HELP.map(([example, meaning]) => (
              <div key={example} style={{ display: 'contents' }}>
                <code>{example}</code><span>{meaning}</span>
              </div>
            ))}
          </div>
          <p className="muted">Fields are ECS names (case-sensitive); values compare without regard to case. The full reference is docs/query-language.md.</p>
        </Modal>
      )}
    </div>
  );
}
