// Detection hits as alert candidates: a Sigma match carries its event and matched fields; a
// correlation carries the event that completed it (or, when that event is no longer at hand,
// its group-by values) and what was correlated.
import type { AlertCandidate, Severity } from '../alerts/index.js';
import { isSeverity } from '../alerts/index.js';
import type { Fields, VigilEvent } from '../event/event.js';
import type { CorrelationMatch } from './correlate/index.js';
import type { RuleInfo, RuleMatch } from './sigma/index.js';

/** Correlated event ids kept with a correlation alert. */
const MAX_CORRELATED_IDS = 100;

function level(value: string | undefined): Severity | undefined {
  return isSeverity(value) ? value : undefined;
}

/** The rule as an alert shows it (the author too: the SigmaHQ licence requires it). */
function ruleOf(r: RuleInfo | CorrelationMatch['rule'], source: 'sigma' | 'correlation'): AlertCandidate['rule'] {
  return {
    id: r.key,
    title: r.title,
    level: level(r.level) ?? 'medium',
    ...(r.author !== undefined ? { author: r.author } : {}),
    ...(r.description !== undefined ? { description: r.description } : {}),
    references: [...r.references],
    tags: [...r.tags],
    ...(r.status !== undefined ? { status: r.status } : {}),
    falsepositives: [...r.falsepositives],
    source,
  };
}

export function matchCandidate(match: RuleMatch): AlertCandidate {
  const r = match.rule;
  const event = match.event;
  return {
    tenant: event.tenant,
    rule: ruleOf(r, 'sigma'),
    event: { id: event.id, timestamp: event.timestamp, fields: event.fields },
    matchedFields: match.matched,
  };
}

/** `last` is the event that completed the correlation, when the caller still has it. */
export function correlationCandidate(tenant: string, match: CorrelationMatch, last: VigilEvent | undefined): AlertCandidate {
  const r = match.rule;
  const fields: Fields = last ? last.fields : { ...match.group };
  return {
    tenant,
    rule: ruleOf(r, 'correlation'),
    event: { id: last?.id ?? match.events[match.events.length - 1] ?? '', timestamp: last?.timestamp ?? match.end, fields },
    matchedFields: { ...match.group },
    details: {
      correlation: {
        type: r.type,
        value: match.value,
        group: match.group,
        start: match.start,
        end: match.end,
        rules: match.rules,
        event_count: match.events.length,
        event_ids: match.events.slice(-MAX_CORRELATED_IDS),
      },
    },
  };
}
