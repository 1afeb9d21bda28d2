// Try a rule before enabling it: a rule's YAML and events pasted as JSON (an array, or one
// object per line); the answer lists which events match and which fields made them match.
import { useEffect, useState } from 'react';
import { Link } from '@tanstack/react-router';
import { ErrorBox } from '../../components/Feedback.js';
import { FieldTable } from '../../components/FieldTable.js';
import { useUrlSearch } from '../../lib/use-url-search.js';
import { useRule, useTestRule } from './useRules.js';

const EXAMPLE_RULE = `title: Encoded PowerShell command line
id: 00000000-0000-4000-8000-000000000001
status: experimental
logsource:
  product: windows
  category: process_creation
detection:
  selection:
    Image|endswith: '\\powershell.exe'
    CommandLine|contains: ' -enc'
  condition: selection
level: high
tags:
  - attack.execution
  - attack.t1059.001`;

const EXAMPLE_EVENTS = `{"winlog.event_id": 1, "winlog.event_data.Image": "C:\\\\Windows\\\\System32\\\\WindowsPowerShell\\\\v1.0\\\\powershell.exe", "winlog.event_data.CommandLine": "powershell.exe -nop -enc SQBFAFgA"}
{"winlog.event_id": 1, "winlog.event_data.Image": "C:\\\\Windows\\\\System32\\\\cmd.exe", "winlog.event_data.CommandLine": "cmd.exe /c dir"}`;

/** Events from JSON text: an array, one object, or one object per line. */
export function parseEvents(text: string): { events: Record<string, unknown>[] } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { events: [] };
  try {
    const parsed = JSON.parse(trimmed) as unknown;
    if (Array.isArray(parsed)) return { events: parsed as Record<string, unknown>[] };
    if (parsed && typeof parsed === 'object') return { events: [parsed as Record<string, unknown>] };
  } catch {
    // Not one JSON document: try one per line below.
  }
  const events: Record<string, unknown>[] = [];
  const lines = trimmed.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    try {
      const parsed = JSON.parse(line) as unknown;
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { error: `line ${i + 1}: not a JSON object` };
      events.push(parsed as Record<string, unknown>);
    } catch (error) {
      return { error: `line ${i + 1}: ${(error as Error).message}` };
    }
  }
  return { events };
}

export function RuleTest() {
  const [search] = useUrlSearch<{ rule?: string }>();
  const existing = useRule(search.rule ?? '');
  const [yaml, setYaml] = useState(EXAMPLE_RULE);
  const [eventsText, setEventsText] = useState(EXAMPLE_EVENTS);
  const test = useTestRule();
  useEffect(() => { if (search.rule && existing.data) setYaml(existing.data.yaml); }, [search.rule, existing.data]);
  const parsed = parseEvents(eventsText);
  const events = 'events' in parsed ? parsed.events : [];

  return (
    <div className="page">
      <div className="page-header">
        <h1>Test a rule</h1>
        <Link to="/rules" className="button">Rules</Link>
        <button className="primary" disabled={!('events' in parsed) || test.isPending} onClick={() => test.mutate({ yaml, events })}>Run test</button>
      </div>
      <div className="grid grid-2">
        <label className="field">Sigma rule (YAML)
          <textarea className="mono" rows={20} spellCheck={false} value={yaml} onChange={(e) => setYaml(e.target.value)} />
        </label>
        <label className="field">Events (JSON array, or one object per line)
          <textarea className="mono" rows={20} spellCheck={false} value={eventsText} onChange={(e) => setEventsText(e.target.value)} />
          {'error' in parsed && <span className="error-box">{parsed.error}</span>}
        </label>
      </div>
      {test.error && <ErrorBox error={test.error} title="The rule could not be tested" />}
      {test.data && (
        <div className="panel">
          <div className="panel-header"><h2>{test.data.matches.length} of {events.length} events match</h2></div>
          <div className="panel-body grid" style={{ gap: '0.8rem' }}>
            {test.data.errors?.map((e, i) => <div key={i} className="error-box">{e.line ? `line ${e.line}: ` : ''}{e.message}</div>)}
            {test.data.matches.map((m) => (
              <div key={m.index}>
                <h3>Event {m.index + 1}</h3>
                <FieldTable label={`Event ${m.index + 1}`} fields={events[m.index] ?? {}} highlight={new Set(Object.keys(m.matched_fields ?? {}))} />
              </div>
            ))}
          </div>
        </div>
      )}
    </div>
  );
}
