import type { Detection } from '../events/detect.js';
import { BoundedMap } from '../receiver/bounded-map.js';

/** Remembers the last status of each call and job, to show `queued → started`. Bounded like the duplicate memory. */
export class StatusMemory {
  private readonly last = new BoundedMap<string, string>(10_000);

  /** Returns the status this call or job had before, and remembers the new one. */
  observe(detection: Detection): string | undefined {
    const subject = detection.callId !== undefined ? `call:${detection.callId}` : detection.jobId !== undefined ? `job:${detection.jobId}` : undefined;
    if (subject === undefined || detection.status === undefined) return undefined;
    const previous = this.last.get(subject);
    this.last.set(subject, detection.status);
    return previous;
  }
}
