// The counters every component reports, exposed at /metrics in Prometheus text format.
// Components count per batch, never per event, so metrics cost nothing on the hot path.

import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  readonly registry: Registry;
  /** Records taken in, by component ("syslog-udp", "http", "bulk", "file"). */
  readonly received: Counter<'component'>;
  /** Events made durable by the event store. */
  readonly stored: Counter<'component'>;
  /** Records given up, by component and reason ("overload", "too_large", ...). */
  readonly dropped: Counter<'component' | 'reason'>;
  /** Records kept with the parse_failure tag, by the format that failed. */
  readonly parseFailures: Counter<'format'>;
  /** Errors by pipeline stage. */
  readonly errors: Counter<'stage'>;
  /** Records accepted but not yet durable. */
  readonly queueDepth: Gauge<'component'>;
  /** Detection-side counters (alerts raised, correlation evictions). */
  readonly alerts: Counter<'rule_level'>;
  /** Detection hits folded into an open alert instead of raising a new one. */
  readonly alertsGrouped: Counter<'rule_level'>;
  /** Detection hits silenced by an exception. */
  readonly alertsSuppressed: Counter<'rule_level'>;
  readonly correlationEvictions: Counter;
}

export function createMetrics(options: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'vigil_' });
  const registers = [registry];
  return {
    registry,
    received: new Counter({ name: 'events_received_total', help: 'Records received, by component.', labelNames: ['component'], registers }),
    stored: new Counter({ name: 'events_stored_total', help: 'Events made durable, by component.', labelNames: ['component'], registers }),
    dropped: new Counter({ name: 'events_dropped_total', help: 'Records dropped, by component and reason.', labelNames: ['component', 'reason'], registers }),
    parseFailures: new Counter({ name: 'events_parse_failures_total', help: 'Records kept unparsed with the parse_failure tag, by format.', labelNames: ['format'], registers }),
    errors: new Counter({ name: 'errors_total', help: 'Errors by pipeline stage.', labelNames: ['stage'], registers }),
    queueDepth: new Gauge({ name: 'pipeline_queue_depth', help: 'Records accepted and not yet durable.', labelNames: ['component'], registers }),
    alerts: new Counter({ name: 'alerts_raised_total', help: 'Alerts raised, by rule level.', labelNames: ['rule_level'], registers }),
    alertsGrouped: new Counter({ name: 'alerts_grouped_total', help: 'Detection hits added to an open alert, by rule level.', labelNames: ['rule_level'], registers }),
    alertsSuppressed: new Counter({ name: 'alerts_suppressed_total', help: 'Detection hits silenced by an exception, by rule level.', labelNames: ['rule_level'], registers }),
    correlationEvictions: new Counter({ name: 'correlation_state_evictions_total', help: 'Correlation groups evicted because the state cap was reached.', registers }),
  };
}
