import { isIPv4 } from 'node:net';
import { UsageError } from '../io/errors.js';
import { requireHttpUrl } from '../io/http-url.js';

/** What `fetch` can retrieve: a call or Call Studio analysis, or a Call Studio transcript. */
export type ResultKind = 'analysis' | 'transcript';

export { defaultBaseUrl } from './base-url.js';

/** Where the API key may go: the base URL's host, plus whatever the user named with `--allow-host`. */
export interface KeyPolicy {
  baseUrl: URL;
  allowHosts: readonly string[];
}

const apiAuthentication = 'the API key goes in the x-dq-api-key header: pass --api-key or set VOICEHUB_API_KEY';

export function parseBaseUrl(text: string): URL {
  const url = requireHttpUrl(text, { name: '--base-url', hint: 'for example --base-url https://voicehub.dataqueue.ai/api/v1', authentication: apiAuthentication });
  // A trailing slash would otherwise double up when paths are appended.
  url.pathname = url.pathname.replace(/\/+$/, '');
  url.search = '';
  url.hash = '';
  return url;
}

/**
 * The documented endpoint for an id. `call` picks the call analysis endpoint
 * for a call id instead of the Call Studio one. The id is encoded, so it can
 * never step out of its path segment.
 */
export function endpointUrl(kind: ResultKind, id: string, baseUrl: URL, options: { call?: boolean } = {}): URL {
  const path = kind === 'transcript' ? 'playground' : options.call ? 'call-analysis' : 'call-analysis/callstudio';
  const url = new URL(baseUrl.href);
  url.pathname = `${url.pathname}/${path}/${encodeURIComponent(id)}`;
  return url;
}

const looksLikeUrl = /^[a-z][a-z0-9+.-]*:\/\//i;
const idOrUrlHint = 'pass a job id such as job_123, or the full https:// URL from the webhook payload';

/** What the user typed: an id, or a URL pasted from a webhook (`analysisResultUrl`, `transcriptUrl`) used as given. */
export function resultUrl(kind: ResultKind, idOrUrl: string, baseUrl: URL, options: { call?: boolean } = {}): URL {
  const given = idOrUrl.trim();
  if (looksLikeUrl.test(given)) return requireHttpUrl(given, { name: 'the result URL', hint: idOrUrlHint, authentication: apiAuthentication });
  if (given === '' || /[\s/?#]/.test(given)) throw new UsageError(`"${idOrUrl}" is neither an id nor a URL`, idOrUrlHint);
  return endpointUrl(kind, given, baseUrl, options);
}

const unbracket = (host: string) => host.toLowerCase().replace(/^\[|\]$/g, '');

/** 127.0.0.0/8, ::1 and localhost: traffic that never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = unbracket(hostname);
  if (host === 'localhost' || host === '::1') return true;
  return isIPv4(host) && host.startsWith('127.');
}

function hostAllowed(url: URL, policy: KeyPolicy): boolean {
  if (url.host.toLowerCase() === policy.baseUrl.host.toLowerCase()) return true;
  return policy.allowHosts.some((allowed) => {
    const wanted = allowed.trim().toLowerCase();
    // `--allow-host api.example.com` allows any port there; `host:port` only that one.
    const withPort = /^[^:]+:\d+$/.test(wanted) || /^\[.+\]:\d+$/.test(wanted);
    return withPort ? url.host.toLowerCase() === wanted : unbracket(url.hostname) === unbracket(wanted);
  });
}

/**
 * Refuses, before any request, to send the API key where it could leak: over
 * plain http to another machine, or to a host the user did not choose (a
 * webhook payload is untrusted input and its URL could point anywhere).
 */
export function assertKeyMayGo(url: URL, policy: KeyPolicy): void {
  if (url.protocol !== 'https:' && !isLoopbackHost(url.hostname)) {
    throw new UsageError(
      `refusing to send the API key over plain http to ${url.host}`,
      'use https://, or a loopback host (127.0.0.1, ::1, localhost) for a local stand-in API',
    );
  }
  if (!hostAllowed(url, policy)) {
    throw new UsageError(
      `refusing to send the API key to ${url.host}: the API host is ${policy.baseUrl.host}`,
      `if you trust ${url.host}, add --allow-host ${url.host} (or point --base-url at it)`,
    );
  }
}
