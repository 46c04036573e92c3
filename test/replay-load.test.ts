import { describe, expect, it } from 'vitest';
import { sinkPerTest } from './helpers/replay.js';
import { scratchDir } from './helpers/scratch.js';
import { answer } from './helpers/sink.js';

describe('replay load mode (built CLI)', () => {
  const scratch = scratchDir('vh-replay-load-');
  const { to, received, bodies } = sinkPerTest();

  it('accounts for every request and keeps at most --concurrency in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const target = await to((_n, _req, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight--;
        res.end('ok');
      }, 5);
    });
    const result = await scratch.run(['replay', 'CallStatusChanged', ...target, '--repeat', '200', '--concurrency', '20', '--json']);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ mode: 'load', deliveries: 200, completed: 200, sent: 200, succeeded: 200, retried: 0, failed: 0, concurrency: 20 });
    expect(summary.answers).toEqual({ 'HTTP 200': 200 });
    expect(received()).toHaveLength(summary.sent);
    expect(new Set(received().map((r) => r.headers['x-event-id'])).size).toBe(200);
    expect(peak).toBeLessThanOrEqual(20);
    expect(peak).toBeGreaterThan(1);
    expect(summary.latencyMs.p50).toBeLessThanOrEqual(summary.latencyMs.p95);
    expect(summary.latencyMs.p95).toBeLessThanOrEqual(summary.latencyMs.p99);
    expect(summary.requestsPerSecond).toBeGreaterThan(0);
    expect(result.stderr).toBe('');
  });

  it('counts retried deliveries and their extra requests', async () => {
    // The first attempt of every tenth event fails once; its retry succeeds.
    const seen = new Set<unknown>();
    const target = await to((n, req, res) => {
      const id = req.headers['x-event-id'];
      const firstTime = !seen.has(id);
      seen.add(id);
      answer(firstTime && seen.size % 10 === 0 ? 500 : 200)(n, req, res);
    });
    const result = await scratch.run(['replay', 'CallStudioJobStatusChanged', ...target, '--repeat', '50', '--concurrency', '5', '--retry-delay', '0', '--json']);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(received()).toHaveLength(summary.sent);
    expect(summary).toMatchObject({ sent: 55, succeeded: 50, retried: 5, failed: 0, answers: { 'HTTP 200': 50, 'HTTP 500': 5 } });
  });

  it('summarises failures for people and exits 1', async () => {
    const target = await to(answer(503));
    const result = await scratch.run(['replay', 'PostCall', 'HANG_UP', ...target, '--repeat', '20', '--concurrency', '4']);
    expect(result.code).toBe(1);
    expect(received()).toHaveLength(20);
    expect(result.stdout).toContain(`load: 20 of 20 deliveries to ${target[1]}, 4 in flight`);
    expect(result.stdout).toMatch(/sent {7}20 requests\n/);
    expect(result.stdout).toMatch(/failed {5}20\n/);
    expect(result.stdout).toMatch(/latency {4}p50 [\d.]+ ms {2}p95 [\d.]+ ms {2}p99 [\d.]+ ms/);
    expect(result.stdout).toMatch(/throughput \d+ requests\/s/);
    expect(result.stdout).toContain('HTTP 503 ×20');
    expect(bodies().filter((b) => 'webhookEvent' in b)).toHaveLength(10);
  });
});
