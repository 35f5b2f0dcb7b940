import { closeSync, openSync, readSync } from 'node:fs';

export interface TextLocation {
  readonly line: number;
  readonly column: number;
}

/** A malformed JSON file: names the file and where (line:column and byte offset). */
export class JsonFileError extends Error {
  constructor(
    readonly file: string,
    readonly offset: number,
    readonly detail: string,
    readonly location?: TextLocation,
  ) {
    super(
      `${file}${location ? `:${location.line}:${location.column}` : ''}: malformed JSON at byte ${offset}: ${detail}`,
    );
    this.name = 'JsonFileError';
  }

  withLocation(location: TextLocation): JsonFileError {
    return new JsonFileError(this.file, this.offset, this.detail, location);
  }
}

/** 1-based line and column (in bytes) of a byte offset, found by reading the file up to it. */
export function locateByteOffset(file: string, offset: number): TextLocation {
  const fd = openSync(file, 'r');
  try {
    const chunk = Buffer.allocUnsafe(1 << 20);
    let line = 1;
    let lineStart = 0;
    let read = 0;
    while (read < offset) {
      const n = readSync(fd, chunk, 0, Math.min(chunk.length, offset - read), read);
      if (n === 0) break;
      for (let i = 0; i < n; i++) {
        if (chunk[i] === 10) {
          line++;
          lineStart = read + i + 1;
        }
      }
      read += n;
    }
    return { line, column: offset - lineStart + 1 };
  } finally {
    closeSync(fd);
  }
}
