// A rule's YAML as written: the whole file it is in, so a correlation is shown with the rules it
// builds on and legacy multi-document files (action: global) keep the parts they share.
import { readFile } from 'node:fs/promises';
import type { CatalogRule } from './catalog.js';

export async function ruleYaml(rule: CatalogRule): Promise<string | null> {
  return readFile(rule.doc.source.file, 'utf8').catch(() => null);
}
