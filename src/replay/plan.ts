import type { RetryPolicy } from '../events/platforms.js';
import type { PreparedDelivery } from './prepare.js';

/**
 * One thing to deliver: fixtures, scenario steps and log lines all become
 * these, so sending, load mode and --dry-run never care where a payload came from.
 */
export interface PlanItem {
  policy: RetryPolicy;
  /** A new request each call: fresh ids per delivery unless they are kept. */
  build: () => PreparedDelivery;
}
