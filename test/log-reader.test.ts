import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../src/io/errors.js';
import { parseLog, readLog } from '../src/log/reader.js';
import type { LogRecord } from '../src/log/record.js';
import { logRecord } from './helpers/log-record.js';

const line = (record: LogRecord) => `${JSON.stringify(record)}\n`;

describe('parseLog', () => {
  it('reads every record with its line number and skips blank lines', () => {
    const text = `${line(logRecord({ eventId: 'a' }))}\n${line(logRecord({ eventId: 'b' }))}`;
    const log = parseLog(text);
    expect(log.entries.map((e) => [e.line, e.record.eventId])).toEqual([
      [1, 'a'],
      [3, 'b'],
    ]);
    expect(log.problems).toEqual([]);
  });

  it('keeps unknown fields a newer listener may add', () => {
    const log = parseLog(line({ ...logRecord(), forwardedTo: 'http://x' } as LogRecord));
    expect(log.entries[0]?.record).toMatchObject({ forwardedTo: 'http://x' });
  });

  it('skips and reports invalid lines with their numbers, keeping the good ones', () => {
    const text = [
      JSON.stringify(logRecord({ eventId: 'a' })),
      '{not json',
      JSON.stringify({ v: 1, method: 'POST' }),
      JSON.stringify(logRecord({ eventId: 'd' })),
      '',
    ].join('\n');
    const log = parseLog(text);
    expect(log.entries.map((e) => e.record.eventId)).toEqual(['a', 'd']);
    expect(log.problems.map((p) => p.line)).toEqual([2, 3]);
    expect(log.problems[0]?.reason).toMatch(/^invalid JSON/);
    expect(log.problems[1]?.reason).toMatch(/^not a listen log record \(.*receivedAt/);
  });

  it('reports a torn last line as torn, not as corruption', () => {
    const whole = line(logRecord({ eventId: 'a' }));
    const torn = JSON.stringify(logRecord({ eventId: 'b' })).slice(0, 40);
    const log = parseLog(`${whole}${torn}`);
    expect(log.entries.map((e) => e.record.eventId)).toEqual(['a']);
    expect(log.problems).toEqual([{ line: 2, reason: expect.stringMatching(/^torn last line/) }]);
  });

  it('accepts a complete last line that lacks only its newline', () => {
    const log = parseLog(`${line(logRecord({ eventId: 'a' }))}${JSON.stringify(logRecord({ eventId: 'b' }))}`);
    expect(log.entries.map((e) => e.record.eventId)).toEqual(['a', 'b']);
    expect(log.problems).toEqual([]);
  });

  it('tolerates CRLF line endings', () => {
    const log = parseLog(`${JSON.stringify(logRecord({ eventId: 'a' }))}\r\n`);
    expect(log.entries).toHaveLength(1);
  });
});

describe('readLog', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vh-log-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a file from disk', async () => {
    const path = join(dir, 'events.jsonl');
    await writeFile(path, line(logRecord({ eventId: 'a' })));
    expect((await readLog(path)).entries).toHaveLength(1);
  });

  it('names the path of a file it cannot read', async () => {
    const path = join(dir, 'missing.jsonl');
    await expect(readLog(path)).rejects.toThrow(UsageError);
    await expect(readLog(path)).rejects.toThrow(`cannot read log ${path}: no such file`);
    await expect(readLog(dir)).rejects.toThrow('it is a directory');
  });
});
