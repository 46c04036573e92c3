import { EventEmitter } from 'node:events';
import { getGlobalDispatcher, type Dispatcher } from 'undici';
import type { RetryPolicy } from '../events/platforms.js';
import { redactText, secretHeaders } from '../io/redact.js';
import { classifyError, type FailureCause } from './classify.js';

export interface DeliveryRequest {
  url: string;
  headers: Record<string, string>;
  body: string | Uint8Array;
}

export interface Attempt {
  /** 1 for the first try. */
  attempt: number;
  ok: boolean;
  latencyMs: number;
  status?: number;
  cause?: FailureCause;
  /** The error code or a short reason, when the attempt failed. */
  detail?: string;
  /** Where a 3xx points: redirects are reported, not followed. */
  location?: string;
  /** The first bytes of the response, for display. */
  responseSnippet?: string;
}

export interface DeliveryResult {
  ok: boolean;
  attempts: Attempt[];
  totalMs: number;
}

export interface DeliveryDeps {
  dispatcher?: Dispatcher;
  /** Called as each attempt ends, before any retry delay. */
  onAttempt?: (attempt: Attempt) => void;
  signal?: AbortSignal;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Enough to show the user what their app said; the rest is drained unread. */
const snippetBytes = 2048;
/** A response larger than this is cut off rather than buffered. */
const maxResponseBytes = 1024 * 1024;

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

async function readSnippet(body: Dispatcher.ResponseData['body']): Promise<string> {
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let seen = 0;
  for await (const chunk of body) {
    const bytes = chunk as Buffer;
    seen += bytes.length;
    if (keptBytes < snippetBytes) {
      kept.push(bytes.subarray(0, snippetBytes - keptBytes));
      keptBytes += Math.min(bytes.length, snippetBytes - keptBytes);
    }
    if (seen > maxResponseBytes) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(kept).toString('utf8');
}

function credentialsIn(headers: Record<string, string>): string[] {
  return Object.entries(headers)
    .filter(([name]) => secretHeaders.has(name.toLowerCase()))
    .map(([, value]) => value);
}

/**
 * Cancels one attempt. undici takes an EventEmitter with `aborted` and
 * `reason` as well as an AbortSignal, and reacts to both alike; making this
 * costs far less than an AbortController and an AbortSignal.any for each
 * attempt, which were a quarter of replay's load-mode time.
 */
class AttemptCancel extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }
}

async function attemptOnce(
  req: DeliveryRequest,
  attempt: number,
  timeoutMs: number,
  deps: DeliveryDeps,
  now: () => number,
): Promise<Attempt> {
  const started = now();
  const cancel = new AttemptCancel();
  let timedOut = false;
  // One timer bounds the whole attempt, headers and body, like the platform's request timeout.
  const timer = setTimeout(() => {
    timedOut = true;
    cancel.abort(new DOMException('This operation was aborted', 'AbortError'));
  }, timeoutMs);
  const outer = deps.signal;
  const onOuterAbort = () => cancel.abort(outer?.reason);
  if (outer?.aborted) onOuterAbort();
  else outer?.addEventListener('abort', onOuterAbort, { once: true });
  try {
    // The dispatcher's own request(), with origin and path as undici's
    // request(url) would derive them: that wrapper re-spreads the options into
    // a new object each call, which V8 gives a hidden class of its own.
    const url = new URL(req.url);
    const res = await (deps.dispatcher ?? getGlobalDispatcher()).request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      headers: req.headers,
      body: req.body,
      signal: cancel,
    });
    // An app that echoes the request back (a debug endpoint, an error page) must not make us print its secret.
    const responseSnippet = redactText(await readSnippet(res.body), credentialsIn(req.headers));
    const ok = res.statusCode >= 200 && res.statusCode < 300;
    const location = res.headers.location;
    return {
      attempt,
      ok,
      status: res.statusCode,
      latencyMs: now() - started,
      responseSnippet,
      ...(ok ? {} : { cause: 'status' as const }),
      ...(typeof location === 'string' ? { location } : {}),
    };
  } catch (error) {
    const { cause, code } = timedOut ? { cause: 'timeout' as const, code: `no answer within ${timeoutMs} ms` } : classifyError(error);
    return { attempt, ok: false, latencyMs: now() - started, cause, detail: code };
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}

/**
 * POSTs one payload with the platform's semantics: a non-2xx status, a
 * timeout or a connection error is retried `retries` times, `retryDelayMs`
 * apart, with the very same headers and body (so the same event id).
 * Serves both `replay` and `listen --forward-to`.
 */
export async function deliver(req: DeliveryRequest, policy: RetryPolicy, deps: DeliveryDeps = {}): Promise<DeliveryResult> {
  const now = deps.now ?? performance.now.bind(performance);
  const wait = deps.sleep ?? sleep;
  const started = now();
  const attempts: Attempt[] = [];
  for (let n = 1; n <= policy.retries + 1; n++) {
    const result = await attemptOnce(req, n, policy.timeoutMs, deps, now);
    attempts.push(result);
    deps.onAttempt?.(result);
    if (result.ok || deps.signal?.aborted) break;
    if (n <= policy.retries) await wait(policy.retryDelayMs, deps.signal);
  }
  const last = attempts[attempts.length - 1];
  return { ok: last?.ok ?? false, attempts, totalMs: now() - started };
}
