// Public API of Sigma correlation: feed rule matches from the Sigma engine in event-time order,
// get correlation matches; snapshot() / restore() carry the state across restarts.

export { createCorrelator, type Correlator } from './correlator.js';
export type { CorrelationInfo, CorrelationMatch, CorrelatorOptions, CorrelatorSnapshot, CorrelatorStats } from './types.js';
