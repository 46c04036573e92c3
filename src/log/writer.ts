import { closeSync, fstatSync, fsyncSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LogRecord } from './record.js';

/** Where the receiver puts each delivery before answering it. */
export interface LogSink {
  /** Appends one record; throws when it could not be written, so the delivery is not acknowledged. */
  append(record: LogRecord): void;
  /** Flushes to disk and releases the file. */
  close(): void;
}

/** `ENOSPC: no space left on device, write` → `ENOSPC: no space left on device`. */
export function fsErrorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split(', ')[0] ?? message;
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
 * An append-only JSONL file. Each record is one synchronous write of one
 * whole line on a descriptor opened with O_APPEND, so concurrent deliveries
 * never interleave and a record is on its way to disk before its delivery is
 * answered. A file removed or rotated while running is recreated.
 */
export class JsonlLogWriter implements LogSink {
  private file: OpenFile | undefined;
  /** A short write left a partial line: the next record starts on a fresh line so only that one is unreadable. */
  private torn = false;

  constructor(readonly path: string) {
    this.file = openForAppend(path);
  }

  append(record: LogRecord): void {
    const file = this.current();
    const line = Buffer.from(`${this.torn ? '\n' : ''}${JSON.stringify(record)}\n`, 'utf8');
    const written = writeSync(file.fd, line);
    if (written !== line.length) {
      this.torn = true;
      throw new Error(`short write: ${written} of ${line.length} bytes`);
    }
    this.torn = false;
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
