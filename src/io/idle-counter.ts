/**
 * Work under way, and the callers waiting for there to be none. Counted
 * rather than kept in a Set: a Set that takes and drops one entry per
 * delivery keeps reallocating its table, garbage that outlives young
 * collections under a burst.
 */
export class IdleCounter {
  private busy = 0;
  private readonly waiting: (() => void)[] = [];

  get count(): number {
    return this.busy;
  }

  start(): void {
    this.busy++;
  }

  /** Bound, so that it can be handed to `then` as it is. */
  readonly finish = (): void => {
    this.busy--;
    if (this.busy === 0) for (const resolve of this.waiting.splice(0)) resolve();
  };

  /** Resolves once nothing is under way. */
  idle(): Promise<void> {
    return this.busy === 0 ? Promise.resolve() : new Promise((resolve) => this.waiting.push(resolve));
  }
}
