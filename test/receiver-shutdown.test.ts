import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { JsonlLogWriter } from '../src/log/writer.js';
import { createReceiver, type Receiver } from '../src/receiver/server.js';
import { json, jsonHeaders, send, tempDir, until } from './helpers/receiver-client.js';

/** A client that sends its headers and the start of its body, then goes quiet (as `curl -d @-` waiting on stdin). */
function stallUpload(url: string): { socket: Socket; reply: () => string; closed: Promise<void> } {
  const socket = connect(Number(new URL(url).port), '127.0.0.1');
  let reply = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => (reply += chunk));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.write('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":');
  return { socket, reply: () => reply, closed };
}

describe('receiver shutdown', () => {
  it('counts a request whose body is still arriving as unanswered, then stops within its grace period, acknowledging nothing', async () => {
    const temp = tempDir();
    const logPath = join(temp.dir, 'events.jsonl');
    const log = new JsonlLogWriter(logPath);
    // Node's own request timeout is far off, and server.close() turns it off anyway: only the grace period can end the upload.
    const receiver: Receiver = createReceiver({ host: '127.0.0.1', port: 0, policy: {}, maxBodyBytes: 1024, requestTimeoutMs: 60_000, shutdownGraceMs: 200 }, { log });
    const { url } = await receiver.listen();
    const stalled = stallUpload(url);
    onTestFinished(() => temp.remove());
    onTestFinished(() => log.close());
    onTestFinished(() => void stalled.socket.destroy());

    await until(() => receiver.unanswered === 1);
    expect((await send(url, json({ eventType: 'CallStatusChanged', eventId: 'e-meanwhile' }), { headers: jsonHeaders() })).status).toBe(200);
    expect(receiver.unanswered).toBe(1);

    const summary = await receiver.close();
    await stalled.closed;
    expect(stalled.reply()).toBe('');
    expect(summary).toMatchObject({ deliveries: 1, accepted: 1, aborted: 1 });
    expect(receiver.unanswered).toBe(0);
    expect(readFileSync(logPath, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('still lets a request that completes within the grace period finish and be answered', async () => {
    const receiver = createReceiver({ host: '127.0.0.1', port: 0, policy: {}, maxBodyBytes: 1024, shutdownGraceMs: 10_000 });
    const { url } = await receiver.listen();
    const stalled = stallUpload(url);
    onTestFinished(() => void stalled.socket.destroy());
    await until(() => receiver.unanswered === 1);
    const closing = receiver.close();
    stalled.socket.end(`${'1'.padEnd(94, ' ')}}`);
    const summary = await closing;
    await stalled.closed;
    expect(stalled.reply()).toMatch(/^HTTP\/1\.1 200 /);
    expect(summary).toMatchObject({ deliveries: 1, accepted: 1, aborted: 0 });
  });
});
