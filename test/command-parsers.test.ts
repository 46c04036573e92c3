import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { collect, maxTimerMs, milliseconds, positiveNumber, wholeNumber } from '../src/commands/parsers.js';
import { scratchDir } from './helpers/scratch.js';

/** The message a parser rejects `raw` with; fails the test when it accepts it. */
function rejection(parse: (raw: string) => number, raw: string): string {
  try {
    parse(raw);
  } catch (error) {
    if (error instanceof InvalidArgumentError) return error.message;
    throw error;
  }
  throw new Error(`accepted ${raw}`);
}

describe('wholeNumber', () => {
  it('takes whole numbers from its minimum up', () => {
    expect(wholeNumber(0)('0')).toBe(0);
    expect(wholeNumber(1)(' 42 ')).toBe(42);
    expect(wholeNumber(1)('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each(['-1', '1.5', '1e3', 'abc', '', ' ', '9007199254740992'])('rejects %j', (raw) => {
    expect(rejection(wholeNumber(0), raw)).toBe('expected a whole number.');
  });

  it('names its minimum', () => {
    expect(rejection(wholeNumber(1), '0')).toBe('expected a whole number of at least 1.');
  });
});

describe('milliseconds', () => {
  it('stops at the longest delay a Node timer keeps, about 24.8 days', () => {
    expect(maxTimerMs).toBe(2 ** 31 - 1);
    expect(milliseconds(0)('2147483647')).toBe(maxTimerMs);
    expect(milliseconds(0)('0')).toBe(0);
    expect(rejection(milliseconds(0), '2147483648')).toBe('expected a whole number of at most 2147483647 (about 24.8 days).');
    expect(rejection(milliseconds(1), '3000000000')).toBe('expected a whole number from 1 to 2147483647 (about 24.8 days).');
    expect(rejection(milliseconds(1), '0')).toBe('expected a whole number from 1 to 2147483647 (about 24.8 days).');
  });
});

describe('positiveNumber', () => {
  it('takes positive numbers, fractions included, up to the timer limit in its unit', () => {
    expect(positiveNumber('milliseconds')('0.5')).toBe(0.5);
    expect(positiveNumber('milliseconds')('2147483647')).toBe(maxTimerMs);
    expect(positiveNumber('seconds')('2147483.647')).toBe(2147483.647);
  });

  it.each<['milliseconds' | 'seconds', string, string]>([
    ['milliseconds', 'soon', 'expected a positive number of milliseconds, at most 2147483647 (about 24.8 days)'],
    ['milliseconds', '0', 'expected a positive number of milliseconds, at most 2147483647 (about 24.8 days)'],
    ['milliseconds', '2147483648', 'expected a positive number of milliseconds, at most 2147483647 (about 24.8 days)'],
    ['seconds', '3000000', 'expected a positive number of seconds, at most 2147483.647 (about 24.8 days)'],
    ['seconds', 'Infinity', 'expected a positive number of seconds, at most 2147483.647 (about 24.8 days)'],
    ['seconds', '', 'expected a positive number of seconds, at most 2147483.647 (about 24.8 days)'],
  ])('rejects %s %j', (unit, raw, message) => {
    expect(rejection(positiveNumber(unit), raw)).toBe(message);
  });
});

describe('collect', () => {
  it('gathers a repeatable option in order', () => {
    expect(collect('b', collect('a', undefined))).toEqual(['a', 'b']);
  });
});

describe('delays past what a timer holds (built CLI)', () => {
  const scratch = scratchDir('vh-parsers-');

  it.each([
    [['replay', 'CallStatusChanged', '--to', 'http://127.0.0.1:9/', '--timeout', '3000000000', '--retry-delay', '3000000000'], "option '--timeout <ms>' argument '3000000000' is invalid. expected a whole number from 1 to 2147483647 (about 24.8 days)."],
    [['replay', 'CallStatusChanged', '--dry-run', '--retry-delay', '3000000000'], "option '--retry-delay <ms>' argument '3000000000' is invalid. expected a whole number of at most 2147483647 (about 24.8 days)."],
    [['replay', 'CallStatusChanged', '--dry-run', '--gap', '2147483648'], "option '--gap <ms>' argument '2147483648' is invalid."],
    [['demo', '--gap', '2147483648'], "option '--gap <ms>' argument '2147483648' is invalid."],
    [['fetch', 'analysis', 'job_1', '--wait-timeout', '3000000'], "option '--wait-timeout <seconds>' argument '3000000' is invalid. expected a positive number of seconds, at most 2147483.647 (about 24.8 days)"],
    [['fetch', 'analysis', 'job_1', '--poll-interval', '3000000'], "option '--poll-interval <seconds>' argument '3000000' is invalid."],
    [['fetch', 'transcript', 'job_1', '--timeout', '3000000000'], "option '--timeout <ms>' argument '3000000000' is invalid."],
  ])('%j is a usage error, before anything runs', async (args, message) => {
    const result = await scratch.run(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`error: ${message}`);
    expect(result.stderr).not.toContain('TimeoutOverflowWarning');
  });
});
