import { describe, expect, it } from 'vitest';
import { palette } from '../src/io/colour.js';
import { renderSummary, type ListenSummary } from '../src/listen/summary.js';

const c = palette(0);
const quiet: ListenSummary = { deliveries: 12, accepted: 8, rejected: 4, duplicates: 2, aborted: 0, forwarded: 8, forwardFailures: 2 };

describe('the line listen prints when it stops', () => {
  it('counts deliveries, duplicates and, when forwarding, what the app took', () => {
    expect(renderSummary(quiet, true, c)).toBe('stopped: 12 deliveries (8 accepted, 4 rejected), 2 duplicates, 8 forwarded (2 failed)\n');
    expect(renderSummary(quiet, false, c)).toBe('stopped: 12 deliveries (8 accepted, 4 rejected), 2 duplicates\n');
  });

  it('names requests that never arrived whole, whoever gave up on them', () => {
    expect(renderSummary({ ...quiet, aborted: 1 }, false, c)).toBe(
      'stopped: 12 deliveries (8 accepted, 4 rejected), 2 duplicates, 1 request cut off before the body arrived\n',
    );
    expect(renderSummary({ ...quiet, deliveries: 1, accepted: 1, rejected: 0, duplicates: 1, aborted: 3 }, false, c)).toBe(
      'stopped: 1 delivery (1 accepted, 0 rejected), 1 duplicate, 3 requests cut off before the body arrived\n',
    );
  });
});
