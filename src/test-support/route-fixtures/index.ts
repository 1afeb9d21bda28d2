// The route fixture registry: every domain's rows in one explicit list. A domain adds its file
// here (rows, resource factories, versioned resources); the breach tests fail for any route of
// the app that no row covers, and for any row whose route no longer exists.
import { ALERT_LOCKS, ALERT_RESOURCES, ALERT_ROUTES } from './alerts.js';
import { CASE_LOCKS, CASE_RESOURCES, CASE_ROUTES } from './cases.js';
import { CORE_ROUTES, CORE_UNAUDITED, PUBLIC_ROUTES } from './core.js';
import { IDENTITY_LOCKS, IDENTITY_RESOURCES, IDENTITY_ROUTES } from './identity.js';
import { RULE_ROUTES, RULE_UNAUDITED } from './rules.js';
import { SEARCH_LOCKS, SEARCH_RESOURCES, SEARCH_ROUTES } from './search.js';
import type { LockedResource, ResourceFactory, RouteFixture } from './types.js';

export { PUBLIC_ROUTES };
export type { Headers, LockedResource, Resource, ResourceFactory, RouteFixture, RouteRequest, World } from './types.js';
export { testWorld } from './world.js';

export const ROUTE_FIXTURES: readonly RouteFixture[] = [
  ...CORE_ROUTES,
  ...IDENTITY_ROUTES,
  ...ALERT_ROUTES,
  ...CASE_ROUTES,
  ...SEARCH_ROUTES,
  ...RULE_ROUTES,
];

export const RESOURCES: Readonly<Record<string, ResourceFactory>> = {
  ...IDENTITY_RESOURCES,
  ...ALERT_RESOURCES,
  ...CASE_RESOURCES,
  ...SEARCH_RESOURCES,
};

export const LOCKED_RESOURCES: readonly LockedResource[] = [
  ...IDENTITY_LOCKS,
  ...ALERT_LOCKS,
  ...CASE_LOCKS,
  ...SEARCH_LOCKS,
];

/** Mutating routes that leave no audit entry, and why. */
export const UNAUDITED_ROUTES: Readonly<Record<string, string>> = {
  ...CORE_UNAUDITED,
  ...RULE_UNAUDITED,
};

/** PATCH and PUT routes that are not optimistic-locked, and why. */
export const UNLOCKED_WRITES: Record<string, string> = {
  ...Object.fromEntries(['/_bulk', '/:index/_bulk', '/_index_template/:name', '/_template/:name', '/_component_template/:name', '/_ilm/policy/:name', '/_ingest/pipeline/:name', '/_data_stream/:name']
    .map((path) => [`PUT ${path}`, 'Elasticsearch-compatible intake: nothing stored is changed'])),
};
