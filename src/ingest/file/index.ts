// The `file` source kind: tails log files by glob, across rotation, with durable positions.

import type { SourceKind } from '../../pipeline/stages.js';
import { fileConfigSchema } from './config.js';
import type { FileConfig } from './config.js';
import { createFileSource } from './source.js';

export { createFileSource, fileConfigSchema };
export type { FileConfig };

export const fileSource: SourceKind<FileConfig> = {
  type: 'file',
  description: 'Tails log files matched by globs, following rename and copytruncate rotation; read positions survive restarts.',
  configSchema: fileConfigSchema,
  create: createFileSource,
};
