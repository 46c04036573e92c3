import { constants } from 'node:fs';
import { access, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_CLOUDFLARED_BIN } from 'cloudflared';
import type { BinarySource, CloudflaredBinary } from './types.js';

/** Same variable the cloudflared package honours, so one setting serves both. */
export const CLOUDFLARED_ENV = 'CLOUDFLARED_BIN';

/**
 * Where the cloudflared package keeps (and installs) its binary:
 * node_modules/cloudflared/bin/cloudflared[.exe]. The package's `bin` export
 * also folds in CLOUDFLARED_BIN, but read from process.env when it is first
 * loaded; the tool reads the injected env itself and uses only this path.
 */
export const PACKAGE_BINARY = DEFAULT_CLOUDFLARED_BIN;

export interface ResolveOptions {
  /** `--cloudflared <path>`, relative to cwd. */
  explicitPath?: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Defaults to PACKAGE_BINARY; tests point it into a temp dir. */
  packageBinary?: string;
}

export type Resolution =
  | { kind: 'found'; binary: CloudflaredBinary }
  /** The user named a path (option or env) and it does not work: never silently use another. */
  | { kind: 'unusable'; source: 'option' | 'env'; path: string; problem: string }
  /** Nothing anywhere; `installTo` is where the package would put it. */
  | { kind: 'absent'; installTo: string };

/**
 * Order: `--cloudflared`, then CLOUDFLARED_BIN, then the binary the
 * cloudflared package manages, then `cloudflared` on PATH.
 */
export async function resolveCloudflared(options: ResolveOptions): Promise<Resolution> {
  const named = namedByUser(options);
  if (named) {
    const file = path.resolve(options.cwd, named.path);
    const problem = await executableProblem(file);
    return problem ? { kind: 'unusable', source: named.source, path: file, problem } : found(file, named.source);
  }
  const packageBinary = options.packageBinary ?? PACKAGE_BINARY;
  if (!(await executableProblem(packageBinary))) return found(packageBinary, 'package');
  const onPath = await findOnPath('cloudflared', options.env, path.dirname(path.dirname(packageBinary)));
  return onPath ? found(onPath, 'path') : { kind: 'absent', installTo: packageBinary };
}

export function describeBinary(binary: CloudflaredBinary): string {
  const origin: Record<BinarySource, string> = {
    option: 'from --cloudflared',
    env: `from ${CLOUDFLARED_ENV}`,
    package: 'managed by the cloudflared package',
    path: 'found on PATH',
    installed: 'just installed',
  };
  return `${binary.path} (${origin[binary.source]})`;
}

function namedByUser(options: ResolveOptions): { path: string; source: 'option' | 'env' } | undefined {
  if (options.explicitPath) return { path: options.explicitPath, source: 'option' };
  const fromEnv = options.env[CLOUDFLARED_ENV];
  // An empty value counts as unset, as in the cloudflared package.
  return fromEnv ? { path: fromEnv, source: 'env' } : undefined;
}

function found(file: string, source: BinarySource): Resolution {
  return { kind: 'found', binary: { path: file, source } };
}

/** Undefined when the file can be run; otherwise why not, in a few words. */
export async function executableProblem(file: string): Promise<string | undefined> {
  try {
    if (!(await stat(file)).isFile()) return 'is not a file';
  } catch {
    return 'does not exist';
  }
  try {
    await access(file, constants.X_OK);
    return undefined;
  } catch {
    return 'is not executable';
  }
}

/**
 * `npm start` and `npx` put node_modules/.bin on PATH, and the cloudflared
 * package links its own Node CLI there as `cloudflared`. That wrapper is not
 * the binary (without the binary it exits 0 without a tunnel), so anything
 * that resolves into the package's folder is passed over.
 */
async function isPackageWrapper(candidate: string, packageDir: string): Promise<boolean> {
  const real = await realpath(candidate).catch(() => candidate);
  return real.startsWith(`${await realpath(packageDir).catch(() => packageDir)}${path.sep}`);
}

async function findOnPath(name: string, env: NodeJS.ProcessEnv, packageDir: string): Promise<string | undefined> {
  const windows = process.platform === 'win32';
  const dirs = (env.PATH ?? env.Path ?? '').split(windows ? ';' : ':').filter(Boolean);
  const extensions = windows ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').filter(Boolean) : [''];
  for (const dir of dirs) {
    for (const extension of extensions) {
      const candidate = path.join(dir, name + extension.toLowerCase());
      if (!(await executableProblem(candidate)) && !(await isPackageWrapper(candidate, packageDir))) return candidate;
    }
  }
  return undefined;
}
