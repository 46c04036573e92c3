/** Why the receiver answered a delivery the way it did. */
export type Verdict =
  | { kind: 'accepted' }
  /** `--status`: every delivery gets this code. */
  | { kind: 'forced'; status: number }
  /** `--fail-first`: attempt `attempt` of the `of` the user asked to fail. */
  | { kind: 'fail-first'; attempt: number; of: number }
  | { kind: 'unauthorized'; reason: 'secret missing' | 'secret mismatch' }
  | { kind: 'malformed'; detail: string }
  | { kind: 'too-large'; limitBytes: number }
  | { kind: 'wrong-method'; method: string }
  | { kind: 'wrong-path'; expected: string }
  /** The log could not be written, so the delivery is refused and the platform retries it. */
  | { kind: 'log-failed'; detail: string };

export interface ResponsePolicy {
  status?: number;
  failFirst?: number;
}

export function statusOf(verdict: Verdict): number {
  switch (verdict.kind) {
    case 'accepted':
      return 200;
    case 'forced':
      return verdict.status;
    case 'fail-first':
      return 500;
    case 'unauthorized':
      return 401;
    case 'malformed':
      return 400;
    case 'too-large':
      return 413;
    case 'wrong-method':
      return 405;
    case 'wrong-path':
      return 404;
    case 'log-failed':
      return 503;
  }
}

/** What a verified, well-formed delivery is answered, given the user's response options. */
export function acceptedVerdict(policy: ResponsePolicy, attempt: number): Verdict {
  if (policy.failFirst !== undefined && attempt <= policy.failFirst) return { kind: 'fail-first', attempt, of: policy.failFirst };
  if (policy.status !== undefined) return { kind: 'forced', status: policy.status };
  return { kind: 'accepted' };
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

function describe(verdict: Verdict): string {
  switch (verdict.kind) {
    case 'accepted':
      return 'accepted';
    case 'forced':
      return `answered ${verdict.status} (--status)`;
    case 'fail-first':
      return `failing on purpose (${verdict.attempt} of ${verdict.of}, --fail-first)`;
    case 'unauthorized':
      return `unauthorized: ${verdict.reason}`;
    case 'malformed':
      return `malformed JSON: ${verdict.detail}`;
    case 'too-large':
      return `body too large (over ${formatBytes(verdict.limitBytes)})`;
    case 'wrong-method':
      return `method ${verdict.method} not allowed (POST only)`;
    case 'wrong-path':
      return `no receiver at this path (listening on ${verdict.expected})`;
    case 'log-failed':
      return `not logged (${verdict.detail}), answered 503 so the platform retries`;
  }
}

/** The verdict in words, as printed and logged: `accepted`, `duplicate (attempt 2)`, `unauthorized: secret missing`… */
export function verdictText(verdict: Verdict, attempt: number): string {
  if (attempt <= 1 || verdict.kind === 'fail-first') return describe(verdict);
  const duplicate = `duplicate (attempt ${attempt})`;
  return verdict.kind === 'accepted' ? duplicate : `${describe(verdict)}, ${duplicate}`;
}
