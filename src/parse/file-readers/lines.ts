// Splits decoded text chunks into lines, numbering them from 1, keeping at most `maxChars` of
// a line so that a file without newlines cannot take all memory.

export interface LineSplitter {
  /** Feeds a chunk; calls `emit` for every line it completes. */
  push(chunk: string, emit: (line: string, lineNo: number) => void): void;
  /** Emits the last line when the text does not end with a newline. */
  end(emit: (line: string, lineNo: number) => void): void;
}

export function lineSplitter(maxChars: number): LineSplitter {
  let pending: string[] = [];
  let pendingLength = 0;
  let lineNo = 0;

  function keep(piece: string): void {
    if (pendingLength >= maxChars) return;
    const room = maxChars - pendingLength;
    const kept = piece.length > room ? piece.slice(0, room) : piece;
    pending.push(kept);
    pendingLength += kept.length;
  }

  function take(last: string): string {
    if (pending.length === 0) return last.length > maxChars ? last.slice(0, maxChars) : last;
    keep(last);
    const line = pending.join('');
    pending = [];
    pendingLength = 0;
    return line;
  }

  function emitLine(line: string, emit: (line: string, lineNo: number) => void): void {
    lineNo++;
    emit(line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line, lineNo);
  }

  return {
    push(chunk, emit) {
      let start = 0;
      for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', start)) {
        emitLine(take(chunk.slice(start, nl)), emit);
        start = nl + 1;
      }
      if (start < chunk.length) keep(chunk.slice(start));
    },
    end(emit) {
      if (pending.length > 0) emitLine(take(''), emit);
    },
  };
}
