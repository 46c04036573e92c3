import { InvalidArgumentError } from 'commander';

/**
 * The longest delay a Node timer keeps: past it Node warns on stderr and
 * fires after 1 ms, so a huge --timeout would time out at once.
 */
export const maxTimerMs = 2_147_483_647;
const maxTimerText = (unitsPerMs: number) => `${maxTimerMs / unitsPerMs} (about 24.8 days)`;

function whole(min: number, max: number, expected: string): (raw: string) => number {
  return (raw) => {
    const value = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) throw new InvalidArgumentError(expected);
    return value;
  };
}

/** A count such as --retries or --repeat. */
export const wholeNumber = (min: number) => whole(min, Number.MAX_SAFE_INTEGER, `expected a whole number${min > 0 ? ` of at least ${min}` : ''}.`);

/** A whole number of milliseconds that a timer will wait. */
export const milliseconds = (min: number) =>
  whole(min, maxTimerMs, `expected a whole number ${min > 0 ? `from ${min} to` : 'of at most'} ${maxTimerText(1)}.`);

/** The message the project file schema gives for a delay past the timer limit, in the flags' words. */
export const millisecondsTooLong = `expected a whole number of milliseconds, at most ${maxTimerText(1)}`;

const msPer = { milliseconds: 1, seconds: 1000 } as const;

/** A positive duration, fractions allowed, that a timer will wait once turned into milliseconds. */
export function positiveNumber(unit: keyof typeof msPer): (raw: string) => number {
  const max = maxTimerMs / msPer[unit];
  return (raw) => {
    const parsed = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(parsed) || parsed <= 0 || parsed > max) {
      throw new InvalidArgumentError(`expected a positive number of ${unit}, at most ${maxTimerText(msPer[unit])}`);
    }
    return parsed;
  };
}

/** Gathers a repeatable option (`--set a=1 --set b=2`) in the order given. */
export const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];
