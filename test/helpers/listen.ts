import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogRecord } from '../../src/log/record.js';
import { startCli, type CliOptions, type RunningCli } from './cli.js';

export interface RunningListen {
  cli: RunningCli;
  /** The origin, without a trailing slash: `http://127.0.0.1:<port>`. */
  url: string;
  port: number;
  logPath: string;
  /** Every record in the log so far, parsed. */
  logLines(): LogRecord[];
}

/**
 * The built CLI's `listen` on a free loopback port, logging into a fresh temp
 * directory that is removed when the process ends.
 */
export async function startListen(args: string[] = [], options: Omit<CliOptions, 'cwd'> = {}): Promise<RunningListen> {
  const dir = mkdtempSync(join(tmpdir(), 'vh-listen-'));
  const logPath = join(dir, 'events.jsonl');
  const cli = startCli(['listen', '--port', '0', '--no-tunnel', '--log', logPath, ...args], { ...options, cwd: dir });
  cli.child.on('close', () => rmSync(dir, { recursive: true, force: true }));
  const [, url, port] = await cli.waitFor(/(http:\/\/127\.0\.0\.1:(\d+))\//);
  return {
    cli,
    url: url ?? '',
    port: Number(port),
    logPath,
    logLines: () =>
      readFileSync(logPath, 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => LogRecord.parse(JSON.parse(line))),
  };
}
