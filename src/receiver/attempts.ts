import { createHash } from 'node:crypto';
import type { Detection } from '../events/detect.js';
import { BoundedMap } from './bounded-map.js';

/** Which event a delivery is an attempt of: its event id, or for platforms without one, its exact bytes. */
export function eventKey(detection: Pick<Detection, 'eventId'>, bytes: Buffer): string {
  return detection.eventId !== undefined ? `id:${detection.eventId}` : `body:${createHash('sha256').update(bytes).digest('base64')}`;
}

/**
 * Counts how often each event has arrived, to mark the platform's retries as
 * duplicates and to fail the first n attempts on request. Bounded: an event
 * not seen for `capacity` other events is forgotten and counts from 1 again.
 */
export class AttemptCounter {
  private readonly seen: BoundedMap<string, number>;

  constructor(capacity: number) {
    this.seen = new BoundedMap(capacity);
  }

  get size(): number {
    return this.seen.size;
  }

  /** Records one more arrival of `key` and returns its attempt number (1 for the first). */
  record(key: string): number {
    const attempt = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, attempt);
    return attempt;
  }
}
