import { secretHeaders } from '../io/redact.js';
import { UsageError } from '../io/errors.js';
import { userAgent } from '../io/user-agent.js';
import type { LogEntry, LogProblem } from '../log/reader.js';
import type { PreparedDelivery } from './prepare.js';
import { isPlatform, profileFor, type DetectedPlatform } from './profile.js';

/**
 * Headers that describe one hop, not the event: the client recomputes them.
 * `x-forwarded-*`, `cf-*` and `cdn-loop` are added by the tunnel in front of
 * `listen`, so the platform never sent them.
 */
const hopHeaders = new Set([
  'host',
  'content-length',
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'expect',
  'cdn-loop',
]);
const tunnelPrefixes = ['x-forwarded-', 'cf-'];

function isHopHeader(name: string): boolean {
  return hopHeaders.has(name) || tunnelPrefixes.some((prefix) => name.startsWith(prefix));
}

function headerValue(entry: LogEntry, name: string): string | undefined {
  const found = Object.entries(entry.record.headers).find(([key]) => key.toLowerCase() === name);
  const value = found?.[1];
  return Array.isArray(value) ? value[0] : value;
}

const carriedSecret = (entry: LogEntry) => headerValue(entry, 'x-webhook-secret') !== undefined;

function recordedEventId(entry: LogEntry): string | undefined {
  return entry.record.eventId ?? headerValue(entry, 'x-event-id');
}

/**
 * `listen` answers a body over --max-body with 413 without reading it, so
 * there is nothing to send "as recorded": it logs `bodyEncoding: "none"`.
 * Logs from before that marker logged such a body as empty text; its verdict
 * still tells it apart from `listen --status 413`, which reads the body first.
 */
function bodyWasRecorded({ record }: LogEntry): boolean {
  if (record.bodyEncoding === 'none') return false;
  return !(record.body === '' && record.verdict.startsWith('body too large'));
}

const whyNotRecorded = (entry: LogEntry) => `${entry.record.status} ${entry.record.verdict}`;
const resendBigBody = 'restart listen with a larger --max-body (e.g. --max-body 8m) and have the platform send it again';

export interface LogSelection {
  entries: LogEntry[];
  /** Selected deliveries left out, with why, in line order. */
  skipped: LogProblem[];
}

/**
 * The POSTs of the log, or the first delivery of one event: the others with
 * that id are the platform's retries of it. A delivery whose body was not
 * recorded is never sent, since an empty POST is not what the platform sent.
 */
export function selectEntries(entries: readonly LogEntry[], eventId: string | undefined, path: string): LogSelection {
  const posts = entries.filter((entry) => entry.record.method.toUpperCase() === 'POST');
  if (posts.length === 0) throw new UsageError(`${path} has no recorded POST deliveries`, 'run "voicehub-hooks listen" and send it some events first');
  if (eventId === undefined) {
    const kept = posts.filter(bodyWasRecorded);
    if (kept.length === 0) {
      throw new UsageError(`${path} has no delivery with a recorded body: listen answered every POST in it 413 (body too large) without reading it`, resendBigBody);
    }
    const skipped = posts.filter((entry) => !bodyWasRecorded(entry)).map((entry) => ({ line: entry.line, reason: `its body was not recorded (${whyNotRecorded(entry)})` }));
    return { entries: kept, skipped };
  }
  const matches = posts.filter((entry) => recordedEventId(entry) === eventId);
  const match = matches.find(bodyWasRecorded);
  if (match) return { entries: [match], skipped: [] };
  const [unread] = matches;
  if (unread) {
    throw new UsageError(
      `cannot re-send event ${eventId}: ${path} line ${unread.line} has no body, listen answered it ${whyNotRecorded(unread)} without reading it`,
      resendBigBody,
    );
  }
  const known = [...new Set(posts.map(recordedEventId).filter((id) => id !== undefined))];
  const sample = known.slice(-5).join(', ');
  throw new UsageError(`no delivery with event id ${eventId} in ${path}`, known.length > 0 ? `recent event ids: ${sample}` : 'the log has no event ids; drop --event to re-send every delivery');
}

function recordPlatform(entry: LogEntry): DetectedPlatform {
  return isPlatform(entry.record.platform) ? entry.record.platform : 'unknown';
}

export interface LogReplayContext {
  url: string;
  secret?: string;
}

/**
 * The recorded request, byte for byte, minus hop-by-hop headers. Secrets were
 * redacted when logged, so the current --secret is applied instead, and only
 * where the platform sends one.
 */
export function deliveryFromLog(entry: LogEntry, context: LogReplayContext): PreparedDelivery {
  const { record } = entry;
  const platform = recordPlatform(entry);
  const headers: Record<string, string> = {};
  for (const [rawName, value] of Object.entries(record.headers)) {
    const name = rawName.toLowerCase();
    if (isHopHeader(name) || secretHeaders.has(name)) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  headers['user-agent'] ??= userAgent;
  if (context.secret && (carriedSecret(entry) || profileFor(platform).voiceHubHeaders)) headers['x-webhook-secret'] = context.secret;
  const eventId = recordedEventId(entry);
  const eventType = record.eventType ?? headerValue(entry, 'x-event-type') ?? 'unknown';
  return {
    label: `log line ${entry.line}`,
    platform,
    eventType,
    ...(eventId ? { eventId } : {}),
    request: {
      url: context.url,
      headers,
      body: record.bodyEncoding === 'base64' ? Buffer.from(record.body, 'base64') : record.body,
    },
  };
}

/** The deliveries that went out with a secret the log could not keep. */
export function missingSecretNote(entries: readonly LogEntry[], secret: string | undefined): string | undefined {
  if (secret) return undefined;
  const count = entries.filter(carriedSecret).length;
  return count > 0 ? `${count} recorded ${count === 1 ? 'delivery' : 'deliveries'} carried x-webhook-secret; logs keep it redacted, so pass --secret to send it again` : undefined;
}
