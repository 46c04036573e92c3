import { describe, expect, it } from 'vitest';
import { percentile, summarizeLatencies } from '../src/replay/stats.js';

describe('percentile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('picks an observed value at the rank', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4, 5], 50)).toBe(3);
  });

  it('handles one value and none', () => {
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([7], 0)).toBe(7);
    expect(percentile([], 50)).toBe(0);
  });
});

describe('summarizeLatencies', () => {
  it('sorts its input without changing it and reports min, max and mean', () => {
    const values = [30, 10, 20, 40];
    expect(summarizeLatencies(values)).toEqual({ p50: 20, p95: 40, p99: 40, min: 10, max: 40, mean: 25 });
    expect(values).toEqual([30, 10, 20, 40]);
  });

  it('shows the tail: one slow answer in a hundred is the p99', () => {
    const values = [...Array.from({ length: 99 }, () => 1), 500];
    const summary = summarizeLatencies(values);
    expect(summary.p95).toBe(1);
    expect(summary.p99).toBe(1);
    expect(summarizeLatencies([...values, 500]).p99).toBe(500);
  });
});
