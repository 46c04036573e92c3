import { createHash, timingSafeEqual } from 'node:crypto';

export type SecretCheck = 'ok' | 'missing' | 'mismatch';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Compares the received `x-webhook-secret` with the expected one in constant
 * time. Both sides are hashed first so the buffers always have equal length
 * and the comparison time does not reveal the secret's length either.
 */
export function checkSecret(expected: string, received: string | string[] | undefined): SecretCheck {
  const value = Array.isArray(received) ? received.join(', ') : received;
  if (value === undefined || value === '') return 'missing';
  return timingSafeEqual(digest(expected), digest(value)) ? 'ok' : 'mismatch';
}
