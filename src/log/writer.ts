import { closeSync, fstatSync, fsyncSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LogRecord } from './record.js';

/** What became of the records handed to `LogSink.append`. */
export interface AppendResult {
  /** How many of the records, from the first, were written whole. */
  written: number;
  /** Why the others were not; set exactly when `written` is short of all. */
  error?: unknown;
}

/** Where the receiver puts each delivery before answering it. */
export interface LogSink {
  /**
   * Appends the records in order. Only a record counted in `written` is in
   * the log, so only its delivery may be acknowledged.
   */
  append(records: readonly LogRecord[]): AppendResult;
  /** Flushes to disk and releases the file. */
  close(): void;
}

interface OpenFile {
  fd: number;
  dev: number;
  ino: number;
}

function openForAppend(path: string): OpenFile {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'a');
  const { dev, ino } = fstatSync(fd);
  return { fd, dev, ino };
}

/**
 * An append-only JSONL file. The records of one call go out in one
 * synchronous write of whole lines on a descriptor opened with O_APPEND, so
 * concurrent deliveries never interleave and every record is on its way to
 * disk before its delivery is answered. The receiver hands over all the
 * deliveries of one turn of the event loop at once: under a burst that is one
 * `write` (and one check of the path) for many deliveries instead of one each,
 * which was most of the receiver's cost. A file removed or rotated while
 * running is recreated.
 */
export class JsonlLogWriter implements LogSink {
  private file: OpenFile | undefined;
  /** A short write left a partial line: the next record starts on a fresh line so only that one is unreadable. */
  private torn = false;

  constructor(readonly path: string) {
    this.file = openForAppend(path);
  }

  append(records: readonly LogRecord[]): AppendResult {
    if (records.length === 0) return { written: 0 };
    let written: number;
    const lines = records.map((record) => `${JSON.stringify(record)}\n`);
    let lead = '';
    let bytes: Buffer;
    try {
      const { fd } = this.current();
      lead = this.torn ? '\n' : '';
      bytes = Buffer.from(lead + lines.join(''), 'utf8');
      written = writeSync(fd, bytes);
    } catch (error) {
      return { written: 0, error };
    }
    if (written === bytes.length) {
      this.torn = false;
      return { written: records.length };
    }
    // Count the lines that made it whole; the one cut short is lost, and the next write starts a fresh line.
    const leadBytes = lead.length;
    let end = leadBytes;
    let whole = 0;
    for (const line of lines) {
      const next = end + Buffer.byteLength(line);
      if (next > written) break;
      end = next;
      whole++;
    }
    this.torn = written > end || written < leadBytes;
    return { written: whole, error: new Error(`short write: ${written} of ${bytes.length} bytes`) };
  }

  close(): void {
    const file = this.file;
    this.file = undefined;
    if (!file) return;
    try {
      fsyncSync(file.fd);
    } catch {
      // Some targets (pipes, character devices) cannot be synced; closing still flushes what the kernel holds.
    }
    closeSync(file.fd);
  }

  /** The open file, reopened when the path no longer points at it (deleted or rotated). */
  private current(): OpenFile {
    const file = this.file;
    if (file) {
      const onDisk = statSync(this.path, { throwIfNoEntry: false });
      if (onDisk && onDisk.ino === file.ino && onDisk.dev === file.dev) return file;
      this.file = undefined;
      closeSync(file.fd);
    }
    this.file = openForAppend(this.path);
    this.torn = false;
    return this.file;
  }
}
