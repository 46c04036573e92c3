import { redactText } from '../io/redact.js';
import type { CheckedResult } from './result.js';
import { retrieve, type ApiAccess } from './retrieve.js';
import { defaultBaseUrl, endpointUrl, parseBaseUrl, resultUrl, type ResultKind } from './target.js';

export interface EventResult {
  kind: ResultKind;
  url: string;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/**
 * Where the result announced by a webhook event lives: the URL the payload
 * carries, or the documented one built from its id. `undefined` for events
 * that announce no result.
 */
export function describeEventResult(body: unknown, baseUrl: URL = parseBaseUrl(defaultBaseUrl)): EventResult | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const event = body as Record<string, unknown>;
  const fromId = (kind: ResultKind, id: string | undefined, call = false) =>
    id === undefined ? undefined : { kind, url: endpointUrl(kind, id, baseUrl, { call }).href };
  const given = (kind: ResultKind, url: string | undefined) => (url === undefined ? undefined : { kind, url });
  switch (event.eventType) {
    case 'AnalysisResultReady':
      return given('analysis', text(event.analysisResultUrl)) ?? fromId('analysis', text(event.callId), true);
    case 'CallStudioJobAnalysisResultReady':
      return given('analysis', text(event.analysisResultUrl)) ?? fromId('analysis', text(event.jobId));
    case 'CallStudioJobTranscriptReady':
      return given('transcript', text(event.transcriptUrl)) ?? fromId('transcript', text(event.jobId));
    default:
      return undefined;
  }
}

export interface FetchedEventResult extends EventResult {
  /** The response checked against its schema, with the API key taken out of every string in it. */
  checked: CheckedResult;
}

/** An API that echoes the request back must not put the key into `listen`'s output, readable or `--json`. */
function withoutKey(value: unknown, apiKey: string): unknown {
  if (typeof value === 'string') return redactText(value, [apiKey]);
  if (Array.isArray(value)) return value.map((item) => withoutKey(item, apiKey));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([name, item]) => [redactText(name, [apiKey]), withoutKey(item, apiKey)]));
}

/**
 * For `listen --fetch-analysis`: fetches the result an event announces and
 * checks it against its schema (drift becomes warnings), or `undefined` when
 * the event announces none. Failures throw a `CliError` whose message and
 * hint are safe to print (the key never appears); the caller shows them and
 * carries on. The URL from the payload goes through the same https and host
 * rules as `fetch`.
 */
export async function fetchEventResult(body: unknown, access: ApiAccess): Promise<FetchedEventResult | undefined> {
  const target = describeEventResult(body, access.baseUrl);
  if (!target) return undefined;
  // A payload's URL is untrusted input: parsed like one the user typed.
  const url = resultUrl(target.kind, target.url, access.baseUrl);
  const { checked } = await retrieve(target.kind, url, access);
  // Only strings change, so the shape, and with it the type, stays as it was.
  return withoutKey({ kind: target.kind, url: url.href, checked }, access.apiKey) as FetchedEventResult;
}
