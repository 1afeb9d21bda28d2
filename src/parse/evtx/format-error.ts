// The error the EVTX decoders throw on bytes that break the format. It never leaves the reader:
// the chunk reader turns it into an EvtxProblem and goes on with the next record.

import { VigilError } from '../../errors.js';

export class EvtxFormatError extends VigilError {
  /** Offset in the chunk (or file, for file-level errors) where decoding failed. */
  readonly offset: number;
  constructor(message: string, offset: number) {
    super('parse_failed', message, { details: { offset } });
    this.offset = offset;
  }
}
