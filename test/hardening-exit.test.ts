import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

/**
 * The delivery engine must leave no socket or timer behind: `replay` has to
 * exit as soon as its verdict is in, whatever the target did. A leaked
 * per-attempt timer would keep the process alive for the whole (long)
 * timeout, a leaked socket until the target hangs up.
 */
let server: Server | undefined;
const sockets = new Set<Socket>();

async function target(onRequest: (socket: Socket) => void): Promise<string> {
  server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    socket.once('data', () => onRequest(socket));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}

afterEach(async () => {
  sockets.forEach((socket) => socket.destroy());
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

const timed = async (args: string[]) => {
  const started = performance.now();
  const result = await runCli(args, { timeoutMs: 30_000 });
  return { ...result, ms: performance.now() - started };
};

describe('replay exits promptly after its verdict', () => {
  it('after a quick success under a 60 s timeout, with the target keeping the connection open', async () => {
    const url = await target((socket) => socket.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: keep-alive\r\n\r\nok'));
    const result = await timed(['replay', 'CallStatusChanged', '--to', url, '--timeout', '60000']);
    expect(result.code).toBe(0);
    expect(result.ms).toBeLessThan(10_000);
  });

  it('after a body that never finishes, once the attempt timeout has passed', async () => {
    const url = await target((socket) => socket.write('HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n{"partial":'));
    const result = await timed(['replay', 'CallStatusChanged', '--to', url, '--timeout', '500', '--retries', '1', '--retry-delay', '100']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/timeout after 500 ms/);
    expect(result.ms).toBeLessThan(10_000);
  });

  it('after a connection reset on every attempt', async () => {
    const url = await target((socket) => socket.resetAndDestroy());
    const result = await timed(['replay', 'CallStatusChanged', '--to', url, '--retries', '2', '--retry-delay', '50', '--timeout', '60000']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/connection reset/);
    expect(result.ms).toBeLessThan(10_000);
  });
});
