// Which files of a day compaction merges. Merging a run of small files whole would rewrite the
// day's growing merged file on every pass: at a low event rate it grows by a little each time
// and is rewritten dozens of times before it stops being small (quadratic work). Instead, like
// the size-tiered compaction of log-structured stores, files are gathered from the newest back
// and an older file joins only while it is not much bigger than what has been gathered, so an
// event is rewritten only when its file at least roughly doubles: a logarithmic number of times.

export interface MergePlanOptions {
  /** Files from this size on are never merged... */
  smallFileBytes: number;
  /** ...and a merge takes at least this many files. */
  minFiles: number;
}

/** An older file joins a merge while it is at most this many times what the merge holds so far
 *  (above 1 so that files of about the same size, which compress a little differently, merge). */
export const SIZE_RATIO = 1.25;

/**
 * Groups of files to merge, as lists of indexes into `sizes` (the day's files in segment order,
 * oldest first). A group is always consecutive, so its merged file's segment range covers
 * exactly the files it replaces.
 */
export function planMerges(sizes: readonly number[], options: MergePlanOptions): number[][] {
  const groups: number[][] = [];
  let group: number[] = [];
  let gathered = 0;
  const close = () => {
    if (group.length >= options.minFiles) groups.push(group.reverse());
    group = [];
    gathered = 0;
  };
  for (let i = sizes.length - 1; i >= 0; i--) {
    const size = sizes[i]!;
    if (size >= options.smallFileBytes) {
      close();
      continue;
    }
    if (group.length > 0 && size > SIZE_RATIO * gathered) close();
    group.push(i);
    gathered += size;
  }
  close();
  return groups.reverse();
}
