// Alerts: raising (with grouping and exceptions), triage, exceptions, SOC metrics, TheHive intake.
export * from './types.js';
export { toAlert, attackTechniques, type AlertRow } from './rows.js';
export { entitiesOf, groupKey, ENTITY_ECS_FIELD, type KeyEntities } from './entities.js';
export { DEFAULT_PAGE, MAX_PAGE } from './cursor.js';
export { raiseAlerts, DEFAULT_GROUP_WINDOW_MS, MAX_EVENT_IDS, MAX_SAMPLES, type RaiseOptions, type RaiseResult, type RaiseOutcome } from './raise.js';
export { createAlertService, type AlertService } from './service.js';
export { getAlert, getAlertView, listAlerts, ALERT_SORTS, type AlertListQuery, type AlertSort } from './query.js';
export { updateAlert, bulkUpdate, addComment, applyChange, MAX_BULK, type AlertChange, type BulkResult } from './triage.js';
export {
  createException, createExceptionFromAlert, listExceptions, getException, deleteException,
  DEFAULT_EXCEPTION_TTL_MS, MAX_EXCEPTION_TTL_MS, type AlertException, type ExceptionCondition, type NewException,
} from './exceptions.js';
export {
  computeSocMetrics, ALERT_DURATION_METRICS, stats, isoWeek,
  type DurationMetric, type DurationSample, type MetricRange, type SocMetrics, type Stats,
} from './soc-metrics.js';
export { TheHiveAlertSchema, intakeTheHiveAlert, theHiveResponse, type TheHiveAlertInput, type TheHiveIntakeResult } from './thehive.js';
