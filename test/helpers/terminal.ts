import { spawn, spawnSync } from 'node:child_process';
import { cliPath } from './cli.js';

/** script(1) gives the CLI a real pseudo-terminal; a test that needs one is skipped where it is missing. */
export const hasTerminal = spawnSync('script', ['--version']).status === 0;

export interface TerminalSession {
  /** Everything the CLI has drawn so far, stdout and stderr as a terminal shows them. */
  screen(): string;
  /** Waits until the screen shows `pattern`, then types `keys` (nothing when omitted). */
  answer(pattern: RegExp, keys?: string): Promise<void>;
  /** The exit code of the CLI, once it ends. */
  closed: Promise<number | null>;
  stop(): void;
}

/**
 * Runs the built CLI in a pseudo-terminal, as a person would: our stdin is its
 * keyboard, and CI (set where the suite runs in CI, and which turns spinners
 * and prompts off) is left out of its environment. Killed after `timeoutMs`.
 */
export function startInTerminal(args: string[], options: { env: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number }): TerminalSession {
  const { CI: _ci, ...env } = options.env;
  const words = [process.execPath, cliPath, ...args].map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(' ');
  // Sized as a person's terminal is: script(1) leaves it at 0 columns when its own input is no terminal.
  const command = `stty cols 100 rows 30 && exec ${words}`;
  const child = spawn('script', ['-qefc', command, '/dev/null'], { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let screen = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (screen += chunk));
  const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 15_000);
  const closed = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve(code);
    }),
  );
  return {
    screen: () => screen,
    async answer(pattern, keys) {
      for (let waited = 0; !pattern.test(screen); waited += 25) {
        if (waited > 10_000) throw new Error(`the screen never showed ${pattern}:\n${screen}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      if (keys !== undefined) child.stdin.write(keys);
    },
    closed,
    stop: () => child.kill(),
  };
}
