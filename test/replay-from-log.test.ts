import { mkdir, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/io/errors.js';
import { userAgent } from '../src/io/user-agent.js';
import type { LogEntry } from '../src/log/reader.js';
import { deliveryFromLog, missingSecretNote, selectEntries } from '../src/replay/from-log.js';
import { logRecord } from './helpers/log-record.js';
import { sinkPerTest } from './helpers/replay.js';
import { scratchDir } from './helpers/scratch.js';
import { usageError } from './helpers/usage-error.js';

const entry = (line: number, overrides: Parameters<typeof logRecord>[0] = {}): LogEntry => ({ line, record: logRecord(overrides) });

const recordedHeaders = {
  host: 'abc.trycloudflare.com',
  'content-length': '123',
  connection: 'keep-alive',
  'x-forwarded-for': '203.0.113.9',
  'cf-ray': '8a1b',
  'cdn-loop': 'cloudflare',
  'content-type': 'application/json',
  'x-event-type': 'CallStatusChanged',
  'x-event-id': 'evt-1',
  'x-timestamp': '2026-03-12T14:05:13.482Z',
  'x-webhook-secret': '[redacted]',
  'user-agent': 'axios/1.7.2',
};

describe('deliveryFromLog', () => {
  it('re-sends the recorded body and headers, minus hop-by-hop and tunnel headers', () => {
    const delivery = deliveryFromLog(entry(4, { headers: recordedHeaders, platform: 'voicehub-call', eventId: 'evt-1', eventType: 'CallStatusChanged' }), {
      url: 'http://127.0.0.1:9/',
    });
    expect(delivery.request.headers).toEqual({
      'content-type': 'application/json',
      'x-event-type': 'CallStatusChanged',
      'x-event-id': 'evt-1',
      'x-timestamp': '2026-03-12T14:05:13.482Z',
      'user-agent': 'axios/1.7.2',
    });
    expect(delivery.request.body).toBe('{"eventType":"RecordingsAvailable"}');
    expect(delivery).toMatchObject({ label: 'log line 4', eventId: 'evt-1', eventType: 'CallStatusChanged', platform: 'voicehub-call' });
  });

  it('applies the current secret, never the redacted one', () => {
    const delivery = deliveryFromLog(entry(1, { headers: recordedHeaders, platform: 'callstudio' }), { url: 'http://x/', secret: 'now-secret' });
    expect(delivery.request.headers['x-webhook-secret']).toBe('now-secret');
    expect(JSON.stringify(delivery)).not.toContain('[redacted]');
  });

  it('adds no secret to a platform that sends none, unless the recording had one', () => {
    const voxia = deliveryFromLog(entry(1, { platform: 'voxia' }), { url: 'http://x/', secret: 's' });
    expect(voxia.request.headers['x-webhook-secret']).toBeUndefined();
    expect(voxia.request.headers['user-agent']).toBe(userAgent);
    const carried = deliveryFromLog(entry(1, { platform: 'voxia', headers: { 'X-Webhook-Secret': '[redacted]' } }), { url: 'http://x/', secret: 's' });
    expect(carried.request.headers['x-webhook-secret']).toBe('s');
  });

  it('decodes a base64 body back to its bytes', () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x41]);
    const delivery = deliveryFromLog(entry(1, { body: bytes.toString('base64'), bodyEncoding: 'base64' }), { url: 'http://x/' });
    expect(Buffer.from(delivery.request.body as Uint8Array)).toEqual(bytes);
  });

  it('says when the recording carried a secret the replay will not send', () => {
    const entries = [entry(1, { headers: recordedHeaders }), entry(2)];
    expect(missingSecretNote(entries, undefined)).toMatch(/^1 recorded delivery carried x-webhook-secret/);
    expect(missingSecretNote(entries, 's')).toBeUndefined();
    expect(missingSecretNote([entry(2)], undefined)).toBeUndefined();
  });
});

describe('selectEntries', () => {
  const entries = [
    entry(1, { eventId: 'a' }),
    entry(2, { method: 'GET' }),
    entry(3, { headers: { 'x-event-id': 'b' } }),
    entry(4, { eventId: 'a', verdict: 'duplicate (attempt 2)' }),
  ];

  const lines = (selection: ReturnType<typeof selectEntries>) => selection.entries.map((e) => e.line);

  it('keeps the POSTs in order', () => {
    expect(selectEntries(entries, undefined, 'log')).toEqual({ entries: [entries[0], entries[2], entries[3]], skipped: [] });
  });

  it('picks the first delivery of an event, by the record or its X-Event-ID header', () => {
    expect(lines(selectEntries(entries, 'a', 'log'))).toEqual([1]);
    expect(lines(selectEntries(entries, 'b', 'log'))).toEqual([3]);
  });

  it('lists known ids when the event is not there, and refuses an empty log', () => {
    expect(() => selectEntries(entries, 'zzz', 'log')).toThrow(UsageError);
    try {
      selectEntries(entries, 'zzz', 'log');
    } catch (error) {
      expect((error as UsageError).hint).toBe('recent event ids: a, b');
    }
    expect(() => selectEntries([entry(1, { method: 'GET' })], undefined, 'log')).toThrow(/no recorded POST/);
  });
});

/** What `listen` logs for a delivery it answered 413 without reading. */
const tooLarge = (line: number, overrides: Parameters<typeof logRecord>[0] = {}): LogEntry =>
  entry(line, { body: '', status: 413, verdict: 'body too large (over 1 KiB)', ...overrides });

describe('selectEntries with deliveries whose body was not recorded', () => {
  it('leaves them out and says why, by line', () => {
    const selection = selectEntries([entry(1), tooLarge(2), entry(3)], undefined, 'log');
    expect(selection.entries.map((e) => e.line)).toEqual([1, 3]);
    expect(selection.skipped).toEqual([{ line: 2, reason: 'its body was not recorded (413 body too large (over 1 KiB))' }]);
  });

  it('keeps a 413 whose body was recorded, as listen --status 413 answers', () => {
    const forced = entry(1, { status: 413, verdict: 'answered 413 (--status)' });
    expect(selectEntries([forced], undefined, 'log')).toEqual({ entries: [forced], skipped: [] });
  });

  it('picks the first delivery of the event that kept its body', () => {
    const selection = selectEntries([tooLarge(1, { eventId: 'big' }), entry(2, { eventId: 'big', verdict: 'duplicate (attempt 2)' })], 'big', 'log');
    expect(selection).toMatchObject({ entries: [{ line: 2 }], skipped: [] });
  });

  it('fails with the next step when the event has no recorded body', () => {
    const error = usageError(() => selectEntries([entry(1, { eventId: 'small' }), tooLarge(2, { eventId: 'big' })], 'big', 'events.jsonl'));
    expect(error.message).toBe('cannot re-send event big: events.jsonl line 2 has no body, listen answered it 413 body too large (over 1 KiB) without reading it');
    expect(error.hint).toMatch(/--max-body/);
  });

  it('fails when no delivery kept its body', () => {
    const error = usageError(() => selectEntries([tooLarge(1), tooLarge(2)], undefined, 'events.jsonl'));
    expect(error.message).toBe('events.jsonl has no delivery with a recorded body: listen answered every POST in it 413 (body too large) without reading it');
    expect(error.hint).toMatch(/--max-body/);
  });
});

describe('replay --from-log (built CLI)', () => {
  const scratch = scratchDir('vh-replay-log-');
  const { to, received } = sinkPerTest();
  const small = '{"eventType":"CallStatusChanged","eventId":"evt-small","status":"completed","callId":"c1"}';

  async function writeLog(name: string, records: Parameters<typeof logRecord>[0][]): Promise<string> {
    const path = scratch.path(name);
    await mkdir(scratch.path(), { recursive: true });
    await writeFile(path, records.map((record) => `${JSON.stringify(logRecord(record))}\n`).join(''));
    return path;
  }

  const bigRecord = { body: '', status: 413, verdict: 'body too large (over 1 KiB)', headers: { 'content-type': 'application/json', 'x-event-id': 'evt-big' } };

  it('does not send a delivery whose body was never read, and says so', async () => {
    const log = await writeLog('mixed.jsonl', [bigRecord, { body: small, eventId: 'evt-small' }]);
    const result = await scratch.run(['replay', '--from-log', log, ...(await to()), '--gap', '0']);
    expect(result.code).toBe(0);
    expect(received().map((request) => request.body)).toEqual([small]);
    expect(result.stderr).toContain(`note: skipped ${log} line 1: its body was not recorded (413 body too large (over 1 KiB))`);
    expect(result.stdout).not.toContain('log line 1');
  });

  it('fails with exit code 2 and sends nothing when --event names only such a delivery', async () => {
    const log = await writeLog('big.jsonl', [bigRecord, { body: small, eventId: 'evt-small' }]);
    const result = await scratch.run(['replay', '--from-log', log, '--event', 'evt-big', ...(await to())]);
    expect(result.code).toBe(2);
    expect(received()).toEqual([]);
    expect(result.stdout).toBe('');
    const [cause, hint, ...rest] = result.stderr.trimEnd().split('\n');
    expect(cause).toBe(`error: cannot re-send event evt-big: ${log} line 1 has no body, listen answered it 413 body too large (over 1 KiB) without reading it`);
    expect(hint).toMatch(/--max-body/);
    expect(rest).toEqual([]);
  });
});
