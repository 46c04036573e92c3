/** Why an attempt failed, in words a developer acts on. */
export type FailureCause = 'status' | 'refused' | 'timeout' | 'dns' | 'tls' | 'reset' | 'network';

const tlsCodes = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  // undici wraps the socket error in `cause`, sometimes twice.
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    const name = (current as { name?: unknown }).name;
    if (name === 'AbortError' || name === 'TimeoutError') codes.push(name);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

export function classifyError(error: unknown): { cause: FailureCause; code: string } {
  const codes = errorCodes(error);
  const has = (...wanted: string[]) => codes.find((code) => wanted.includes(code));
  const found =
    has('ECONNREFUSED') ? { cause: 'refused' as const, code: 'ECONNREFUSED' } :
    has('ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME') ? { cause: 'dns' as const, code: has('ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME') ?? '' } :
    has('UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT', 'AbortError', 'TimeoutError') ? { cause: 'timeout' as const, code: 'timeout' } :
    undefined;
  if (found) return found;
  const tls = codes.find((code) => tlsCodes.has(code) || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || code.includes('CERT'));
  if (tls) return { cause: 'tls', code: tls };
  const reset = has('ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED');
  if (reset) return { cause: 'reset', code: reset };
  return { cause: 'network', code: codes[0] ?? 'unknown' };
}
