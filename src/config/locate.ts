import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const configFileName = 'voicehub-hooks.config.json';

/**
 * The project file nearest to `startDir`, looking in it and then in each
 * parent up to the filesystem root, the way a user running the tool from a
 * subfolder of their project expects. Synchronous: it runs once, before any
 * command starts, where a few stat calls cost less than waking the thread
 * pool that asynchronous ones need.
 */
export function findConfigFile(startDir: string): string | undefined {
  for (let dir = startDir; ; dir = dirname(dir)) {
    const candidate = join(dir, configFileName);
    if (isFile(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() === true;
  } catch {
    return false;
  }
}
