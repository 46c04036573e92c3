/** Headers whose values are credentials: never printed, never logged. */
export const secretHeaders = new Set(['x-webhook-secret', 'x-dq-api-key', 'authorization', 'proxy-authorization', 'cookie', 'set-cookie']);

export const redacted = '[redacted]';

export function redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const safe: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    safe[name] = secretHeaders.has(name.toLowerCase()) ? redacted : value;
  }
  return safe;
}

/** Removes every occurrence of the given secrets from free text (error messages, URLs). */
export function redactText(text: string, secrets: readonly (string | undefined)[]): string {
  let safe = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) safe = safe.split(secret).join(redacted);
  }
  return safe;
}
