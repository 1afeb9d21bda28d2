// Try a rule before enabling it: Sigma YAML and pasted events (JSON objects or raw log lines);
// the answer lists which events match, which fields made them match, and any rule errors.
import { useEffect, useState } from 'react';
import { Link } from '@tanstack/react-router';
import { ErrorBox } from '../../components/Feedback.js';
import { FieldTable } from '../../components/FieldTable.js';
import { useUrlSearch } from '../../lib/use-url-search.js';
import { parseEvents } from './pasted-events.js';
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

const EXAMPLE_EVENTS = `{"winlog.channel": "Microsoft-Windows-Sysmon/Operational", "winlog.event_id": 1, "winlog.event_data.Image": "C:\\\\Windows\\\\System32\\\\WindowsPowerShell\\\\v1.0\\\\powershell.exe", "winlog.event_data.CommandLine": "powershell.exe -nop -enc SQBFAFgA"}
{"winlog.channel": "Microsoft-Windows-Sysmon/Operational", "winlog.event_id": 1, "winlog.event_data.Image": "C:\\\\Windows\\\\System32\\\\cmd.exe", "winlog.event_data.CommandLine": "cmd.exe /c dir"}`;

export function RuleTest() {
  const [search] = useUrlSearch<{ rule?: string }>();
  const existing = useRule(search.rule ?? '');
  const [yaml, setYaml] = useState(EXAMPLE_RULE);
  const [eventsText, setEventsText] = useState(EXAMPLE_EVENTS);
  const test = useTestRule();
  useEffect(() => { if (search.rule && existing.data) setYaml(existing.data.yaml); }, [search.rule, existing.data]);
  const events = parseEvents(eventsText);

  return (
    <div className="page">
      <div className="page-header">
        <h1>Test a rule</h1>
        <Link to="/rules" className="button">Rules</Link>
        <button className="primary" disabled={events.length === 0 || test.isPending} onClick={() => test.mutate({ yaml, events })}>Run test</button>
      </div>
      <div className="grid grid-2">
        <label className="field">Sigma rule (YAML)
          <textarea className="mono" rows={20} spellCheck={false} value={yaml} onChange={(e) => setYaml(e.target.value)} />
        </label>
        <label className="field">Events: one per line, JSON objects or raw log lines (or a JSON array) · {events.length} read
          <textarea className="mono" rows={20} spellCheck={false} value={eventsText} onChange={(e) => setEventsText(e.target.value)} />
        </label>
      </div>
      {test.error && <ErrorBox error={test.error} title="The rule could not be tested" />}
      {test.data && (
        <div className="panel" data-testid="rule-test-result">
          <div className="panel-header"><h2>{new Set(test.data.matches.map((m) => m.index)).size} of {test.data.events} events match</h2></div>
          <div className="panel-body grid" style={{ gap: '0.8rem' }}>
            {test.data.errors.map((e, i) => <div key={i} className="error-box">{e.line ? `line ${e.line}: ` : ''}{e.message}</div>)}
            {test.data.unmapped.length > 0 && <div className="error-box">No field mapping covers the logsource of: {test.data.unmapped.join(', ')}</div>}
            {test.data.correlations.map((c, i) => (
              <div key={i} className="panel panel-body"><strong>{c.rule_title}</strong> (correlation) fired for events {c.events.map((n) => n + 1).join(', ')}</div>
            ))}
            {test.data.matches.map((m, i) => {
              const event = events[m.index];
              return (
                <div key={i}>
                  <h3 style={{ marginBottom: '0.3rem' }}>Event {m.index + 1} · {m.rule_title}{m.level ? ` (${m.level})` : ''}{m.alert ? '' : ' · no alert (filtered)'}</h3>
                  {typeof event === 'string' ? <pre className="code">{event}</pre> : null}
                  <FieldTable label={`Event ${m.index + 1}`} fields={typeof event === 'object' ? { ...event, ...m.matched_fields } : m.matched_fields} highlight={new Set(Object.keys(m.matched_fields))} />
                </div>
              );
            })}
          </div>
        </div>
      )}
    </div>
  );
}
