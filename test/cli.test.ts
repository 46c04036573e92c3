import { describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('says which Node it needs, in one line with a next step, when started by an older one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vh-old-node-'));
    // Node cannot be downgraded here, so the version it reports is: the check reads nothing else.
    const olderNode = join(dir, 'node-18.cjs');
    writeFileSync(olderNode, "Object.defineProperty(process.versions, 'node', { value: '18.19.0' });\n");
    try {
      for (const args of [['--version'], ['listen', '--no-tunnel']]) {
        const child = spawnSync(process.execPath, ['--require', olderNode, cliPath, ...args], { env: cliEnv(), encoding: 'utf8', timeout: 10_000 });
        expect(child.status).toBe(1);
        expect(child.stdout).toBe('');
        expect(child.stderr).toBe(`error: voicehub-hooks needs Node.js 20.18 or newer, and this is v18.19.0\n  install a current Node.js (https://nodejs.org) and run it again\n`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
