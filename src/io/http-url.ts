import { UsageError } from './errors.js';

/** An http(s) URL given on the command line, normalised; anything else is a UsageError naming the flag. */
export function parseHttpUrl(flag: string, raw: string): string {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new UsageError(`${flag} must be an http:// or https:// URL (got "${raw}")`, `for example ${flag} http://localhost:3000/webhooks`);
  }
  return url.href;
}
