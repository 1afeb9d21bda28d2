// The file source: tails the files its globs match, follows them across rotation, and
// keeps its read positions in a state file written only after the intake took the lines.
//
// Files are known by device and inode, not by name. Rotation by rename leaves the old
// inode under a new name (or none): it is read to its end, then closed once it has not
// grown for `rotate_wait_ms`, while the new file under the old name is read from its start.
// Copytruncate shows as a file shorter than the position, or one whose first bytes
// changed: it is read again from its start. Lines written between logrotate's copy and its
// truncate are lost, as with every tailer; that is copytruncate's own gap.
//
// Delivery is exactly once across clean restarts. A crash after the intake acknowledged a
// batch and before the state file was renamed into place (one small write) sends that
// batch again: at-least-once in that window only.
//
// Change notifications (fs.watch on the directories of the globs) make new lines show up
// at once; polling every `poll_interval_ms` covers what notifications miss (network file
// systems, globs across directories, watcher limits). One scan runs at a time.

import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { OverloadedError } from '../../errors.js';
import type { RawRecord, Source, SourceContext } from '../../pipeline/stages.js';
import type { FileConfig } from './config.js';
import { expandGlobs, globBase, isCompressed } from './glob.js';
import { loadState, saveState } from './state.js';
import type { FilePosition } from './state.js';
import { endPosition, openTailer, READ_BUFFER_BYTES, sameHead, startPosition } from './tailer.js';
import type { Tailer } from './tailer.js';

/** A change notification starts a scan after this pause, so a burst of writes makes one scan. */
const NOTIFY_DELAY_MS = 10;

interface Tracked {
  tailer: Tailer;
  /** No glob matches it any more: renamed away or deleted. */
  rotated: boolean;
  /** Last time it grew or was read from, for closing rotated files. */
  lastActive: number;
}

/** Stops a scan that waits for the intake when the source is being stopped. */
class Stopping extends Error {}

export function createFileSource(config: FileConfig, ctx: SourceContext): Source {
  const { intake, logger, metrics } = ctx;
  const name = config.name;
  const statePath = resolve(config.state_dir, `file-${name}.json`);
  const tracked = new Map<string, Tracked>();
  const buffer = Buffer.alloc(READ_BUFFER_BYTES);
  const watchers: FSWatcher[] = [];
  let saved: Record<string, FilePosition> = {};
  let firstRun = false;
  let firstScan = true;
  let stopping = false;
  let stopSignal: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    stopSignal = resolve;
  });
  let pollTimer: NodeJS.Timeout | undefined;
  let notifyTimer: NodeJS.Timeout | undefined;
  let scanning: Promise<void> | undefined;
  let again = false;

  function schedule(): void {
    if (stopping) return;
    if (scanning) {
      again = true;
      return;
    }
    scanning = (async () => {
      do {
        again = false;
        await scan().catch((error: unknown) => {
          if (error instanceof Stopping) return;
          metrics.errors.inc({ stage: 'file' });
          logger.error({ err: error, source: name }, 'file scan failed; retrying at the next poll');
        });
      } while (again && !stopping);
      scanning = undefined;
    })();
  }

  async function scan(): Promise<void> {
    await discover();
    for (const [key, entry] of tracked) {
      if (stopping) break;
      await readFile(entry);
      if (entry.rotated && Date.now() - entry.lastActive >= config.rotate_wait_ms) {
        // Nobody writes to it any more: its last line is complete even without a newline.
        await readFile(entry, true);
        await entry.tailer.close();
        tracked.delete(key);
      }
    }
    await persist();
  }

  /** Opens files newly matched, notes those no longer matched, fixes start positions. */
  async function discover(): Promise<void> {
    const seen = new Set<string>();
    for (const path of await expandGlobs(config.paths)) {
      const stats = await stat(path).catch(() => null);
      if (!stats?.isFile()) continue;
      const key = `${stats.dev}:${stats.ino}`;
      seen.add(key);
      const known = tracked.get(key);
      if (known) {
        if (known.tailer.position.path !== path) known.tailer.setPath(path);
        known.rotated = false;
        continue;
      }
      await track(path, false).catch((error: unknown) => logger.warn({ err: error, source: name, path }, 'cannot open file'));
    }
    if (firstScan) await findRenamedWhileStopped(seen);
    const now = Date.now();
    for (const [key, entry] of tracked) {
      if (!seen.has(key) && !entry.rotated) {
        entry.rotated = true;
        entry.lastActive = now;
        logger.debug({ source: name, path: entry.tailer.position.path }, 'file rotated or removed; reading it to its end');
      }
    }
  }

  /** Starts following a file, from its saved position when the state knows it. */
  async function track(path: string, rotated: boolean, expectKey?: string): Promise<void> {
    const tailer = await openTailer(path, async (key, handle) => {
      const known = saved[key];
      if (known && (await sameHead(handle, known))) return { ...known, path };
      if (firstScan && firstRun && config.start_at === 'end') return endPosition(path, handle);
      return startPosition(path);
    });
    if (expectKey && tailer.key !== expectKey) {
      await tailer.close();
      return;
    }
    if (tracked.has(tailer.key)) {
      await tailer.close();
      return;
    }
    tracked.set(tailer.key, { tailer, rotated, lastActive: Date.now() });
  }

  /**
   * A file renamed by rotation while the source was stopped is no longer matched, but may
   * still hold lines not read: look for its inode in the directory it was in.
   */
  async function findRenamedWhileStopped(seen: Set<string>): Promise<void> {
    const missing = Object.entries(saved).filter(([key]) => !seen.has(key) && !tracked.has(key));
    for (const [key, position] of missing) {
      const dir = dirname(position.path);
      const names = await readdir(dir).catch(() => [] as string[]);
      for (const entry of names) {
        const path = join(dir, entry);
        if (isCompressed(path)) continue;
        const stats = await stat(path).catch(() => null);
        if (stats?.isFile() && `${stats.dev}:${stats.ino}` === key) {
          await track(path, true, key).catch(() => {});
          break;
        }
      }
    }
  }

  async function readFile(entry: Tracked, final = false): Promise<void> {
    const { tailer } = entry;
    if (await tailer.replaced()) {
      logger.info({ source: name, path: tailer.position.path }, 'file truncated or rewritten; reading it from the start');
      tailer.restart();
    }
    for (;;) {
      if (stopping) return;
      const { lines, next, atEnd } = await tailer.read(buffer, config.batch_size, final);
      if (lines.length > 0) {
        const received = Date.now();
        const file = tailer.position.path;
        const records = lines.map(({ text, line }) => {
          const record: RawRecord = { text, received, origin: line === null ? { source: name, file } : { source: name, file, line }, tenant: config.tenant };
          if (config.format) record.format = config.format;
          return record;
        });
        await submit(records);
        entry.lastActive = received;
      }
      if (next.offset !== tailer.position.offset) {
        tailer.commit(next);
        await persist();
      }
      if (atEnd) return;
    }
  }

  async function submit(records: RawRecord[]): Promise<void> {
    metrics.received.inc({ component: name }, records.length);
    for (;;) {
      if (intake.overloaded) await waitForRoom();
      try {
        await intake.submit(records);
        return;
      } catch (error) {
        if (!(error instanceof OverloadedError)) {
          metrics.errors.inc({ stage: 'intake' });
          // Not committed: the same lines are offered again at the next scan.
          throw error;
        }
        await waitForRoom();
      }
    }
  }

  async function waitForRoom(): Promise<void> {
    await Promise.race([intake.whenReady(), stopped]);
    // The position stays where it was, so these lines are read again after a restart.
    if (stopping) throw new Stopping();
  }

  let lastSaved = '';
  async function persist(): Promise<void> {
    const files: Record<string, FilePosition> = {};
    for (const [key, { tailer }] of tracked) files[key] = tailer.position;
    const text = JSON.stringify(files);
    if (text === lastSaved) return;
    await saveState(statePath, { version: 1, files });
    lastSaved = text;
    saved = files;
  }

  function startWatching(): void {
    const dirs = new Set(config.paths.map(globBase));
    for (const dir of dirs) {
      try {
        const watcher = watch(dir, { persistent: false }, () => {
          if (!notifyTimer) {
            notifyTimer = setTimeout(() => {
              notifyTimer = undefined;
              schedule();
            }, NOTIFY_DELAY_MS);
          }
        });
        watcher.on('error', (error) => {
          logger.debug({ err: error, source: name, dir }, 'change notifications stopped; polling goes on');
          watcher.close();
        });
        watchers.push(watcher);
      } catch (error) {
        // Directory missing or watcher limit reached: polling still finds the files.
        logger.debug({ err: error, source: name, dir }, 'cannot watch directory; polling only');
      }
    }
  }

  return {
    name,
    async start() {
      const state = await loadState(statePath);
      firstRun = state === null;
      saved = state?.files ?? {};
      // Positions are fixed before start resolves (what `start_at: end` skips is what was
      // there at start); reading runs on its own, as it may wait for the intake.
      await discover();
      firstScan = false;
      await persist();
      startWatching();
      schedule();
      pollTimer = setInterval(schedule, config.poll_interval_ms);
      logger.info({ source: name, paths: config.paths, files: tracked.size }, 'file source started');
    },
    async stop() {
      stopping = true;
      stopSignal();
      if (pollTimer) clearInterval(pollTimer);
      if (notifyTimer) clearTimeout(notifyTimer);
      for (const watcher of watchers.splice(0)) watcher.close();
      await scanning;
      await persist();
      for (const { tailer } of tracked.values()) await tailer.close();
      tracked.clear();
    },
    addresses: () => config.paths.map((path) => `file://${resolve(path)}`),
  };
}
