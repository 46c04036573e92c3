import { afterEach } from 'vitest';

/**
 * `start` for the tests of the enclosing block (or file): whatever it starts
 * is closed after the test that started it.
 */
export function perTest<A extends unknown[], T extends { close(): Promise<void> }>(start: (...args: A) => Promise<T>): (...args: A) => Promise<T> {
  const open: T[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((started) => started.close()));
  });
  return async (...args) => {
    const started = await start(...args);
    open.push(started);
    return started;
  };
}
