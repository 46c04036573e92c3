import type { ChalkInstance } from 'chalk';
import type { Detection } from '../events/detect.js';
import type { BodyContent, Delivery } from '../receiver/delivery.js';
import { prettyJson } from './json.js';
import { printable, printableLines } from './printable.js';

export interface LineContext {
  /** The status the same call or job had at its previous delivery, shown as `queued → started`. */
  previousStatus?: string;
  /** Already coloured text appended to the line, such as the forward result. */
  trailer?: string;
  /** Adds the (redacted) headers and the pretty body under the line. */
  verbose?: boolean;
}

const indent = '    ';
/** Wide enough for most event names, so ids and statuses line up. */
const typeWidth = 26;
/** A body larger than this is cut in `--verbose`; the log keeps all of it. */
const verboseTextLimit = 4096;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const troubledStatus = /fail|cancel|busy|unanswered|voicemail|error|no_answer|hang/i;

/** Enough of an id to tell deliveries apart at a glance; `--verbose` and the log have it whole. */
export function shortId(id: string): string {
  if (uuid.test(id)) return id.slice(0, 8);
  return id.length > 16 ? `${id.slice(0, 13)}…` : id;
}

function clock(at: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`;
}

/** Status changes in cyan, results ready to fetch in magenta, anything unrecognised in yellow. */
function eventLabel(detection: Detection, body: BodyContent, c: ChalkInstance): string {
  const type = printable(detection.eventType);
  // A request turned away unread says nothing about its event unless its headers name one.
  if (body.format === 'unread') return type === 'unknown' ? '' : c.dim(type.padEnd(typeWidth));
  if (body.format === 'binary') return c.yellow('binary body'.padEnd(typeWidth));
  if (body.format === 'text') return c.yellow('non-JSON body'.padEnd(typeWidth));
  if (!detection.known) return c.yellow(`${type === 'unknown' ? 'unknown event' : `${type} (unknown)`}`.padEnd(typeWidth));
  const isStatusChange = /StatusChanged$/.test(type) || (detection.platform === 'voxia' && !type.startsWith('POST_PROCESSING'));
  return (isStatusChange ? c.cyan : c.magenta)(type.padEnd(typeWidth));
}

function ids(detection: Detection, c: ChalkInstance): string {
  const parts: string[] = [];
  if (detection.callId) parts.push(`call=${printable(shortId(detection.callId))}`);
  if (detection.jobId) parts.push(`job=${printable(shortId(detection.jobId))}`);
  if (detection.eventId) parts.push(`evt=${printable(shortId(detection.eventId))}`);
  return c.dim(parts.join(' '));
}

function statusText(status: string | undefined, previous: string | undefined, c: ChalkInstance): string {
  if (status === undefined) return '';
  const paint = troubledStatus.test(status) ? c.red : status === 'completed' || status === 'COMPLETED' ? c.green : c.blue;
  const shown = paint(printable(status));
  return previous !== undefined && previous !== status ? `${c.dim(printable(previous))} → ${shown}` : shown;
}

function outcome(delivery: Delivery, c: ChalkInstance): string {
  const ok = delivery.status >= 200 && delivery.status < 300;
  // A JSON parse error quotes the body it choked on.
  const verdict = printable(delivery.verdictText);
  if (!ok) return c.red(`${delivery.status} ${verdict}`);
  return `${c.green(String(delivery.status))} ${delivery.attempt > 1 ? c.yellow(verdict) : c.dim(verdict)}`;
}

function verboseBody(body: BodyContent, c: ChalkInstance): string {
  switch (body.format) {
    case 'unread':
      return c.dim('(body not read)');
    case 'binary':
      return c.dim(`(${Buffer.byteLength(body.base64, 'base64')} bytes, not UTF-8; stored as base64 in the log)`);
    case 'text':
      return `${printableLines(body.text.slice(0, verboseTextLimit))}${body.text.length > verboseTextLimit ? c.dim('… (cut)') : ''}`;
    case 'json':
      try {
        return prettyJson(body.value, c);
      } catch {
        // Nesting deep enough to exhaust the stack: show the text rather than lose the line.
        return printableLines(body.text.slice(0, verboseTextLimit));
      }
  }
}

function verboseBlock(delivery: Delivery, c: ChalkInstance): string[] {
  const headers = Object.entries(delivery.headers).map(([name, value]) =>
    c.dim(`${indent}${printable(name)}: ${printable(Array.isArray(value) ? value.join(', ') : value)}`),
  );
  const body = verboseBody(delivery.body, c)
    .split('\n')
    .map((line) => `${indent}${line}`);
  return [...headers, '', ...body, ''];
}

/**
 * The one readable line for a delivery: time, event, the ids that matter,
 * status or transition, path, answer; then its warnings and, with
 * `--verbose`, its headers and body. Returned as one string so it is written
 * in one piece even when deliveries arrive together.
 */
export function renderDelivery(delivery: Delivery, context: LineContext, c: ChalkInstance): string {
  const { detection } = delivery;
  const target = printable(delivery.method === 'POST' ? delivery.path : `${delivery.method} ${delivery.path}`);
  const line = [
    c.dim(clock(delivery.receivedAt)),
    eventLabel(detection, delivery.body, c),
    ids(detection, c),
    statusText(detection.status, context.previousStatus, c),
    target,
    outcome(delivery, c),
    context.trailer ?? '',
  ]
    .filter((part) => part !== '')
    .join('  ');
  // Warnings repeat what the payload claims (its event type, its field names).
  const warnings = detection.warnings.map((warning) => c.yellow(`${indent}⚠ ${printable(warning)}`));
  const logProblem = delivery.logError !== undefined && delivery.verdict.kind !== 'log-failed' ? [c.red(`${indent}✖ not logged: ${delivery.logError}`)] : [];
  const extra = context.verbose ? verboseBlock(delivery, c) : [];
  return `${[line, ...warnings, ...logProblem, ...extra].join('\n')}\n`;
}
