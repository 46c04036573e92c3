import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/io/errors.js';
import type { LogEntry } from '../src/log/reader.js';
import { deliveryFromLog, missingSecretNote, selectEntries } from '../src/replay/from-log.js';
import { userAgent } from '../src/replay/prepare.js';
import { logRecord } from './helpers/log-record.js';

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

  it('keeps the POSTs in order', () => {
    expect(selectEntries(entries, undefined, 'log').map((e) => e.line)).toEqual([1, 3, 4]);
  });

  it('picks the first delivery of an event, by the record or its X-Event-ID header', () => {
    expect(selectEntries(entries, 'a', 'log').map((e) => e.line)).toEqual([1]);
    expect(selectEntries(entries, 'b', 'log').map((e) => e.line)).toEqual([3]);
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
