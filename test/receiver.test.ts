import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listEventFixtures, readFixture } from '../src/fixtures/catalog.js';
import { LogRecord } from '../src/log/record.js';
import { JsonlLogWriter } from '../src/log/writer.js';
import type { Delivery } from '../src/receiver/delivery.js';
import { createReceiver, type Receiver, type ReceiverOptions, type ReceiverSummary } from '../src/receiver/server.js';
import { json, jsonHeaders, send, tempDir } from './helpers/receiver-client.js';

const secret = 'whsec_test_4f9a1c';
const callStatus = (eventId: string, status = 'queued', extra: Record<string, unknown> = {}) => ({
  eventType: 'CallStatusChanged',
  timestamp: '2026-03-12T14:05:13.482Z',
  eventId,
  status,
  callId: 'call_7f3a9c2e41b8',
  ...extra,
});

interface Running {
  url: string;
  deliveries: Delivery[];
  errors: unknown[];
  logPath: string;
  logLines(): string[];
  receiver: Receiver;
}

describe('receiver', () => {
  let cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.reverse()) await step();
    cleanup = [];
  });

  async function start(options: Partial<ReceiverOptions> = {}, deps: { now?: () => Date; log?: JsonlLogWriter | false } = {}): Promise<Running> {
    const temp = tempDir();
    const logPath = join(temp.dir, 'logs', 'events.jsonl');
    const log = deps.log === false ? undefined : (deps.log ?? new JsonlLogWriter(logPath));
    const deliveries: Delivery[] = [];
    const errors: unknown[] = [];
    const receiver = createReceiver(
      { host: '127.0.0.1', port: 0, policy: {}, maxBodyBytes: 1024 * 1024, ...options },
      { ...(log ? { log } : {}), ...(deps.now ? { now: deps.now } : {}), onDelivery: (d) => deliveries.push(d), onError: (e) => errors.push(e) },
    );
    const { url } = await receiver.listen();
    let closed: Promise<ReceiverSummary> | undefined;
    cleanup.push(async () => {
      await (closed ??= receiver.close());
      log?.close();
      temp.remove();
    });
    const close = receiver.close.bind(receiver);
    receiver.close = () => (closed ??= close());
    return { url, deliveries, errors, logPath, receiver, logLines: () => readFileSync(logPath, 'utf8').split('\n').filter((line) => line !== '') };
  }

  it('accepts every bundled event fixture, detects it and logs it before answering', async () => {
    const r = await start();
    const fixtures = listEventFixtures();
    expect(fixtures.length).toBeGreaterThanOrEqual(10);
    for (const fixture of fixtures) {
      const body = readFileSync(fixture.file, 'utf8');
      const eventType = (readFixture(fixture) as { eventType?: string }).eventType;
      const answer = await send(r.url, body, { headers: jsonHeaders(eventType ? { 'x-event-type': eventType } : {}) });
      expect(answer.status, fixture.name).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ received: true });
      // The record is on disk by the time the answer arrives.
      const last = LogRecord.parse(JSON.parse(r.logLines().at(-1) ?? 'null'));
      expect(last.body).toBe(body);
      expect(last.platform).toBe(fixture.platform);
    }
    expect(r.deliveries.map((d) => d.detection.platform)).toEqual(fixtures.map((f) => f.platform));
    for (const [i, delivery] of r.deliveries.entries()) {
      expect(delivery.detection.known, fixtures[i]?.name).toBe(true);
      expect(delivery.detection.warnings, fixtures[i]?.name).toEqual([]);
      expect(delivery.verdictText).toBe('accepted');
    }
    expect(r.logLines()).toHaveLength(fixtures.length);
  });

  describe('with a secret', () => {
    it('accepts the right secret and redacts it from the log', async () => {
      const r = await start({ secret });
      const answer = await send(r.url, json(callStatus('e-ok')), { headers: jsonHeaders({ 'x-webhook-secret': secret }) });
      expect(answer.status).toBe(200);
      const log = readFileSync(r.logPath, 'utf8');
      expect(log).not.toContain(secret);
      expect(LogRecord.parse(JSON.parse(log)).headers['x-webhook-secret']).toBe('[redacted]');
      expect(r.deliveries[0]?.receivedSecret).toBe(secret);
    });

    it('answers 401 to a missing or wrong secret, and still logs the delivery', async () => {
      const r = await start({ secret });
      const missing = await send(r.url, json(callStatus('e-missing')), { headers: jsonHeaders() });
      const wrong = await send(r.url, json(callStatus('e-wrong')), { headers: jsonHeaders({ 'x-webhook-secret': 'whsec_guess_000000' }) });
      const wrongLength = await send(r.url, json(callStatus('e-short')), { headers: jsonHeaders({ 'x-webhook-secret': 'x' }) });
      expect([missing.status, wrong.status, wrongLength.status]).toEqual([401, 401, 401]);
      expect(r.deliveries.map((d) => d.verdictText)).toEqual(['unauthorized: secret missing', 'unauthorized: secret mismatch', 'unauthorized: secret mismatch']);
      const records = r.logLines().map((line) => LogRecord.parse(JSON.parse(line)));
      expect(records.map((record) => [record.status, record.verdict])).toEqual([
        [401, 'unauthorized: secret missing'],
        [401, 'unauthorized: secret mismatch'],
        [401, 'unauthorized: secret mismatch'],
      ]);
      expect(readFileSync(r.logPath, 'utf8')).not.toContain('whsec_guess_000000');
    });
  });

  it('marks a repeated eventId as a duplicate with its attempt number', async () => {
    const r = await start();
    for (let i = 0; i < 3; i++) await send(r.url, json(callStatus('evt-dup')), { headers: jsonHeaders() });
    await send(r.url, json(callStatus('evt-other')), { headers: jsonHeaders() });
    expect(r.deliveries.map((d) => d.verdictText)).toEqual(['accepted', 'duplicate (attempt 2)', 'duplicate (attempt 3)', 'accepted']);
    expect(r.deliveries.map((d) => d.status)).toEqual([200, 200, 200, 200]);
    expect(await r.receiver.close()).toMatchObject({ deliveries: 4, accepted: 4, rejected: 0, duplicates: 2 });
  });

  it('counts attempts of events without an eventId by their exact body', async () => {
    const r = await start();
    const postCall = readFileSync(listEventFixtures().find((f) => f.name === 'PostCall')?.file ?? '', 'utf8');
    await send(r.url, postCall, { headers: jsonHeaders() });
    await send(r.url, postCall, { headers: jsonHeaders() });
    expect(r.deliveries.map((d) => d.attempt)).toEqual([1, 2]);
  });

  it('forgets the oldest events beyond its capacity', async () => {
    const r = await start({ dedupeCapacity: 2 });
    for (const id of ['a', 'b', 'c', 'a']) await send(r.url, json(callStatus(id)), { headers: jsonHeaders() });
    // "a" was evicted by "c", so it counts from 1 again; with room for three it would be attempt 2.
    expect(r.deliveries.map((d) => d.attempt)).toEqual([1, 1, 1, 1]);
  });

  it('answers every delivery with --status', async () => {
    const r = await start({ policy: { status: 503 } });
    const answer = await send(r.url, json(callStatus('e-503')), { headers: jsonHeaders() });
    expect(answer.status).toBe(503);
    expect(r.deliveries[0]?.verdictText).toBe('answered 503 (--status)');
    expect(LogRecord.parse(JSON.parse(r.logLines()[0] ?? '')).status).toBe(503);
  });

  it('fails the first n deliveries of each eventId with --fail-first', async () => {
    const r = await start({ policy: { failFirst: 2 } });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await send(r.url, json(callStatus('e-retry')), { headers: jsonHeaders() })).status);
    statuses.push((await send(r.url, json(callStatus('e-next')), { headers: jsonHeaders() })).status);
    expect(statuses).toEqual([500, 500, 200, 500]);
    expect(r.deliveries.map((d) => d.verdictText)).toEqual([
      'failing on purpose (1 of 2, --fail-first)',
      'failing on purpose (2 of 2, --fail-first)',
      'duplicate (attempt 3)',
      'failing on purpose (1 of 2, --fail-first)',
    ]);
  });

  it('answers 400 to malformed JSON and logs it, including JSON sent with a form content type', async () => {
    const r = await start();
    const broken = await send(r.url, '{"eventType": "CallStatusChanged",', { headers: jsonHeaders() });
    const curlStyle = await send(r.url, '{oops', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const empty = await send(r.url, '', { headers: jsonHeaders() });
    expect([broken.status, curlStyle.status, empty.status]).toEqual([400, 400, 400]);
    const records = r.logLines().map((line) => LogRecord.parse(JSON.parse(line)));
    expect(records.map((record) => record.status)).toEqual([400, 400, 400]);
    expect(records[0]?.verdict).toMatch(/^malformed JSON: /);
    expect(records[0]?.body).toBe('{"eventType": "CallStatusChanged",');
    expect(records[2]?.verdict).toBe('malformed JSON: empty body');
  });

  it('accepts non-JSON bodies sent as such, and stores bodies that are not UTF-8 as base64', async () => {
    const r = await start();
    const text = await send(r.url, 'hello=world', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x81]);
    const binary = await send(r.url, bytes, { headers: { 'content-type': 'application/octet-stream' } });
    expect([text.status, binary.status]).toEqual([200, 200]);
    expect(r.deliveries.map((d) => d.body.format)).toEqual(['text', 'binary']);
    const records = r.logLines().map((line) => LogRecord.parse(JSON.parse(line)));
    expect(records[0]).toMatchObject({ body: 'hello=world', bodyEncoding: 'utf8' });
    expect(records[1]).toMatchObject({ bodyEncoding: 'base64' });
    expect(Buffer.from(records[1]?.body ?? '', 'base64')).toEqual(bytes);
  });

  it('warns when a JSON event arrives with another content type', async () => {
    const r = await start();
    await send(r.url, json(callStatus('e-ct')), { headers: { 'content-type': 'text/plain' } });
    expect(r.deliveries[0]?.status).toBe(200);
    expect(r.deliveries[0]?.detection.warnings).toEqual(['content-type is "text/plain"; the platforms send application/json']);
  });

  it('answers 413 to a body over the limit, declared or streamed, and keeps serving', async () => {
    const r = await start({ maxBodyBytes: 1024 });
    const big = json(callStatus('e-big', 'queued', { padding: 'x'.repeat(4096) }));
    const declared = await send(r.url, big, { headers: jsonHeaders({ 'x-event-id': 'e-big' }) });
    const streamed = await send(r.url, big, { headers: jsonHeaders(), chunked: true });
    expect([declared.status, streamed.status]).toEqual([413, 413]);
    expect(JSON.parse(declared.body)).toEqual({ received: false, reason: 'body too large (over 1 KiB)' });
    const records = r.logLines().map((line) => LogRecord.parse(JSON.parse(line)));
    expect(records.map((record) => [record.status, record.body, record.eventId])).toEqual([
      [413, '', 'e-big'],
      [413, '', undefined],
    ]);
    expect((await send(r.url, json(callStatus('e-small')), { headers: jsonHeaders() })).status).toBe(200);
  });

  it('stops reading a body far over the limit and still answers the next request', async () => {
    const r = await start({ maxBodyBytes: 1024 });
    const huge = Buffer.alloc(8 * 1024 * 1024, 0x61);
    const outcome = await send(r.url, huge, { headers: jsonHeaders() }).then(
      (answer) => answer.status,
      (error: NodeJS.ErrnoException) => error.code,
    );
    // The connection is closed with most of the body unread: the client sees the 413 or a reset, depending on timing.
    expect([413, 'ECONNRESET', 'EPIPE']).toContain(outcome);
    expect((await send(r.url, json(callStatus('e-after')), { headers: jsonHeaders() })).status).toBe(200);
  });

  it('answers 405 with Allow: POST to other methods, without logging them', async () => {
    const r = await start();
    const get = await send(r.url, '', { method: 'GET' });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    expect(r.deliveries[0]?.verdictText).toBe('method GET not allowed (POST only)');
    expect(r.logLines()).toEqual([]);
  });

  it('accepts only the --path when one is given, with or without a query or trailing slash', async () => {
    const r = await start({ path: '/webhooks' });
    expect(r.url).toMatch(/\/webhooks$/);
    const base = r.url.replace(/\/webhooks$/, '');
    const statuses = [];
    for (const path of ['/webhooks', '/webhooks/', '/webhooks?source=test', '/', '/webhooks/extra']) {
      statuses.push((await send(`${base}${path}`, json(callStatus(`e${path}`)), { headers: jsonHeaders() })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 404, 404]);
    expect(r.logLines()).toHaveLength(3);
  });

  it('answers 503 when the log cannot be written, keeps refusals as they were, and keeps serving', async () => {
    const full = new JsonlLogWriter('/dev/full');
    const r = await start({ secret }, { log: full });
    const accepted = await send(r.url, json(callStatus('e-full')), { headers: jsonHeaders({ 'x-webhook-secret': secret }) });
    const refused = await send(r.url, json(callStatus('e-full2')), { headers: jsonHeaders() });
    expect([accepted.status, refused.status]).toEqual([503, 401]);
    expect(r.deliveries[0]?.verdictText).toBe('not logged (no space left on the disk), answered 503 so the platform retries');
    expect(r.deliveries.map((d) => d.logError)).toEqual(['no space left on the disk', 'no space left on the disk']);
  });

  it('answers 500 to a request whose handling fails, reports it and keeps serving', async () => {
    let calls = 0;
    const r = await start({}, {
      now: () => {
        calls++;
        if (calls === 1) throw new Error('clock broke');
        return new Date('2026-03-12T14:05:14.000Z');
      },
    });
    const first = await send(r.url, json(callStatus('e-1')), { headers: jsonHeaders() });
    const second = await send(r.url, json(callStatus('e-2')), { headers: jsonHeaders() });
    expect([first.status, second.status]).toEqual([500, 200]);
    expect(r.errors.map((e) => (e as Error).message)).toEqual(['clock broke']);
    expect(r.deliveries.map((d) => d.receivedAt.toISOString())).toEqual(['2026-03-12T14:05:14.000Z']);
    expect(await r.receiver.close()).toMatchObject({ deliveries: 2, accepted: 1, rejected: 1 });
  });

  it('never lets a payload touch object prototypes', async () => {
    const r = await start();
    const hostile = '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"eventType":"CallStatusChanged","eventId":"e-proto"}';
    expect((await send(r.url, hostile, { headers: { ...jsonHeaders(), ...(JSON.parse('{"__proto__":"x"}') as Record<string, string>) } })).status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(r.deliveries[0]?.detection.eventId).toBe('e-proto');
    expect(LogRecord.parse(JSON.parse(r.logLines()[0] ?? '')).body).toBe(hostile);
  });

  it('cuts off a client that never finishes its request, while answering others', async () => {
    const r = await start({ requestTimeoutMs: 500 });
    const { port } = new URL(r.url);
    const slow = connect(Number(port), '127.0.0.1');
    let reply = '';
    slow.setEncoding('utf8').on('data', (chunk: string) => (reply += chunk));
    const closed = new Promise<void>((resolve) => slow.on('close', () => resolve()));
    slow.write('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"eventType":');
    expect((await send(r.url, json(callStatus('e-meanwhile')), { headers: jsonHeaders() })).status).toBe(200);
    await closed;
    expect(reply).toMatch(/^HTTP\/1\.1 408/);
    expect(await r.receiver.close()).toMatchObject({ deliveries: 1, aborted: 1 });
  });

  it('finishes a request in flight when closed', async () => {
    const r = await start();
    const { port } = new URL(r.url);
    const client = connect(Number(port), '127.0.0.1');
    let reply = '';
    client.setEncoding('utf8').on('data', (chunk: string) => (reply += chunk));
    const clientClosed = new Promise<void>((resolve) => client.on('close', () => resolve()));
    const body = json(callStatus('e-inflight'));
    client.write(`POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closing = r.receiver.close();
    client.end(body.slice(10));
    const summary = await closing;
    await clientClosed;
    expect(reply).toMatch(/^HTTP\/1\.1 200/);
    expect(reply).toMatch(/\r\nconnection: close\r\n/i);
    expect(summary.deliveries).toBe(1);
    expect(r.logLines()).toHaveLength(1);
  });
});
