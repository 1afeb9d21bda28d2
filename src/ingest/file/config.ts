// Configuration of the `file` source, defaults in the schema.

import { z } from 'zod';
import { DEFAULT_TENANT } from '../../event/event.js';

export const fileConfigSchema = z.strictObject({
  /** The source's name in metrics, in each record's origin and in its state file's name. */
  name: z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" and "-" only').default('file'),
  /** Files to tail: paths or globs (`*`, `?`, `**`, `[abc]`, `{a,b}`). Compressed files (.gz ...) are never read. */
  paths: z.array(z.string().min(1)).min(1),
  /** Parser for every line (e.g. `linux-auth`); absent means detect. */
  format: z.string().min(1).optional(),
  tenant: z.string().min(1).default(DEFAULT_TENANT),
  /**
   * Where to start in files found at the very first start (no state yet). Files found later,
   * including new files after a rotation, are always read from their beginning.
   */
  start_at: z.enum(['beginning', 'end']).default('end'),
  /** Where the read positions are kept (`<state_dir>/file-<name>.json`). */
  state_dir: z.string().min(1).default('data/ingest'),
  /** Globs are expanded and files looked at this often, besides change notifications. */
  poll_interval_ms: z.number().int().positive().default(1000),
  /** A file renamed away or deleted is still read until it has not grown for this long. */
  rotate_wait_ms: z.number().int().min(0).default(5000),
  batch_size: z.number().int().positive().default(1000),
});

export type FileConfig = z.output<typeof fileConfigSchema>;
