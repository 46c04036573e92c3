import { request, type Dispatcher } from 'undici';
import { classifyError, type FailureCause } from '../delivery/classify.js';
import { sleep } from '../delivery/deliver.js';
import { CliError } from '../io/errors.js';
import { ExitCode } from '../io/exit-codes.js';
import { redactText } from '../io/redact.js';
import { userAgent } from '../io/user-agent.js';
import { answerLine, formatSeconds } from '../render/attempt.js';
import { printable } from '../render/printable.js';

export interface ApiSettings {
  apiKey: string;
  /** Bounds one request, headers and body. */
  timeoutMs: number;
  /** Retries after the first attempt, for 429 and 5xx answers only. */
  retries?: number;
}

export interface ApiDeps {
  dispatcher?: Dispatcher;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Told what is happening during retries and polls, for a spinner. */
  onProgress?: (note: string) => void;
}

export interface ApiResponse {
  url: string;
  status: number;
  /** The body exactly as the server sent it. */
  text: string;
  json: unknown;
}

export type ApiFailure =
  | FailureCause
  | 'auth'
  | 'not-found'
  | 'rate-limited'
  | 'server'
  | 'redirect'
  | 'not-json'
  | 'too-large'
  | 'not-ready';

/** An API or network failure: exit code 1, message already free of the key. */
export class ApiError extends CliError {
  constructor(
    message: string,
    hint: string,
    readonly reason: ApiFailure,
    readonly status?: number,
  ) {
    super(message, hint, ExitCode.failure);
    this.name = 'ApiError';
  }
}

export const defaultRetries = 3;
const firstBackoffMs = 500;
const maxBackoffMs = 8_000;
/** A Retry-After longer than this is reported rather than slept through. */
const maxRetryAfterMs = 30_000;
/** Transcripts with word timings are large, but nothing legitimate is this large. */
const maxResponseBytes = 64 * 1024 * 1024;

interface Answer {
  status: number;
  headers: Dispatcher.ResponseData['headers'];
  text: string;
}

const headerValue = (headers: Answer['headers'], name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

async function readBody(body: Dispatcher.ResponseData['body']): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const bytes = chunk as Buffer;
    size += bytes.length;
    if (size > maxResponseBytes) {
      body.destroy();
      return undefined;
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The server's own words about an error (`message` or `error`), when it gave any, on one short line, safe to print. */
function serverMessage(text: string): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const said = (body as Record<string, unknown>).message ?? (body as Record<string, unknown>).error;
  const parts = Array.isArray(said) ? said : [said];
  return answerLine(parts.filter((part) => typeof part === 'string').join('; '), 160);
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return 'an empty body';
  // JSON escapes C0 controls but not DEL or C1.
  return printable(JSON.stringify(flat.length > 40 ? `${flat.slice(0, 39)}…` : flat));
}

/** Seconds from a Retry-After header, when it holds seconds (the form APIs use for 429). */
function retryAfterMs(headers: Answer['headers']): number | undefined {
  const value = headerValue(headers, 'retry-after')?.trim();
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value) * 1000;
}

const retryable = (status: number) => status === 429 || status >= 500;

function networkError(error: unknown, url: URL, timedOut: boolean, timeoutMs: number): ApiError {
  if (timedOut) {
    return new ApiError(`no answer from ${url.host} within ${timeoutMs} ms`, 'raise --timeout, or check your connection', 'timeout');
  }
  const { cause, code } = classifyError(error);
  switch (cause) {
    case 'timeout':
      return new ApiError(`no answer from ${url.host} (${code})`, 'raise --timeout, or check your connection', cause);
    case 'dns':
      return new ApiError(`cannot resolve ${url.hostname} (${code})`, 'check the host in --base-url or the URL, and your network', cause);
    case 'refused':
      return new ApiError(`connection refused by ${url.host}`, `is the API (or your local stand-in) running at ${url.origin}?`, cause);
    case 'tls':
      return new ApiError(
        `TLS failure talking to ${url.host} (${code})`,
        'the server does not speak https there, or its certificate is not trusted (behind a proxy, set NODE_EXTRA_CA_CERTS)',
        cause,
      );
    case 'reset':
      return new ApiError(`the connection to ${url.host} closed before an answer (${code})`, 'try again in a moment', cause);
    default:
      return new ApiError(`network failure talking to ${url.host} (${code})`, 'check your connection and try again', cause);
  }
}

async function requestOnce(url: URL, settings: ApiSettings, deps: ApiDeps): Promise<Answer> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), settings.timeoutMs);
  try {
    const res = await request(url, {
      method: 'GET',
      headers: { 'x-dq-api-key': settings.apiKey, accept: 'application/json', 'user-agent': userAgent },
      signal: timeout.signal,
      ...(deps.dispatcher ? { dispatcher: deps.dispatcher } : {}),
    });
    const text = await readBody(res.body);
    if (text === undefined) {
      const limit = `${maxResponseBytes / 1024 / 1024} MB`;
      const hint = 'check the URL: this is not a VoiceHub result';
      throw new ApiError(`the answer from ${url.host} is larger than ${limit}`, hint, 'too-large', res.statusCode);
    }
    return { status: res.statusCode, headers: res.headers, text };
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw networkError(error, url, timeout.signal.aborted, settings.timeoutMs);
  } finally {
    clearTimeout(timer);
  }
}

function failureFor(answer: Answer, url: URL, attempts: number, retryAfter: number | undefined): ApiError {
  const { status } = answer;
  const said = serverMessage(answer.text);
  const detail = `HTTP ${status}${said ? `: ${said}` : ''}`;
  const tries =
    retryAfter !== undefined && retryAfter > maxRetryAfterMs
      ? `; it asks to wait ${formatSeconds(retryAfter)}, too long to wait here`
      : attempts > 1
        ? ` after ${attempts} attempts`
        : '';
  if (status === 401 || status === 403) {
    const hint = 'check VOICEHUB_API_KEY / --api-key: it is the agent API key, sent as x-dq-api-key';
    return new ApiError(`the API rejected the key (${detail})`, hint, 'auth', status);
  }
  if (status === 404) {
    const hint = 'check the id, or add --wait to poll until the result is ready';
    return new ApiError(`not found: unknown id, or the result is not ready yet (HTTP 404 for ${url.href})`, hint, 'not-found', status);
  }
  if (status === 429) {
    return new ApiError(`the API is rate limiting requests (${detail})${tries}`, 'wait a minute and try again', 'rate-limited', status);
  }
  if (status >= 500) {
    return new ApiError(`the API failed (${detail})${tries}`, 'VoiceHub may be having trouble; try again later', 'server', status);
  }
  if (status >= 300 && status < 400) {
    const location = headerValue(answer.headers, 'location');
    return new ApiError(
      `the API redirected (HTTP ${status}) to ${location !== undefined ? printable(location) : 'nowhere'}; redirects are not followed so the key stays where you sent it`,
      'fetch the final URL directly if you trust it',
      'redirect',
      status,
    );
  }
  return new ApiError(`the API refused the request (${detail})`, 'check the id or URL', 'status', status);
}

function parsed(answer: Answer, url: URL): ApiResponse {
  let json: unknown;
  try {
    json = JSON.parse(answer.text);
  } catch {
    const type = printable(headerValue(answer.headers, 'content-type')?.split(';')[0] ?? 'no content type');
    throw new ApiError(
      `the API answered with something that is not JSON (HTTP ${answer.status}, ${type}, ${preview(answer.text)})`,
      'check that --base-url points at the VoiceHub API (…/api/v1)',
      'not-json',
      answer.status,
    );
  }
  return { url: url.href, status: answer.status, text: answer.text, json };
}

/**
 * One authenticated GET. 429 and 5xx answers are retried with exponential
 * backoff (or the server's Retry-After); everything else is returned or
 * thrown at once as an `ApiError` whose text never contains the key. The
 * caller must have checked the URL with `assertKeyMayGo` first.
 */
export async function apiGet(url: URL, settings: ApiSettings, deps: ApiDeps = {}): Promise<ApiResponse> {
  const wait = deps.sleep ?? sleep;
  const retries = settings.retries ?? defaultRetries;
  const safe = (text: string) => redactText(text, [settings.apiKey]);
  const redacted = (error: ApiError) => new ApiError(safe(error.message), safe(error.hint ?? ''), error.reason, error.status);
  try {
    for (let attempt = 1; ; attempt++) {
      const answer = await requestOnce(url, settings, deps);
      if (answer.status >= 200 && answer.status < 300) return parsed(answer, url);
      const retryAfter = retryAfterMs(answer.headers);
      const delay = retryAfter ?? Math.min(firstBackoffMs * 2 ** (attempt - 1), maxBackoffMs);
      if (!retryable(answer.status) || attempt > retries || delay > maxRetryAfterMs) {
        throw failureFor(answer, url, attempt, retryAfter);
      }
      deps.onProgress?.(`HTTP ${answer.status} from ${url.host}, retrying in ${formatSeconds(delay)} (attempt ${attempt + 1} of ${retries + 1})`);
      await wait(delay);
    }
  } catch (error) {
    throw error instanceof ApiError ? redacted(error) : error;
  }
}

