import { UsageError } from './errors.js';

/** How one kind of URL is talked about when it is refused. */
export interface UrlRole {
  /** What the URL was given as: a flag (`--to`), or a description (`the result URL`). */
  name: string;
  /** The next step when it is no http(s) URL at all. */
  hint: string;
  /** How requests to it are authenticated, since a user name and password in the URL are not sent. */
  authentication: string;
}

export interface UrlProblem {
  message: string;
  hint: string;
}

export const webhookAuthentication = 'voicehub-hooks authenticates with x-webhook-secret: set --secret and check it in your endpoint';

/**
 * A URL as it may be echoed back in an error: whatever precedes an `@` in
 * its authority is hidden, even in a URL too broken to parse or without its
 * scheme (`user:pass@host/…`, which URL reads as the scheme `user:`).
 */
export const withoutCredentials = (raw: string): string => raw.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/?#]*@/i, '$1…@');

/**
 * The one check of every URL a user (or a webhook payload) hands the tool:
 * the parsed URL, or what is wrong with it. Requests carry only the origin
 * and path, so a user name or password would silently not be sent: refused
 * rather than shown and dropped.
 */
export function checkHttpUrl(raw: string, role: UrlRole): URL | UrlProblem {
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  if (url && (url.username !== '' || url.password !== '')) {
    return { message: `${role.name} must not contain a user name or password (they would not be sent)`, hint: role.authentication };
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    return { message: `${role.name} must be an http:// or https:// URL (got "${withoutCredentials(raw)}")`, hint: role.hint };
  }
  return url;
}

/** The URL, or a UsageError (exit 2) saying what is wrong with it. */
export function requireHttpUrl(raw: string, role: UrlRole): URL {
  const checked = checkHttpUrl(raw, role);
  if (checked instanceof URL) return checked;
  throw new UsageError(checked.message, checked.hint);
}

/** The user's webhook endpoint, from a flag such as `--to` or `--forward-to`, normalised. */
export function parseHttpUrl(flag: string, raw: string): string {
  return requireHttpUrl(raw, { name: flag, hint: `for example ${flag} http://localhost:3000/webhooks`, authentication: webhookAuthentication }).href;
}
