import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startListen, type ListenSession } from '../src/commands/listen/run.js';
import { listEventFixtures, readFixture } from '../src/fixtures/catalog.js';
import { CliError, UsageError } from '../src/io/errors.js';
import { parseListenOptions, type RawListenOptions } from '../src/listen/options.js';
import { LogRecord } from '../src/log/record.js';
import { captureIo, freePort, json, jsonHeaders, send, tempDir, until, type CapturedIo } from './helpers/receiver-client.js';
import { perTest } from './helpers/per-test.js';
import { answer, startSink } from './helpers/sink.js';

const secret = 'whsec_listen_93kd02';
const fixtureText = (name: string) => readFileSync(listEventFixtures().find((f) => f.name === name)?.file ?? '', 'utf8');
const callStatus = (eventId: string, status: string) =>
  json({ eventType: 'CallStatusChanged', timestamp: '2026-03-12T14:05:13.482Z', eventId, status, callId: 'call_7f3a9c2e41b8' });

describe('listen', () => {
  let cleanup: (() => Promise<unknown> | void)[] = [];
  afterEach(async () => {
    for (const step of cleanup.reverse()) await step();
    cleanup = [];
  });

  async function listen(flags: Partial<RawListenOptions> = {}): Promise<{ io: CapturedIo; session: ListenSession; dir: string; stop: () => Promise<unknown> }> {
    const temp = tempDir();
    const io = captureIo(temp.dir);
    const options = parseListenOptions({ host: '127.0.0.1', port: '0', log: '.voicehub-hooks/events.jsonl', maxBody: '1m', tunnel: false, ...flags }, temp.dir);
    const session = await startListen(io, options);
    let stopped: Promise<unknown> | undefined;
    const stop = () => (stopped ??= session.stop());
    cleanup.push(async () => {
      await stop();
      temp.remove();
    });
    return { io, session, dir: temp.dir, stop };
  }

  it('prints a banner, then one line per bundled fixture, and logs each one', async () => {
    const { io, session, dir, stop } = await listen();
    expect(io.out$()).toContain(`local    ${session.localUrl}`);
    expect(io.out$()).toContain('verification off — set --secret or VOICEHUB_WEBHOOK_SECRET');
    expect(io.out$()).toContain('log      .voicehub-hooks/events.jsonl');
    expect(io.out$()).toContain('Ctrl-C to stop');
    const fixtures = listEventFixtures();
    for (const fixture of fixtures) {
      expect((await send(`${session.localUrl}hooks/in`, readFileSync(fixture.file), { headers: jsonHeaders() })).status).toBe(200);
    }
    await stop();
    const lines = io.out$().split('\n').filter((line) => /^\d\d:\d\d:\d\d {2}/.test(line));
    expect(lines).toHaveLength(fixtures.length);
    for (const [i, fixture] of fixtures.entries()) {
      const body = readFixture(fixture) as Record<string, unknown>;
      const type = typeof body.eventType === 'string' ? body.eventType : typeof body.webhookEvent === 'string' ? body.webhookEvent : 'PostCall';
      expect(lines[i], fixture.name).toContain(type);
      expect(lines[i]).toMatch(/ {2}\/hooks\/in {2}200 accepted$/);
      if (typeof body.eventId === 'string') expect(lines[i]).toContain(`evt=${body.eventId.slice(0, 8)}`);
    }
    expect(lines.find((line) => line.includes('CallStatusChanged'))).toMatch(/CallStatusChanged +call=call_7f3a9c2e… evt=c5a7c967 {2}in-progress {2}\/hooks\/in/);
    expect(lines.find((line) => line.includes('CallStudioJobStatusChanged'))).toContain('job=job_5d21e8a0c4f7 evt=bdad8078  completed');
    const records = readFileSync(join(dir, '.voicehub-hooks/events.jsonl'), 'utf8').trim().split('\n');
    expect(records.map((line) => LogRecord.parse(JSON.parse(line)).path)).toEqual(fixtures.map(() => '/hooks/in'));
    expect(io.out$()).toMatch(/stopped: 10 deliveries \(10 accepted, 0 rejected\), 0 duplicates\n$/);
  });

  it('shows a call going from one status to the next, and marks repeats', async () => {
    const { io, session } = await listen();
    await send(session.localUrl, callStatus('e-1', 'queued'), { headers: jsonHeaders() });
    await send(session.localUrl, callStatus('e-2', 'started'), { headers: jsonHeaders() });
    await send(session.localUrl, callStatus('e-2', 'started'), { headers: jsonHeaders() });
    await until(() => io.out$().includes('attempt 2'));
    expect(io.out$()).toContain('evt=e-1  queued  /  200 accepted');
    expect(io.out$()).toContain('evt=e-2  queued → started  /  200 accepted');
    expect(io.out$()).toContain('evt=e-2  started  /  200 duplicate (attempt 2)');
  });

  it('prints rejections in words, with schema warnings under the line', async () => {
    const { io, session, stop } = await listen({ secret, path: '/webhooks' });
    expect(io.out$()).toContain('verifying x-webhook-secret');
    await send(session.localUrl, callStatus('e-1', 'queued'), { headers: jsonHeaders() });
    await send(session.localUrl, callStatus('e-2', 'queued'), { headers: jsonHeaders({ 'x-webhook-secret': 'whsec_wrong' }) });
    await send(session.localUrl, callStatus('e-3', 'ringing'), { headers: jsonHeaders({ 'x-webhook-secret': secret }) });
    await send(session.localUrl, '{"eventType":', { headers: jsonHeaders({ 'x-webhook-secret': secret }) });
    await send(session.localUrl.replace('/webhooks', '/other'), callStatus('e-4', 'queued'), { headers: jsonHeaders() });
    await send(session.localUrl, '', { method: 'GET' });
    await stop();
    const out = io.out$();
    expect(out).toContain('/webhooks  401 unauthorized: secret missing');
    expect(out).toContain('/webhooks  401 unauthorized: secret mismatch');
    expect(out).toMatch(/evt=e-3 {2}queued → ringing {2}\/webhooks {2}200 accepted\n {4}⚠ status: /);
    expect(out).toMatch(/non-JSON body +\/webhooks {2}400 malformed JSON: /);
    expect(out).toContain('/other  404 no receiver at this path (listening on /webhooks)');
    expect(out).toContain('GET /webhooks  405 method GET not allowed (POST only)');
    expect(out).toContain('stopped: 6 deliveries (1 accepted, 5 rejected), 0 duplicates');
    expect(out).not.toContain(secret);
  });

  it('adds redacted headers and the pretty body with --verbose', async () => {
    const { io, session } = await listen({ secret, verbose: true });
    await send(session.localUrl, fixtureText('CallStatusChanged'), { headers: jsonHeaders({ 'x-webhook-secret': secret, 'x-event-type': 'CallStatusChanged' }) });
    await until(() => io.out$().includes('"callId"'));
    expect(io.out$()).toContain('    x-webhook-secret: [redacted]');
    expect(io.out$()).toContain('    x-event-type: CallStatusChanged');
    expect(io.out$()).toContain('      "status": "in-progress",');
    expect(io.out$()).not.toContain(secret);
  });

  it('prints only what went wrong with --quiet', async () => {
    const { io, session, stop } = await listen({ quiet: true, secret });
    expect(io.out$()).toBe(`listening on ${session.localUrl}\n`);
    await send(session.localUrl, callStatus('e-1', 'queued'), { headers: jsonHeaders({ 'x-webhook-secret': secret }) });
    await send(session.localUrl, callStatus('e-2', 'queued'), { headers: jsonHeaders() });
    await stop();
    expect(io.out$()).not.toContain('evt=e-1');
    expect(io.out$()).toContain('evt=e-2');
  });

  it('writes only NDJSON on stdout with --json: listening, one object per delivery, summary', async () => {
    const { io, session, stop } = await listen({ json: true, secret });
    await send(session.localUrl, fixtureText('CallStudioJobStatusChanged'), { headers: jsonHeaders({ 'x-webhook-secret': secret }) });
    await send(session.localUrl, fixtureText('CallStudioJobStatusChanged'), { headers: jsonHeaders({ 'x-webhook-secret': secret }) });
    await send(session.localUrl, 'not json', { headers: jsonHeaders() });
    await stop();
    const objects = io
      .out$()
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(objects.map((o) => o.type)).toEqual(['listening', 'delivery', 'delivery', 'delivery', 'summary']);
    expect(objects[0]).toMatchObject({ url: session.localUrl, secret: 'verifying', forwardTo: null });
    expect(objects[1]).toMatchObject({
      method: 'POST',
      path: '/',
      status: 200,
      verdict: 'accepted',
      platform: 'callstudio',
      eventType: 'CallStudioJobStatusChanged',
      eventId: 'bdad8078-d122-4db1-88dd-9058d6cab0b2',
      jobId: 'job_5d21e8a0c4f7',
      callId: null,
      duplicateAttempt: null,
      warnings: [],
      forward: null,
      bodyEncoding: 'json',
      body: { status: 'completed', agentId: 'ws_3b9e71c5a2d4' },
    });
    expect(objects[2]).toMatchObject({ duplicateAttempt: 2, verdict: 'duplicate (attempt 2)' });
    expect(objects[3]).toMatchObject({ status: 401, bodyEncoding: 'utf8', body: 'not json' });
    expect(objects[4]).toMatchObject({ deliveries: 3, accepted: 2, rejected: 1, duplicates: 1 });
    expect(io.out$()).not.toContain(secret);
    expect(io.err$()).toContain('voicehub-hooks listen ready');
    expect(io.err$()).toContain('stopped: 3 deliveries');
  });

  describe('--forward-to', () => {
    const sinkForTest = perTest(startSink);

    it('passes accepted deliveries to the app with their body and headers, and shows its answer', async () => {
      const sink = await sinkForTest((n, req, res) => answer(n === 1 ? 200 : 500, n === 1 ? 'ok' : '{"error":"duplicate key\nvalue"}')(n, req, res));
      const { io, session, stop } = await listen({ secret, forwardTo: `${sink.url}/webhooks` });
      expect(io.out$()).toContain(`forward  ${sink.url}/webhooks`);
      const body = fixtureText('CallStatusChanged');
      const headers = jsonHeaders({ 'x-webhook-secret': secret, 'x-event-type': 'CallStatusChanged', 'x-event-id': 'c5a7c967-719e-43b9-a588-957cf6b37d53', 'x-timestamp': '2026-03-12T14:05:13.482Z', 'x-unrelated': 'kept back' });
      await send(session.localUrl, body, { headers });
      await send(session.localUrl, body, { headers });
      await send(session.localUrl, body, { headers: jsonHeaders() });
      const summary = await stop();
      expect(sink.received).toHaveLength(2);
      const first = sink.received[0];
      expect(first?.url).toBe('/webhooks');
      expect(first?.body).toBe(body);
      expect(first?.headers).toMatchObject({
        'content-type': 'application/json',
        'x-webhook-secret': secret,
        'x-event-type': 'CallStatusChanged',
        'x-event-id': 'c5a7c967-719e-43b9-a588-957cf6b37d53',
        'x-timestamp': '2026-03-12T14:05:13.482Z',
      });
      expect(first?.headers['user-agent']).toMatch(/^voicehub-hooks\/\d+\.\d+\.\d+/);
      expect(first?.headers['x-unrelated']).toBeUndefined();
      expect(io.out$()).toMatch(/200 accepted {2}forward → 200 in \d+ ms/);
      expect(io.out$()).toMatch(/200 duplicate \(attempt 2\) {2}forward → 500 in \d+ ms\n {4}your app said: \{"error":"duplicate key value"\}\n/);
      expect(io.out$()).toMatch(/401 unauthorized: secret missing, duplicate \(attempt 3\)\n/);
      expect(summary).toMatchObject({ forwarded: 2, forwardFailures: 1 });
      expect(io.out$()).toContain('2 forwarded (1 failed)');
    });

    it('reports an app that is not running in one line and keeps receiving', async () => {
      const port = await freePort();
      const { io, session, stop } = await listen({ forwardTo: `http://127.0.0.1:${port}/hook` });
      await send(session.localUrl, callStatus('e-1', 'queued'), { headers: jsonHeaders() });
      await send(session.localUrl, callStatus('e-2', 'started'), { headers: jsonHeaders() });
      await stop();
      expect(io.out$()).toContain(`evt=e-1  queued  /  200 accepted  forward → refused (is your app running on :${port}?)`);
      expect(io.out$()).toContain(`evt=e-2  queued → started  /  200 accepted  forward → refused (is your app running on :${port}?)`);
      expect(io.out$()).toContain('2 forwarded (2 failed)');
    });

    it('refuses to forward to itself', async () => {
      const port = await freePort();
      const temp = tempDir();
      cleanup.push(temp.remove);
      const options = parseListenOptions({ host: '127.0.0.1', port: String(port), log: false, maxBody: '1m', tunnel: false, forwardTo: `http://localhost:${port}/` }, temp.dir);
      await expect(startListen(captureIo(temp.dir), options)).rejects.toThrow(UsageError);
    });
  });

  it('says once, in red, that the log cannot be written, and answers 503', async () => {
    const { io, session } = await listen({ log: '/dev/full' });
    const statuses = [];
    for (const id of ['e-1', 'e-2']) statuses.push((await send(session.localUrl, callStatus(id, 'queued'), { headers: jsonHeaders() })).status);
    expect(statuses).toEqual([503, 503]);
    await until(() => io.out$().includes('evt=e-2'));
    expect(io.err$().match(/cannot write the log/g)).toHaveLength(1);
    expect(io.err$()).toContain('✖ cannot write the log /dev/full (no space left on the disk): deliveries are answered 503 until it is writable again');
    expect(io.out$()).toContain('503 not logged (no space left on the disk), answered 503 so the platform retries');
  });

  it('does not take a request it never logs (405, 404) for the log working again', async () => {
    const { io, session } = await listen({ log: '/dev/full', path: '/hooks' });
    const other = session.localUrl.replace('/hooks', '/other');
    const statuses = [];
    statuses.push((await send(session.localUrl, callStatus('e-1', 'queued'), { headers: jsonHeaders() })).status);
    statuses.push((await send(session.localUrl, '', { method: 'GET' })).status);
    statuses.push((await send(other, callStatus('e-2', 'queued'), { headers: jsonHeaders() })).status);
    statuses.push((await send(session.localUrl, callStatus('e-3', 'queued'), { headers: jsonHeaders() })).status);
    expect(statuses).toEqual([503, 405, 404, 503]);
    await until(() => io.out$().includes('evt=e-3'));
    expect(io.err$().match(/cannot write the log/g)).toHaveLength(1);
    expect(io.err$()).not.toContain('✔ the log');
  });

  it('creates the log directory, and writes nothing with --no-log', async () => {
    const logged = await listen({ log: 'nested/dir/events.jsonl' });
    await send(logged.session.localUrl, callStatus('e-1', 'queued'), { headers: jsonHeaders() });
    expect(readFileSync(join(logged.dir, 'nested/dir/events.jsonl'), 'utf8').split('\n')).toHaveLength(2);
    const unlogged = await listen({ log: false });
    await send(unlogged.session.localUrl, callStatus('e-1', 'queued'), { headers: jsonHeaders() });
    expect(unlogged.io.out$()).toContain('log      off (--no-log)');
    expect(existsSync(join(unlogged.dir, '.voicehub-hooks'))).toBe(false);
  });

  it('explains a port that is already taken', async () => {
    const taken = await listen({ log: false });
    const port = new URL(taken.session.localUrl).port;
    const temp = tempDir();
    cleanup.push(temp.remove);
    const options = parseListenOptions({ host: '127.0.0.1', port, log: false, maxBody: '1m', tunnel: false }, temp.dir);
    const error = await startListen(captureIo(temp.dir), options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect(error).toMatchObject({ message: `port ${port} is in use`, hint: 'use --port 0 for a free port or stop the other process' });
  });

  it('warns when listening beyond loopback', async () => {
    const { io } = await listen({ host: '0.0.0.0', log: false });
    expect(io.out$()).toContain('⚠ listening on all interfaces (0.0.0.0): anyone who can reach this machine can post to it');
  });
});

describe('parseListenOptions', () => {
  const base: RawListenOptions = { host: '127.0.0.1', port: '4000', log: '.voicehub-hooks/events.jsonl', maxBody: '1m' };
  const parse = (flags: Partial<RawListenOptions>) => parseListenOptions({ ...base, ...flags }, '/work/app');

  it('fills in the defaults, resolves the log against the working directory and reads sizes', () => {
    expect(parse({})).toEqual({
      host: '127.0.0.1',
      port: 4000,
      logPath: '/work/app/.voicehub-hooks/events.jsonl',
      maxBodyBytes: 1024 * 1024,
      json: false,
      verbose: false,
      quiet: false,
      tunnel: true,
      fetchAnalysis: false,
    });
    expect([parse({ maxBody: '512k' }).maxBodyBytes, parse({ maxBody: '2MiB' }).maxBodyBytes, parse({ maxBody: '1000' }).maxBodyBytes]).toEqual([
      512 * 1024,
      2 * 1024 * 1024,
      1000,
    ]);
    expect(parse({ log: false, secret: '' })).not.toHaveProperty('logPath');
    expect(parse({ secret: '' })).not.toHaveProperty('secret');
  });

  it.each([
    [{ port: '70000' }, '--port must be a whole number from 0 to 65535 (got "70000")'],
    [{ port: 'abc' }, '--port must be a whole number from 0 to 65535 (got "abc")'],
    [{ status: '42' }, '--status must be a whole number from 200 to 599 (got "42")'],
    [{ failFirst: '0' }, '--fail-first must be a whole number from 1 to 1000 (got "0")'],
    [{ maxBody: '1g' }, '--max-body must be a size from 1 byte to 64m (got "1g")'],
    [{ maxBody: '100m' }, '--max-body must be a size from 1 byte to 64m (got "100m")'],
    [{ forwardTo: 'localhost:3000' }, '--forward-to must be an http:// or https:// URL (got "localhost:3000")'],
    [{ path: 'webhooks' }, '--path must be a URL path starting with / (got "webhooks")'],
    [{ host: ' ' }, '--host must not be empty'],
  ])('rejects %o', (flags, message) => {
    expect(() => parse(flags)).toThrow(UsageError);
    expect(() => parse(flags)).toThrow(message);
  });
});
