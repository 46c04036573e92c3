import type { ChalkInstance } from 'chalk';
import type { ReceiverSummary } from '../receiver/server.js';

export interface ForwardStats {
  forwarded: number;
  forwardFailures: number;
}

export type ListenSummary = ReceiverSummary & ForwardStats;

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One line on shutdown: what arrived, what was refused, what repeated, what the app took. */
export function renderSummary(summary: ListenSummary, forwarding: boolean, c: ChalkInstance): string {
  const parts = [
    `${count(summary.deliveries, 'delivery', 'deliveries')} (${summary.accepted} accepted, ${summary.rejected > 0 ? c.red(`${summary.rejected} rejected`) : '0 rejected'})`,
    count(summary.duplicates, 'duplicate'),
    // A client that hung up, one too slow for the 10 s request timeout (408), or one still sending at shutdown.
    ...(summary.aborted > 0 ? [c.yellow(`${count(summary.aborted, 'request')} cut off before the body arrived`)] : []),
    ...(forwarding ? [`${summary.forwarded} forwarded${summary.forwardFailures > 0 ? c.red(` (${summary.forwardFailures} failed)`) : ''}`] : []),
  ];
  return `${c.dim('stopped:')} ${parts.join(', ')}\n`;
}
