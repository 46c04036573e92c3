import type { ChalkInstance } from 'chalk';
import { redactHeaders } from '../io/redact.js';
import { prettyJson } from '../render/json.js';
import { printable, printableLines } from '../render/printable.js';
import type { PreparedDelivery } from './prepare.js';

type Body = { json: unknown } | { text: string } | { base64: string };

function decodeBody(body: string | Uint8Array): Body {
  const text = typeof body === 'string' ? body : new TextDecoder('utf-8', { fatal: false }).decode(body);
  const binary = typeof body !== 'string' && text.includes('\uFFFD');
  if (binary) return { base64: Buffer.from(body).toString('base64') };
  try {
    return { json: JSON.parse(text) };
  } catch {
    return { text };
  }
}

/** The request --dry-run shows: secrets redacted, the body as JSON when it is JSON. */
export function dryRunJson(delivery: PreparedDelivery) {
  const { url, headers, body } = delivery.request;
  const decoded = decodeBody(body);
  return {
    label: delivery.label,
    platform: delivery.platform,
    eventType: delivery.eventType,
    method: 'POST',
    url,
    headers: redactHeaders(headers),
    ...('json' in decoded ? { body: decoded.json } : 'text' in decoded ? { body: decoded.text } : { bodyBase64: decoded.base64 }),
  };
}

export function formatDryRun(delivery: PreparedDelivery, c: ChalkInstance): string {
  const { url, headers, body } = delivery.request;
  const headerLines = Object.entries(redactHeaders(headers)).map(([name, value]) => `${c.cyan(printable(name))}: ${printable(String(value))}`);
  const decoded = decodeBody(body);
  const shown =
    'json' in decoded ? prettyJson(decoded.json, c) :
    'text' in decoded ? printableLines(decoded.text) :
    c.dim(`<${typeof body === 'string' ? body.length : body.byteLength} bytes of binary data>`);
  return [c.dim(`# ${printable(delivery.label)} (${delivery.platform})`), `${c.bold('POST')} ${printable(url)}`, ...headerLines, '', shown, ''].join('\n');
}
