import { describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { spawn } from 'node:child_process';
import { cliPath, cliEnv, runCli } from './helpers/cli.js';

describe('voicehub-hooks (built CLI)', () => {
  it('prints the package version', async () => {
    const result = await runCli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(packageJson.version);
  });

  it('lists every command with a description in --help', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const command of ['listen', 'replay', 'fixtures', 'fetch', 'demo', 'init', 'completion']) {
      expect(result.stdout).toMatch(new RegExp(`^\\s+${command}\\b.*\\S`, 'm'));
    }
    expect(result.stdout).toContain('Exit codes');
  });

  it('rejects an unknown command with one line, a hint and exit code 2', async () => {
    const result = await runCli(['lisen']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown command 'lisen'");
    expect(result.stderr).toContain('Did you mean listen?');
    expect(result.stdout).toBe('');
  });

  it('shows help on stderr and exits 2 when a command is missing, but 0 when help is asked for', async () => {
    for (const args of [[], ['fetch']]) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(`Usage: voicehub-hooks ${args.join(' ')}`.trimEnd());
      expect(result.stdout).toBe('');
    }
    for (const args of [['--help'], ['fetch', '--help'], ['help', 'fetch']]) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout).toContain('Usage: voicehub-hooks');
    }
  });

  it('rejects an unknown flag with exit code 2', async () => {
    const result = await runCli(['--no-such-flag']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--no-such-flag'");
  });

  it('stops quietly when its reader closes the pipe early (| head)', async () => {
    // Far more than a pipe buffer (64 KiB), so writes go on after the reader is gone.
    const manyRequests = ['replay', ...Array.from({ length: 300 }, () => 'AnalysisResultReady'), '--dry-run'];
    const child = spawn(process.execPath, [cliPath, ...manyRequests], { env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    // Like `head -1`: take the first chunk, then close our end.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|at .*node:/);
    expect(code).toBe(0);
  });
});
