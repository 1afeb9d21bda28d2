// Route fixtures of the core: health and metrics, event search, ingest and the
// Elasticsearch-compatible API, the API description and the console's static files.
import type { RouteFixture } from './types.js';

const ES_SETUP = ['/_index_template/:name', '/_template/:name', '/_component_template/:name', '/_ilm/policy/:name', '/_ingest/pipeline/:name', '/_data_stream/:name'];
const SETUP_NAME = { unscoped: 'the name of an Elasticsearch set-up object: Vigil stores nothing under it' };

export const CORE_ROUTES: RouteFixture[] = [
  { route: 'GET /health' },
  { route: 'GET /metrics' },
  { route: 'GET /api/events/search' },
  { route: 'GET /api/events/histogram' },
  { route: 'GET /api/events/top', list: { request: () => ({ url: '/api/events/top?field=message' }) } },
  { route: 'POST /api/ingest' },
  { route: 'GET /' },
  { route: 'GET /_license' },
  { route: 'GET /_xpack' },
  { route: 'GET /_nodes' },
  { route: 'GET /_cluster/health' },
  ...ES_SETUP.flatMap((path): RouteFixture[] => ['GET', 'PUT', 'POST'].map((method) => ({ route: `${method} ${path}`, isolation: SETUP_NAME }))),
  { route: 'POST /_bulk' },
  { route: 'PUT /_bulk' },
  { route: 'POST /:index/_bulk', isolation: { unscoped: 'an Elasticsearch index name, kept only as the reply\'s _index: events go to the sender\'s tenant' } },
  { route: 'PUT /:index/_bulk', isolation: { unscoped: 'an Elasticsearch index name, kept only as the reply\'s _index: events go to the sender\'s tenant' } },
  { route: 'GET /api/docs' },
  { route: 'GET /api/docs/json' },
  { route: 'GET /api/docs/yaml' },
  { route: 'GET /api/docs/static/index.html', list: { skip: 'a redirect to /api/docs' } },
  { route: 'GET /api/docs/static/swagger-initializer.js' },
  { route: 'GET /api/docs/static/*', isolation: { unscoped: 'files of the API description viewer' }, list: { skip: 'a wildcard route' } },
  { route: 'GET /assets/*', isolation: { unscoped: 'files of the console build' }, list: { skip: 'a wildcard route' } },
  { route: 'GET / html=yes', list: { skip: 'the console page: the same file for everyone, built or not' } },
  { route: 'GET /* html=yes', isolation: { unscoped: 'a console URL: the same page for everyone' }, list: { skip: 'a wildcard route' } },
];

/** Routes reachable without credentials, and why. Anything else public fails the permission test. */
export const PUBLIC_ROUTES: Record<string, string> = {
  'GET /health': 'load balancers and probes',
  'POST /api/session/login': 'signing in',
  'GET /api/session': 'tells the console whether it is signed in',
  'POST /api/session/logout': 'ends the session of the cookie it comes with (CSRF token checked in the route)',
  'GET /api/session/oidc/login': 'starts single sign-on',
  'GET /api/session/oidc/callback': 'the identity provider sends the browser back here',
  'GET /assets/*': 'the console\'s static files, which hold no data',
  'GET / html=yes': 'the console page',
  'GET /* html=yes': 'the console page under its own URLs',
};

/** Mutating routes that leave no audit entry, and why: event intake is not a change of state. */
export const CORE_UNAUDITED: Record<string, string> = {
  'POST /api/ingest': 'event intake',
  'POST /_bulk': 'event intake (Elasticsearch bulk)',
  'PUT /_bulk': 'event intake (Elasticsearch bulk)',
  'POST /:index/_bulk': 'event intake (Elasticsearch bulk)',
  'PUT /:index/_bulk': 'event intake (Elasticsearch bulk)',
  ...Object.fromEntries(ES_SETUP.flatMap((path) => ['PUT', 'POST'].map((method) => [`${method} ${path}`, 'an Elasticsearch set-up call, acknowledged and ignored']))),
};
