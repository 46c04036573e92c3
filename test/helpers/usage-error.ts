import { UsageError } from '../../src/io/errors.js';

/** The usage error `run` throws, to check its message and hint; fails the test when it throws none. */
export function usageError(run: () => unknown): UsageError {
  try {
    run();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('expected a usage error');
}
