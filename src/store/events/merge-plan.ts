// Which files of a day compaction merges. Merging every run of small files whole would rewrite
// the day's growing merged file on every pass: at a low event rate it grows by a little each
// time and is rewritten dozens of times before it stops being small (quadratic work). Instead,
// like the size-tiered compaction of log-structured stores, files are gathered from the newest
// back: every fresh file (as loaded, never compacted) joins, and a compacted file joins only
// while it is not much bigger than what has been gathered. An event is then rewritten only when
// its file at least roughly doubles: a logarithmic number of times. A day that no longer grows
// is merged whole instead (no ratio), once, and its big files rewritten one by one.

export interface MergeCandidate {
  bytes: number;
  /** Written by a merge (compressed harder, with a free-text index), not as loaded. */
  compacted: boolean;
}

export interface MergePlanOptions {
  /** Files from this size on are never merged... */
  smallFileBytes: number;
  /** ...and a merge takes at least this many files. With 1, a fresh file alone is rewritten
   *  compacted; a compacted file alone never is. */
  minFiles: number;
  /** SIZE_RATIO by default; Infinity merges all small files that follow each other (a day
   *  that no longer grows is best read as one file). */
  sizeRatio?: number;
  /** A big file not yet compacted is rewritten on its own (a settled day's files, compressed
   *  harder once more), rather than left as it is. */
  rewriteBig?: boolean;
}

/** A compacted file joins a merge while it is at most this many times what the merge holds so
 *  far (above 1: fresh files are compressed less, and files of one size compress a little apart). */
const SIZE_RATIO = 1.25;

/**
 * Groups of files to merge, as lists of indexes into `files` (the day's files in segment order,
 * oldest first). A group is always consecutive, so its merged file's segment range covers
 * exactly the files it replaces.
 */
export function planMerges(files: readonly MergeCandidate[], options: MergePlanOptions): number[][] {
  const ratio = options.sizeRatio ?? SIZE_RATIO;
  const groups: number[][] = [];
  let group: number[] = [];
  let gathered = 0;
  let fresh = false;
  const close = () => {
    if (group.length >= options.minFiles && (group.length > 1 || fresh)) groups.push(group.reverse());
    group = [];
    gathered = 0;
    fresh = false;
  };
  for (let i = files.length - 1; i >= 0; i--) {
    const file = files[i]!;
    if (file.bytes >= options.smallFileBytes) {
      close();
      if (options.rewriteBig && !file.compacted) groups.push([i]);
      continue;
    }
    if (file.compacted && group.length > 0 && file.bytes > ratio * gathered) close();
    group.push(i);
    gathered += file.bytes;
    fresh ||= !file.compacted;
  }
  close();
  return groups.reverse();
}
