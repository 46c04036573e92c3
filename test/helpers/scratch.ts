import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { runCli, type CliOptions } from './cli.js';

/**
 * A temp directory for the enclosing describe block, and runCli from inside
 * it: away from the repository, no project config or .env applies.
 */
export function scratchDir(prefix = 'vh-test-') {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return {
    path: (...parts: string[]) => join(dir, ...parts),
    run: (args: string[], options: CliOptions = {}) => runCli(args, { cwd: dir, ...options }),
  };
}
