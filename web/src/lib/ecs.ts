// The ECS field names the server uses (src/event/fields.ts), so the console names fields the
// same way and a renamed field is a compile error here too.
export { ECS } from '../../../src/event/fields.js';

/**
 * Enrichment groups on the alert page, by field-name pattern: enrichers add whole families of
 * fields (source.geo.*, threat.indicator.*), so these are patterns, not single names.
 */
export const ENRICHMENT_GROUPS: { title: string; pattern: RegExp }[] = [
  { title: 'GeoIP', pattern: /(^|\.)geo\./ },
  { title: 'Threat intel', pattern: /^threat\.|(^|\.)intel\./ },
  { title: 'Asset and owner', pattern: /(^|\.)asset\.|(^|\.)owner(\.|$)|^host\.(owner|criticality|business_unit)|^user\.(department|manager|title)/ },
];
