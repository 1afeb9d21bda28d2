// Where rule files live: the built-in set shipped with Vigil, the SigmaHQ release fetched by
// `vigil rules update`, and sets imported with `vigil rules import`; plus the "rules changed"
// marker a running server watches to pick up what the CLI changed.
import { cp, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { VigilError } from '../../errors.js';

/** Vigil's own rules, in the repository (and the package). */
export const BUILTIN_RULES_DIR = fileURLToPath(new URL('../../../rules/builtin/', import.meta.url));

/** SigmaHQ's packaged release of all its rules. */
export const SIGMAHQ_RELEASE_URL = 'https://github.com/SigmaHQ/sigma/releases/latest/download/sigma_all_rules.zip';

/** How long a download may take before it is given up. */
const DOWNLOAD_TIMEOUT_MS = 300_000;

export interface RuleLibrary {
  builtin: string;
  sigmahq: string;
  imported: string;
  /** Touched whenever rules or their settings change outside the server. */
  marker: string;
}

/** A folder of rules and the name of its set as rules report it: builtin, sigmahq, imported/<name>. */
export interface RuleSetDir {
  name: string;
  dir: string;
}

export function ruleLibrary(dataDir: string): RuleLibrary {
  const root = join(resolve(dataDir), 'rules');
  return { builtin: BUILTIN_RULES_DIR, sigmahq: join(root, 'sigmahq'), imported: join(root, 'imported'), marker: join(root, '.changed') };
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isDirectory(), () => false);
}

/** Every rule set that exists, built-in first, then SigmaHQ, then imported sets by name. */
export async function ruleSets(library: RuleLibrary): Promise<RuleSetDir[]> {
  const sets: RuleSetDir[] = [{ name: 'builtin', dir: library.builtin }, { name: 'sigmahq', dir: library.sigmahq }];
  const imported = (await readdir(library.imported, { withFileTypes: true }).catch(() => [])).filter((e) => e.isDirectory() && !e.name.endsWith('.new'));
  for (const entry of imported.map((e) => e.name).sort()) sets.push({ name: `imported/${entry}`, dir: join(library.imported, entry) });
  const present: RuleSetDir[] = [];
  for (const set of sets) if (await isDirectory(set.dir)) present.push(set);
  return present;
}

/** Tells a running server that rule files or settings changed (it reloads on its next check). */
export async function markRulesChanged(library: RuleLibrary): Promise<void> {
  await mkdir(dirname(library.marker), { recursive: true });
  await writeFile(library.marker, `${Date.now()}\n`);
}

/** When the marker was last touched (epoch ms), 0 when never. */
export async function rulesChangedAt(library: RuleLibrary): Promise<number> {
  return stat(library.marker).then((s) => s.mtimeMs, () => 0);
}

const RULE_FILE = /\.ya?ml$/i;

/** Writes the YAML files of a zip into a folder; refuses entries that would land outside it. */
async function extractRules(zip: Uint8Array, target: string): Promise<number> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip, { filter: (file) => RULE_FILE.test(file.name) });
  } catch (error) {
    throw new VigilError('bad_request', `not a readable zip archive: ${(error as Error).message}`);
  }
  let count = 0;
  for (const [name, data] of Object.entries(entries)) {
    const path = normalize(join(target, name));
    if (!path.startsWith(target + sep)) throw new VigilError('bad_request', `zip entry ${name} points outside the rule folder`);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, data);
    count++;
  }
  return count;
}

/** Moves a filled staging folder into place; the previous content is removed only once it is. */
async function swapIn(staging: string, target: string): Promise<void> {
  await rm(`${target}.old`, { recursive: true, force: true });
  await rename(target, `${target}.old`).catch(() => undefined);
  await rename(staging, target);
  await rm(`${target}.old`, { recursive: true, force: true });
}

/** Replaces `target` with the rules of the zip, atomically: a failed update keeps the old rules. */
async function replaceWithZip(zip: Uint8Array, target: string): Promise<number> {
  const staging = `${target}.new`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    const count = await extractRules(zip, staging);
    if (count === 0) throw new VigilError('bad_request', 'the archive holds no rule files (.yml)');
    await swapIn(staging, target);
    return count;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Downloads SigmaHQ's rule release and installs it in place of the previous one. */
export async function updateSigmaRules(library: RuleLibrary, url = SIGMAHQ_RELEASE_URL): Promise<{ files: number; url: string }> {
  let zip: Uint8Array;
  try {
    const response = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
    if (!response.ok) throw new VigilError('bad_request', `downloading ${url} answered HTTP ${response.status}; the installed rules are unchanged`);
    zip = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    if (error instanceof VigilError) throw error;
    throw new VigilError('bad_request', `cannot download ${url}: ${(error as Error).message}; the installed rules are unchanged`, { cause: error });
  }
  await mkdir(dirname(library.sigmahq), { recursive: true });
  try {
    return { files: await replaceWithZip(zip, library.sigmahq), url };
  } catch (error) {
    if (error instanceof VigilError) throw new VigilError(error.code, `${url}: ${error.message}; the installed rules are unchanged`, { cause: error });
    throw error;
  }
}

/** Imports a folder or a zip of rules as its own set (named after it), replacing a set of that name. */
export async function importRules(library: RuleLibrary, source: string, name?: string): Promise<{ files: number; name: string }> {
  const info = await stat(source).catch(() => undefined);
  if (!info) throw new VigilError('bad_request', `${source}: no such file or folder`);
  const setName = (name ?? basename(resolve(source)).replace(/\.zip$/i, '')).replace(/[^A-Za-z0-9._-]/g, '_');
  if (setName === '' || setName.startsWith('.')) throw new VigilError('bad_request', `"${setName}" cannot name a rule set: use --name`);
  const target = join(library.imported, setName);
  await mkdir(library.imported, { recursive: true });
  if (!info.isDirectory()) return { files: await replaceWithZip(new Uint8Array(await readFile(source)), target), name: setName };
  const staging = `${target}.new`;
  await rm(staging, { recursive: true, force: true });
  try {
    await cp(source, staging, { recursive: true, filter: (path) => !path.includes(`${sep}.git`) });
    const files = await countRuleFiles(staging);
    if (files === 0) throw new VigilError('bad_request', `${source} holds no rule files (.yml)`);
    await swapIn(staging, target);
    return { files, name: setName };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function countRuleFiles(dir: string): Promise<number> {
  let count = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && RULE_FILE.test(entry.name)) count++;
  }
  return count;
}
