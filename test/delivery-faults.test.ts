import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { deliver } from '../src/delivery/deliver.js';

/** A raw TCP target, so a test can misbehave below HTTP (reset, stall mid-body). */
async function rawTarget(onConnection: (socket: Socket) => void): Promise<{ url: string; server: Server; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, server, sockets };
}

const onceRequest = (socket: Socket, then: () => void) => socket.once('data', then);
const body = '{"eventId":"evt-fault"}';

describe('delivery engine under target faults', () => {
  let target: Awaited<ReturnType<typeof rawTarget>> | undefined;
  let agent: Agent | undefined;
  afterEach(async () => {
    await agent?.close();
    target?.sockets.forEach((s) => s.destroy());
    await new Promise((resolve) => target?.server.close(resolve) ?? resolve(undefined));
    target = undefined;
    agent = undefined;
  });

  const send = (url: string, timeoutMs = 400, retries = 1) => {
    agent = new Agent();
    return deliver({ url, headers: { 'content-type': 'application/json' }, body }, { retries, retryDelayMs: 20, timeoutMs }, { dispatcher: agent });
  };

  it('reports a connection reset and retries it', async () => {
    target = await rawTarget((socket) => onceRequest(socket, () => socket.resetAndDestroy()));
    const result = await send(target.url);
    expect(result.ok).toBe(false);
    expect(result.attempts.map((a) => a.cause)).toEqual(['reset', 'reset']);
  });

  it('ends a response that never finishes its body with a timeout within the bound', async () => {
    target = await rawTarget((socket) =>
      onceRequest(socket, () => socket.write('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{"partial":'),
    ));
    const started = performance.now();
    const result = await send(target.url, 300, 0);
    expect(result.attempts[0]).toMatchObject({ ok: false, cause: 'timeout' });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('cuts off a huge response body instead of buffering it, and keeps the status', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'x');
    target = await rawTarget((socket) =>
      onceRequest(socket, () => {
        socket.write('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n');
        // 8 MiB announced in chunks; the engine must stop reading after its cap.
        const pump = (left: number): void => {
          if (left === 0 || socket.destroyed) return void socket.end('0\r\n\r\n');
          const ok = socket.write(`${chunk.length.toString(16)}\r\n${chunk.toString()}\r\n`);
          if (ok) setImmediate(() => pump(left - 1));
          else socket.once('drain', () => pump(left - 1));
        };
        pump(128);
      }),
    );
    const result = await send(target.url, 5_000, 0);
    expect(result.attempts[0]).toMatchObject({ ok: true, status: 200 });
    expect(result.attempts[0]?.responseSnippet?.length).toBe(2048);
  });

  it('times out a target that answers just past the timeout, on every attempt', async () => {
    target = await rawTarget((socket) =>
      onceRequest(socket, () => {
        const late = setTimeout(() => socket.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok'), 350);
        socket.once('close', () => clearTimeout(late));
      }),
    );
    const result = await send(target.url, 300, 2);
    expect(result.attempts.map((a) => a.cause)).toEqual(['timeout', 'timeout', 'timeout']);
    for (const attempt of result.attempts) expect(attempt.latencyMs).toBeLessThan(1_000);
  });

  it('stops between attempts when aborted, without waiting out the retry delay', async () => {
    target = await rawTarget((socket) => onceRequest(socket, () => socket.end('HTTP/1.1 500 Oops\r\ncontent-length: 0\r\n\r\n')));
    agent = new Agent();
    const controller = new AbortController();
    const started = performance.now();
    const result = await deliver(
      { url: target.url, headers: {}, body },
      { retries: 5, retryDelayMs: 10_000, timeoutMs: 1_000 },
      { dispatcher: agent, signal: controller.signal, onAttempt: () => controller.abort() },
    );
    expect(result.attempts).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
