import { z } from 'zod';

/**
 * One line of the `listen` log (JSONL). Written before the delivery is
 * answered; read back by `replay --from-log`. Secrets are redacted in
 * `headers` and re-applied from the current options on replay.
 */
export const LogRecord = z.looseObject({
  v: z.literal(1),
  receivedAt: z.string(),
  method: z.string(),
  path: z.string(),
  headers: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  /**
   * The raw body, byte for byte: UTF-8 text, or base64 when it was not valid
   * UTF-8. Empty with `none`: the body was never read (a 413 over the limit).
   * Logs written before `none` existed say `utf8` for those.
   */
  body: z.string(),
  bodyEncoding: z.enum(['utf8', 'base64', 'none']),
  /** The status the receiver answered. */
  status: z.number().int(),
  /** Why it answered so: `accepted`, `unauthorized: secret missing`, `malformed JSON`, `duplicate (attempt 2)`… */
  verdict: z.string(),
  platform: z.string().optional(),
  eventType: z.string().optional(),
  eventId: z.string().optional(),
});

export type LogRecord = z.infer<typeof LogRecord>;
