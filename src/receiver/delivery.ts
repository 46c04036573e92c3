import { isUtf8 } from 'node:buffer';
import type { Detection } from '../events/detect.js';
import type { Verdict } from './verdict.js';

/** The body as the receiver understood it. */
export type BodyContent =
  | { format: 'json'; text: string; value: unknown }
  /** Valid UTF-8 that is not JSON; `parseError` says why. */
  | { format: 'text'; text: string; parseError: string }
  | { format: 'binary'; base64: string }
  /** Answered without reading it (wrong method or path, too large). */
  | { format: 'unread' };

/** One request the receiver answered, with everything printers, forwarders and the log need. */
export interface Delivery {
  receivedAt: Date;
  method: string;
  /** The request target as sent, query included. */
  path: string;
  /** Request headers with secrets redacted: safe to print and log. */
  headers: Record<string, string | string[]>;
  /** The exact bytes received, forwarded as they are. Empty when the body was not read (404, 405, 413). */
  rawBody: Buffer;
  body: BodyContent;
  detection: Detection;
  verdict: Verdict;
  /** The verdict in words, as logged. */
  verdictText: string;
  status: number;
  /** How many times this event has arrived, this one included; 0 when it was not counted. */
  attempt: number;
  /** The `x-webhook-secret` as received. Only for forwarding to the user's own app: never print or log it. */
  receivedSecret?: string;
  /** Set when the log could not be written for this delivery. */
  logError?: string;
}

/** Leading byte order mark some editors add; JSON.parse rejects it. */
const bom = /^\uFEFF/;

export function interpretBody(bytes: Buffer): BodyContent {
  if (!isUtf8(bytes)) return { format: 'binary', base64: bytes.toString('base64') };
  const text = bytes.toString('utf8');
  if (text.trim() === '') return { format: 'text', text, parseError: 'empty body' };
  try {
    // JSON.parse defines `__proto__` as an own property rather than setting the prototype, and the value is only ever read.
    return { format: 'json', text, value: JSON.parse(text.replace(bom, '')) };
  } catch (error) {
    return { format: 'text', text, parseError: error instanceof Error ? error.message : String(error) };
  }
}

/** True for no content type or a JSON one. */
export function declaresJson(contentType: string | undefined): boolean {
  return contentType === undefined || contentType === '' || /\bjson\b/i.test(contentType);
}

/**
 * Whether a body that failed to parse was meant to be JSON (answered 400)
 * rather than some other format (shown as it is). `curl -d` labels JSON as a
 * form, so a body that opens like JSON counts as JSON whatever its label.
 */
export function meantAsJson(contentType: string | undefined, body: BodyContent): boolean {
  return declaresJson(contentType) || (body.format === 'text' && /^\s*[[{]/.test(body.text));
}
