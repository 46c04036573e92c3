import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { LogRecord } from '../src/log/record.js';
import { JsonlLogWriter, type LogSink } from '../src/log/writer.js';
import { createReceiver, type ReceiverOptions } from '../src/receiver/server.js';
import { logRecord } from './helpers/log-record.js';
import { json, jsonHeaders, send, tempDir } from './helpers/receiver-client.js';

/** What the receiver writes into the log, and what it says about each write. */
describe('receiver: the log record', () => {
  async function start(options: Partial<ReceiverOptions>, log: LogSink) {
    const logResults: (string | undefined)[] = [];
    const receiver = createReceiver(
      { host: '127.0.0.1', port: 0, policy: {}, maxBodyBytes: 1024, ...options },
      { log, onLogResult: (problem) => logResults.push(problem) },
    );
    const { url } = await receiver.listen();
    onTestFinished(() => log.close());
    onTestFinished(async () => {
      await receiver.close();
    });
    return { url, logResults };
  }

  function logged(): { log: JsonlLogWriter; records: () => LogRecord[] } {
    const temp = tempDir();
    onTestFinished(temp.remove);
    const path = join(temp.dir, 'events.jsonl');
    const log = new JsonlLogWriter(path);
    return {
      log,
      records: () =>
        readFileSync(path, 'utf8')
          .trim()
          .split('\n')
          .map((line) => LogRecord.parse(JSON.parse(line))),
    };
  }

  it('keeps the body byte for byte even where it contains the secret or what the sender sent as one', async () => {
    const file = logged();
    // A short secret that also occurs inside ordinary ids, as "test" does in test fixtures.
    const { url } = await start({ secret: 'test' }, file.log);
    const accepted = json({ callId: 'test-call-123', note: 'a test' });
    const refused = json({ callId: 'call-guess-1', agent: 'guess' });
    expect((await send(url, accepted, { headers: jsonHeaders({ 'x-webhook-secret': 'test' }) })).status).toBe(200);
    expect((await send(url, refused, { headers: jsonHeaders({ 'x-webhook-secret': 'guess' }) })).status).toBe(401);
    const records = file.records();
    expect(records.map((record) => [record.body, record.bodyEncoding])).toEqual([
      [accepted, 'utf8'],
      [refused, 'utf8'],
    ]);
    expect(records.map((record) => record.headers['x-webhook-secret'])).toEqual(['[redacted]', '[redacted]']);
  });

  it('says "none" for a body it never read, unlike a body that was empty', async () => {
    const file = logged();
    const { url } = await start({}, file.log);
    const big = json({ eventType: 'CallStatusChanged', padding: 'x'.repeat(4096) });
    expect((await send(url, big, { headers: jsonHeaders({ 'x-event-id': 'e-big' }) })).status).toBe(413);
    expect((await send(url, '', { headers: jsonHeaders() })).status).toBe(400);
    expect(file.records().map((record) => [record.status, record.body, record.bodyEncoding])).toEqual([
      [413, '', 'none'],
      [400, '', 'utf8'],
    ]);
  });

  it('still reads log lines written before "none" existed', () => {
    expect(LogRecord.parse(logRecord({ status: 413, body: '', bodyEncoding: 'utf8' })).bodyEncoding).toBe('utf8');
    expect(LogRecord.parse(logRecord({ status: 413, body: '', bodyEncoding: 'none' })).bodyEncoding).toBe('none');
  });

  it('reports each write to the log, and nothing for requests it does not log', async () => {
    const { url, logResults } = await start({}, new JsonlLogWriter('/dev/full'));
    expect((await send(url, json({ eventType: 'CallStatusChanged', eventId: 'e-1' }), { headers: jsonHeaders() })).status).toBe(503);
    expect((await send(url, '', { method: 'GET' })).status).toBe(405);
    expect((await send(`${url}?x=1`, '', { method: 'PUT' })).status).toBe(405);
    expect((await send(url, json({ eventType: 'CallStatusChanged', eventId: 'e-2' }), { headers: jsonHeaders() })).status).toBe(503);
    expect(logResults).toEqual(['no space left on the disk', 'no space left on the disk']);
  });

  it('reports a write that went through as no problem', async () => {
    const file = logged();
    const { url, logResults } = await start({}, file.log);
    expect((await send(url, json({ eventType: 'CallStatusChanged', eventId: 'e-1' }), { headers: jsonHeaders() })).status).toBe(200);
    expect(logResults).toEqual([undefined]);
  });
});
