import { readFileSync } from 'node:fs';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startListen, type RunningListen } from '../helpers/listen.js';

/**
 * `npm run test:stress`: 20,000 deliveries at concurrency 100 on loopback.
 * Every one must be answered, and in the log exactly once; memory must
 * level off because every in-memory structure is capped.
 */
const total = 20_000;
const concurrency = 100;

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? Number.NaN) / 1024;
}

describe('receiver under sustained load', () => {
  let listen: RunningListen;
  beforeAll(async () => {
    listen = await startListen(['--quiet']);
  });
  afterAll(async () => {
    await listen.cli.stop('SIGTERM');
  });

  it(`answers ${total} deliveries at concurrency ${concurrency} and logs each exactly once`, async () => {
    const pool = new Pool(listen.url, { connections: concurrency });
    const statuses = new Map<number, number>();
    let next = 0;
    const rss: number[] = [];
    const pid = listen.cli.child.pid ?? 0;
    const worker = async () => {
      while (next < total) {
        const n = next++;
        const body = JSON.stringify({ eventType: 'CallStatusChanged', eventId: `load-${n}`, callId: `call_${n % 500}`, status: 'in-progress', timestamp: new Date().toISOString() });
        const res = await pool.request({ path: '/webhooks', method: 'POST', headers: { 'content-type': 'application/json' }, body });
        await res.body.dump();
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        if (n % 2_000 === 0) rss.push(rssMiB(pid));
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = (performance.now() - started) / 1000;
    await pool.close();
    // The figures quoted in the README's Reliability section.
    console.log(`load: ${total} deliveries at concurrency ${concurrency} in ${seconds.toFixed(1)} s; RSS samples (MiB): ${rss.map((m) => m.toFixed(0)).join(' ')}`);

    expect(statuses.get(200)).toBe(total);
    const ids = listen.logLines().map((line) => line.eventId);
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    // From the second sample on, memory may wobble with GC but must not keep growing with the count.
    const settled = rss.slice(2);
    expect(Math.max(...settled)).toBeLessThan((settled[0] ?? 0) * 1.5 + 20);
  });
});
