import { describe, expect, it } from 'vitest';
import { IdleCounter } from '../src/io/idle-counter.js';

describe('IdleCounter', () => {
  it('is idle at once when nothing was started', async () => {
    const counter = new IdleCounter();
    await counter.idle();
    expect(counter.count).toBe(0);
  });

  it('keeps every waiter waiting until the last piece of work finishes', async () => {
    const counter = new IdleCounter();
    counter.start();
    counter.start();
    const woken: string[] = [];
    const first = counter.idle().then(() => woken.push('first'));
    const second = counter.idle().then(() => woken.push('second'));
    counter.finish();
    await Promise.resolve();
    expect(woken).toEqual([]);
    expect(counter.count).toBe(1);
    // Handed over unbound, as the receiver and the pipeline do.
    await Promise.resolve().then(counter.finish);
    await Promise.all([first, second]);
    expect(woken).toEqual(['first', 'second']);
    expect(counter.count).toBe(0);
  });
});
