import type { ChalkInstance } from 'chalk';
import { formatDuration } from '../render/attempt.js';
import type { LoadResult } from './load.js';

const round = (value: number, places = 2) => Number(value.toFixed(places));

export function loadJson(result: LoadResult, url: string, concurrency: number) {
  const latency = Object.fromEntries(Object.entries(result.latencyMs).map(([key, value]) => [key, round(value)]));
  return {
    mode: 'load',
    url,
    concurrency,
    deliveries: result.deliveries,
    completed: result.completed,
    sent: result.sent,
    succeeded: result.succeeded,
    retried: result.retried,
    failed: result.failed,
    latencyMs: latency,
    durationMs: round(result.durationMs, 1),
    requestsPerSecond: round(result.requestsPerSecond, 1),
    answers: result.answers,
    interrupted: result.interrupted,
  };
}

/** Loopback latencies are often below a millisecond: keep the decimals there. */
const latency = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;

const bar = (done: number, total: number, width = 24) => {
  const filled = total > 0 ? Math.round((done / total) * width) : width;
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
};

export function progressText(done: number, total: number): string {
  return `${bar(done, total)} ${done}/${total} deliveries`;
}

export function formatLoadSummary(result: LoadResult, url: string, concurrency: number, c: ChalkInstance): string {
  const { latencyMs: l } = result;
  const answers = Object.entries(result.answers)
    .sort(([, a], [, b]) => b - a)
    .map(([answer, count]) => `${answer} ×${count}`)
    .join(', ');
  const extraAttempts = result.sent - result.completed;
  const rows: [string, string][] = [
    ['sent', `${result.sent} requests${extraAttempts > 0 ? ` (${extraAttempts} of them retries)` : ''}`],
    ['succeeded', c.green(String(result.succeeded))],
    ['retried', `${result.retried} ${result.retried === 1 ? 'delivery' : 'deliveries'} needed more than one attempt`],
    ['failed', result.failed > 0 ? c.red(String(result.failed)) : '0'],
    ['latency', `p50 ${latency(l.p50)}  p95 ${latency(l.p95)}  p99 ${latency(l.p99)}  ${c.dim(`max ${latency(l.max)}`)}`],
    ['throughput', `${result.requestsPerSecond.toFixed(0)} requests/s over ${formatDuration(result.durationMs)}`],
    ['answers', answers || 'none'],
  ];
  const head = `${c.bold('load')}: ${result.completed} of ${result.deliveries} deliveries to ${url}, ${concurrency} in flight${result.interrupted ? c.yellow(' (interrupted)') : ''}`;
  return [head, ...rows.map(([name, value]) => `  ${c.dim(name.padEnd(11))}${value}`)].join('\n');
}
