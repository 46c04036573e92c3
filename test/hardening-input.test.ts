import { connect, type Socket } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startListen, type RunningListen } from './helpers/listen.js';

/**
 * Hostile input against the real receiver: it must keep answering
 * well-formed deliveries throughout, and every response must be a
 * deliberate status. Loopback only, bounded in count and time.
 */
const deliberate = new Set([200, 400, 401, 404, 405, 408, 413, 431, 503]);
const wellFormed = (n: number) =>
  JSON.stringify({ eventType: 'CallStatusChanged', eventId: `good-${n}`, callId: 'call_ok', status: 'queued', timestamp: new Date(0).toISOString() });

/** A small deterministic generator, so a failure can be reproduced from its index. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => ((state = (Math.imul(state ^ (state >>> 15), 2246822519) + 0x9e3779b9) >>> 0) / 2 ** 32);
  const int = (max: number) => Math.floor(next() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  return { int, pick };
}

type Case = { body: Buffer; contentType: string; extraHeaders: Record<string, string> };

function hostileCase(index: number): Case {
  const g = generator(index + 1);
  const kinds = [
    () => Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1]),
    () => Buffer.from(`${'['.repeat(5_000 + g.int(20_000))}${']'.repeat(10)}`),
    () => Buffer.from(`${'{"a":'.repeat(2_000)}1${'}'.repeat(2_000)}`),
    () => Buffer.from(`{"eventType":"CallStatusChanged","n":1e${g.int(400)},"big":${'9'.repeat(400)}}`),
    () => Buffer.from('{"__proto__":{"polluted":true,"eventType":"CallStatusChanged"},"constructor":{"prototype":{"polluted":true}}}'),
    () => Buffer.alloc(0),
    () => Buffer.from(Array.from({ length: 64 + g.int(512) }, () => g.int(256))),
    () => Buffer.from(`{"eventType":${JSON.stringify('x'.repeat(g.int(5000)))},"eventId":null}`),
    () => Buffer.from('{"eventType":"CallStatusChanged",'),
    () => Buffer.from(JSON.stringify({ eventType: 'AnalysisResultReady', eventId: 7, callId: ['a'], analysisResultUrl: 'javascript:alert(1)' })),
    () => Buffer.from('\u0000\u0001{"a":1}'),
    () => Buffer.from(JSON.stringify({ webhookEvent: { toString: 1 }, id: {} })),
  ];
  const types = ['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '', 'application/json; charset=latin1'];
  const headers: Record<string, string>[] = [
    {},
    { 'x-event-type': '\u00ff'.repeat(10) },
    { 'x-event-id': 'x'.repeat(2000) },
    { 'x-webhook-secret': '' },
    { 'x-timestamp': 'not a date' },
  ];
  return { body: g.pick(kinds)(), contentType: g.pick(types), extraHeaders: g.pick(headers) };
}

/** Raw HTTP over a socket, so bodies may lie about their length or stop half-way. */
function rawExchange(port: number, payload: string | Buffer, endAfterMs = 0): Promise<number | 'closed'> {
  return new Promise((resolve) => {
    const socket: Socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const status = answer.match(/^HTTP\/1\.1 (\d{3})/);
      resolve(status ? Number(status[1]) : 'closed');
    });
    socket.write(payload);
    if (endAfterMs > 0) setTimeout(() => socket.destroy(), endAfterMs);
  });
}

describe('receiver against hostile input', () => {
  let listen: RunningListen;
  beforeAll(async () => {
    listen = await startListen(['--quiet']);
  });
  afterAll(async () => {
    const result = await listen.cli.stop('SIGTERM');
    expect(result.code).toBe(0);
  });

  const good = async (n: number) => {
    const res = await request(`${listen.url}/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: wellFormed(n) });
    await res.body.dump();
    return res.statusCode;
  };

  it('answers 2,000 generated bodies and headers deliberately, and well-formed deliveries throughout', async () => {
    const statuses = new Map<number, number>();
    let goodOk = 0;
    for (let batch = 0; batch < 40; batch++) {
      const results = await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const hostile = hostileCase(batch * 50 + i);
          const headers: Record<string, string> = { ...hostile.extraHeaders };
          if (hostile.contentType) headers['content-type'] = hostile.contentType;
          const res = await request(`${listen.url}/fuzz/${batch}/${i}`, { method: 'POST', headers, body: hostile.body });
          await res.body.dump();
          return res.statusCode;
        }),
      );
      for (const status of results) statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if ((await good(batch)) === 200) goodOk++;
    }
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(2_000);
    for (const status of statuses.keys()) expect(deliberate.has(status), `status ${status}`).toBe(true);
    expect(goodOk).toBe(40);
  });

  it('survives chunked bodies that stop half-way and lies about content-length', async () => {
    const cases = [
      'POST /a HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{"eventType":"Ca',
      'POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{"short":true}',
      'POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nnot hex\r\n',
      'GARBAGE\r\n\r\n',
      'POST /d HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n12345',
    ];
    const outcomes = await Promise.all(cases.map((payload) => rawExchange(listen.port, payload, 300)));
    for (const outcome of outcomes) expect(outcome === 'closed' || deliberate.has(outcome), String(outcome)).toBe(true);
    expect(await good(1_000)).toBe(200);
  });

  it('keeps answering while 200 slow clients trickle a byte at a time', async () => {
    const slow: Socket[] = [];
    const request = 'POST /slow HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 64\r\n\r\n';
    for (let i = 0; i < 200; i++) {
      const socket = connect(listen.port, '127.0.0.1');
      socket.on('error', () => undefined);
      slow.push(socket);
    }
    let offset = 0;
    const trickle = setInterval(() => {
      for (const socket of slow) if (!socket.destroyed) socket.write(request[offset % request.length] ?? ' ');
      offset++;
    }, 50);
    try {
      const answered: number[] = [];
      for (let n = 0; n < 20; n++) {
        answered.push(await good(2_000 + n));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(answered.every((status) => status === 200)).toBe(true);
    } finally {
      clearInterval(trickle);
      slow.forEach((socket) => socket.destroy());
    }
  });

  it('logged every well-formed delivery exactly once and never a polluted prototype', async () => {
    const lines = listen.logLines();
    const goodIds = lines.map((line) => line.eventId).filter((id): id is string => typeof id === 'string' && id.startsWith('good-'));
    expect(new Set(goodIds).size).toBe(goodIds.length);
    expect(goodIds.length).toBe(40 + 1 + 20);
    const polluted = lines.filter((line) => typeof line.body === 'string' && line.body.includes('__proto__'));
    expect(polluted.length).toBeGreaterThan(0);
    for (const line of polluted) expect(line.eventType === 'CallStatusChanged').toBe(false);
  });
});
