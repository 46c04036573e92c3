import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export const configFileName = 'voicehub-hooks.config.json';

/**
 * The project file nearest to `startDir`, looking in it and then in each
 * parent up to the filesystem root, the way a user running the tool from a
 * subfolder of their project expects.
 */
export async function findConfigFile(startDir: string): Promise<string | undefined> {
  for (let dir = startDir; ; dir = dirname(dir)) {
    const candidate = join(dir, configFileName);
    if (await isFile(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
