import { createServer, type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Detection } from '../events/detect.js';
import { IdleCounter } from '../io/idle-counter.js';
import { redactHeaders } from '../io/redact.js';
import type { LogSink } from '../log/writer.js';
import { AttemptCounter, eventKey } from './attempts.js';
import { readBody } from './body.js';
import { declaresJson, interpretBody, meantAsJson, type BodyContent, type Delivery } from './delivery.js';
import { LogBatch } from './log-batch.js';
import { checkSecret } from './secret.js';
import { toLogRecord } from './to-record.js';
import { acceptedVerdict, statusOf, verdictText, type ResponsePolicy, type Verdict } from './verdict.js';

export interface ReceiverOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** When set, only this path accepts deliveries (the query string is ignored). */
  path?: string;
  /** When set, `x-webhook-secret` must match it. */
  secret?: string;
  policy: ResponsePolicy;
  maxBodyBytes: number;
  /** Distinct events remembered for duplicate detection. */
  dedupeCapacity?: number;
  /** Bound on receiving one request, headers and body, so slow clients cannot pin connections. */
  requestTimeoutMs?: number;
  /**
   * How long `close()` lets unfinished requests run before cutting their
   * connections; one still being received then is not acknowledged.
   */
  shutdownGraceMs?: number;
}

export interface ReceiverDeps {
  /** Absent with `--no-log`. */
  log?: LogSink;
  now?: () => Date;
  /** Called once per answered request, after the answer was sent. */
  onDelivery?: (delivery: Delivery) => void;
  /** A fault in the receiver itself; the request was answered 500 and serving continues. */
  onError?: (error: unknown) => void;
  /**
   * Called after each write to the log (one per turn of the event loop with
   * deliveries to log): undefined when every line went in, else why not.
   */
  onLogResult?: (problem: string | undefined) => void;
}

export interface ReceiverSummary {
  /** Requests answered. */
  deliveries: number;
  /** Answered 2xx. */
  accepted: number;
  /** Answered anything else. */
  rejected: number;
  /** Arrivals of an event already seen. */
  duplicates: number;
  /** Clients that went away before sending their whole body. */
  aborted: number;
}

export interface Receiver {
  listen(): Promise<{ url: string; port: number }>;
  /** Requests that arrived and are not answered yet, those whose body is still coming in included. */
  readonly unanswered: number;
  /** Stops accepting, lets requests in flight finish, and reports what was received. */
  close(): Promise<ReceiverSummary>;
}

export const defaultDedupeCapacity = 10_000;
const lingerBytes = 1024 * 1024;

const unreadBody: BodyContent = { format: 'unread' };
const emptyBody = Buffer.alloc(0);

type Draft = Omit<Delivery, 'status' | 'verdictText' | 'logError'>;

function headerText(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? undefined : first;
}

/** What can be told about a request whose body was never read. */
function fromHeadersOnly(headers: IncomingHttpHeaders): Detection {
  const eventId = headerText(headers, 'x-event-id');
  return {
    platform: 'unknown',
    eventType: headerText(headers, 'x-event-type') ?? 'unknown',
    known: false,
    ...(eventId !== undefined ? { eventId } : {}),
    warnings: [],
  };
}

type DetectEvent = typeof import('../events/detect.js').detectEvent;

function detect(detectEvent: DetectEvent, body: BodyContent, headers: IncomingHttpHeaders): Detection {
  const detection = detectEvent(body.format === 'json' ? body.value : undefined, headers);
  const eventId = detection.eventId ?? headerText(headers, 'x-event-id');
  const contentType = headerText(headers, 'content-type');
  return { ...detection, ...(eventId !== undefined ? { eventId } : {}), warnings: bodyWarnings(body, detection, contentType) };
}

function bodyWarnings(body: BodyContent, detection: Detection, contentType: string | undefined): string[] {
  // A body that is not JSON at all is labelled as such on its line; "not a JSON object" would only repeat it.
  if (body.format !== 'json') return [];
  if (declaresJson(contentType)) return detection.warnings;
  return [...detection.warnings, `content-type is "${contentType}"; the platforms send application/json`];
}

function pathOf(target: string): string {
  const path = target.startsWith('/') ? (target.split('?')[0] ?? '/') : safePathname(target);
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

function safePathname(target: string): string {
  try {
    return new URL(target).pathname;
  } catch {
    return target;
  }
}

function hostForUrl(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

const isSuccess = (status: number) => status >= 200 && status < 300;

/** What is known of a request before its verdict. */
type Unread = Omit<Draft, 'verdict'>;

// Drafts and deliveries are written out field by field. Spreading one into a
// new literal and adding a key (`{ ...unread, verdict }`) makes V8 (Node 20)
// give every such object a hidden class of its own: under a burst, one dead
// class per delivery filled the old generation, most of listen's memory growth.

function draftOf(unread: Unread, verdict: Verdict, read: Partial<Pick<Draft, 'rawBody' | 'body' | 'detection' | 'attempt'>> = {}): Draft {
  return {
    receivedAt: unread.receivedAt,
    method: unread.method,
    path: unread.path,
    headers: unread.headers,
    rawBody: read.rawBody ?? unread.rawBody,
    body: read.body ?? unread.body,
    detection: read.detection ?? unread.detection,
    attempt: read.attempt ?? unread.attempt,
    receivedSecret: unread.receivedSecret,
    verdict,
  };
}

function complete(draft: Draft, logError?: string): Delivery {
  return {
    receivedAt: draft.receivedAt,
    method: draft.method,
    path: draft.path,
    headers: draft.headers,
    rawBody: draft.rawBody,
    body: draft.body,
    detection: draft.detection,
    attempt: draft.attempt,
    receivedSecret: draft.receivedSecret,
    verdict: draft.verdict,
    logError,
    status: statusOf(draft.verdict),
    verdictText: verdictText(draft.verdict, draft.attempt),
  };
}

/** Only an acknowledgement would lose the event; a refusal is retried by the platform anyway. */
function notLogged(draft: Draft, delivery: Delivery, logError: string): Delivery {
  return complete(isSuccess(delivery.status) ? { ...draft, verdict: { kind: 'log-failed', detail: logError } } : draft, logError);
}

function respond(res: ServerResponse, delivery: Delivery, extra: OutgoingHttpHeaders): void {
  const { status } = delivery;
  const payload =
    status === 204 || status === 304 ? '' : JSON.stringify(isSuccess(status) ? { received: true } : { received: false, reason: delivery.verdictText });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...extra });
  res.end(payload);
}

export function createReceiver(options: ReceiverOptions, deps: ReceiverDeps = {}): Receiver {
  const now = deps.now ?? (() => new Date());
  const attempts = new AttemptCounter(options.dedupeCapacity ?? defaultDedupeCapacity);
  const summary: ReceiverSummary = { deliveries: 0, accepted: 0, rejected: 0, duplicates: 0, aborted: 0 };
  const expectedPath = options.path === undefined ? undefined : pathOf(options.path);
  const unanswered = new IdleCounter();
  let closing = false;
  const requestTimeout = options.requestTimeoutMs ?? 10_000;

  const reportError = (error: unknown) => deps.onError?.(error);
  const logBatch =
    deps.log === undefined
      ? undefined
      : new LogBatch(deps.log, (problem) => {
          try {
            deps.onLogResult?.(problem);
          } catch (error) {
            reportError(error);
          }
        });

  // Detection validates with the zod schemas, whose loading was most of
  // `listen`'s start-up time. They load once the receiver listens; a delivery
  // that comes sooner waits for them.
  let detectEvent: DetectEvent | undefined;
  let detecting: Promise<DetectEvent> | undefined;
  const loadDetector = () => (detecting ??= import('../events/detect.js').then((module) => (detectEvent = module.detectEvent)));

  /** Answers, counts and hands the delivery on, in that order. */
  function answer(res: ServerResponse, delivery: Delivery, extra: OutgoingHttpHeaders): void {
    respond(res, delivery, closing ? { ...extra, connection: 'close' } : extra);
    summary.deliveries++;
    if (isSuccess(delivery.status)) summary.accepted++;
    else summary.rejected++;
    if (delivery.attempt > 1) summary.duplicates++;
    try {
      deps.onDelivery?.(delivery);
    } catch (error) {
      reportError(error);
    }
  }

  /**
   * Logs (when asked) and then answers. A logged delivery waits for the end of
   * this turn of the event loop, so that every delivery that arrived in it
   * goes to the log in one write; each is still answered only once its line
   * is written. Resolves when it was answered.
   */
  function settle(res: ServerResponse, draft: Draft, logged: boolean, extra: OutgoingHttpHeaders = {}): Promise<void> | void {
    const delivery = complete(draft);
    if (!logged || logBatch === undefined) return answer(res, delivery, extra);
    return new Promise((done, failed) => {
      const written = (problem: string | undefined) => {
        answer(res, problem === undefined ? delivery : notLogged(draft, delivery, problem), extra);
        done();
      };
      logBatch.add(toLogRecord(delivery), written, failed);
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const unread: Unread = {
      receivedAt: now(),
      method: req.method ?? '',
      path: req.url ?? '/',
      headers: redactHeaders(req.headers),
      rawBody: emptyBody,
      body: unreadBody,
      detection: fromHeadersOnly(req.headers),
      attempt: 0,
      receivedSecret: headerText(req.headers, 'x-webhook-secret'),
    };
    if (unread.method !== 'POST') {
      return settle(res, draftOf(unread, { kind: 'wrong-method', method: unread.method }), false, { allow: 'POST' });
    }
    if (expectedPath !== undefined && pathOf(unread.path) !== expectedPath) {
      return settle(res, draftOf(unread, { kind: 'wrong-path', expected: expectedPath }), false);
    }
    const read = await readBody(req, { maxBytes: options.maxBodyBytes, lingerBytes });
    if (read.kind === 'aborted') {
      summary.aborted++;
      return;
    }
    if (read.kind === 'too-large') {
      const { eventId } = unread.detection;
      const attempt = eventId !== undefined ? attempts.record(`id:${eventId}`) : 0;
      const verdict: Verdict = { kind: 'too-large', limitBytes: options.maxBodyBytes };
      return settle(res, draftOf(unread, verdict, { attempt }), true, read.drained ? {} : { connection: 'close' });
    }
    const body = interpretBody(read.bytes);
    const detection = detect(detectEvent ?? (await loadDetector()), body, req.headers);
    const attempt = attempts.record(eventKey(detection, read.bytes));
    const secretCheck = options.secret === undefined ? 'ok' : checkSecret(options.secret, req.headers['x-webhook-secret']);
    const verdict: Verdict =
      secretCheck !== 'ok' ? { kind: 'unauthorized', reason: secretCheck === 'missing' ? 'secret missing' : 'secret mismatch' } :
      body.format === 'json' || !meantAsJson(headerText(req.headers, 'content-type'), body) ? acceptedVerdict(options.policy, attempt) :
      { kind: 'malformed', detail: body.format === 'text' ? body.parseError : 'body is not valid UTF-8' };
    return settle(res, draftOf(unread, verdict, { rawBody: read.bytes, body, detection, attempt }), true);
  }

  const server = createServer(
    // Checked every second rather than Node's default 30, so the timeouts below hold closely.
    { requestTimeout, headersTimeout: requestTimeout, connectionsCheckingInterval: 1_000, keepAliveTimeout: 5_000 },
    (req, res) => {
      unanswered.start();
      void handle(req, res).then(unanswered.finish, (error: unknown) => {
        try {
          reportError(error);
          summary.deliveries++;
          summary.rejected++;
          if (!res.headersSent) {
            res.writeHead(500, { 'content-type': 'application/json', connection: 'close' });
            res.end(JSON.stringify({ received: false, reason: 'internal error' }));
          } else res.destroy();
        } finally {
          unanswered.finish();
        }
      });
    },
  );

  return {
    get unanswered() {
      return unanswered.count;
    },
    listen() {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen({ host: options.host, port: options.port }, () => {
          server.off('error', reject);
          server.on('error', reportError);
          const { port } = server.address() as AddressInfo;
          resolve({ url: `http://${hostForUrl(options.host)}:${port}${options.path ?? '/'}`, port });
          // After the caller has announced the address; a failure shows on the first delivery instead.
          setImmediate(() => loadDetector().catch(() => undefined));
        });
      });
    },
    async close() {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Running from the start: server.close() also ends Node's own request
      // timeout, so a client stuck mid-body would otherwise hold the stop forever.
      const grace = setTimeout(() => server.closeAllConnections(), options.shutdownGraceMs ?? 3_000);
      server.closeIdleConnections();
      await unanswered.idle();
      server.closeIdleConnections();
      await closed;
      clearTimeout(grace);
      return { ...summary };
    },
  };
}
