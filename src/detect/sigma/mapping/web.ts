// Web server access logs (category webserver, and the apache/nginx services): the access-log
// parser's ECS fields under the W3C names Sigma web rules use. cs-uri-query reads the whole
// request target, because Apache and nginx logs do not split path from query and the rules look
// for path content (../, cgi-bin) in it too.

import { ECS } from '../../../event/fields.js';
import { PROXY_FIELDS } from './network.js';
import type { LogsourceMapping } from './types.js';

export const WEB_MAPPINGS: readonly LogsourceMapping[] = [
  {
    id: 'webserver',
    description: 'Web server access logs (event.dataset web.access, apache.access, nginx.access)',
    logsources: [{ category: 'webserver' }, { service: 'apache' }, { service: 'nginx' }, { product: 'apache' }, { product: 'nginx' }],
    conditions: [{ field: ECS.event.dataset, equals: ['web.access', 'apache.access', 'nginx.access'] }],
    fields: {
      fields: { ...PROXY_FIELDS.fields, 'cs-uri-query': ECS.url.original, 'cs-host': ECS.url.domain },
      prefixes: [],
    },
  },
];
