import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliEnv, runCli } from './helpers/cli.js';
import { hasTerminal, startInTerminal } from './helpers/terminal.js';

let dir: string;
const configPath = () => join(dir, 'voicehub-hooks.config.json');
const envPath = () => join(dir, '.env');
const secretLine = /^VOICEHUB_WEBHOOK_SECRET=([A-Za-z0-9_-]{43})$/m;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'voicehub-init-cli-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const exists = (path: string) => stat(path).then(
  () => true,
  () => false,
);

describe('init --yes (built CLI)', () => {
  it('writes the config without secrets, a private .env, and ignores .env in git', async () => {
    await writeFile(join(dir, '.gitignore'), 'node_modules');
    const result = await runCli(['init', '--yes', '--forward-to', 'http://localhost:3000/webhooks'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');

    const configText = await readFile(configPath(), 'utf8');
    expect(JSON.parse(configText)).toEqual({ port: 4000, forwardTo: 'http://localhost:3000/webhooks', replay: { to: 'http://localhost:3000/webhooks' } });
    expect(configText).toBe(`${JSON.stringify(JSON.parse(configText), null, 2)}\n`);
    const env = await readFile(envPath(), 'utf8');
    const secret = secretLine.exec(env)?.[1];
    expect(secret).toBeDefined();
    expect(configText).not.toContain(secret);
    expect((await stat(envPath())).mode & 0o777).toBe(0o600);
    expect(await readFile(join(dir, '.gitignore'), 'utf8')).toBe('node_modules\n.env\n');

    expect(result.stdout).toContain('✔ Wrote voicehub-hooks.config.json (port 4000, forwarding to http://localhost:3000/webhooks)');
    expect(result.stdout).toContain('✔ Wrote .env with a new VOICEHUB_WEBHOOK_SECRET (readable only by you)');
    expect(result.stdout).toContain('✔ Added .env to .gitignore');
    expect(result.stdout).toContain('voicehub-hooks listen');
    expect(result.stdout).toContain('Call Studio in the sidebar → Configuration → APIs tab');
    expect(result.stdout).not.toContain(secret);

    // What init wrote is what the other commands read.
    const dryRun = await runCli(['replay', 'CallStatusChanged', '--dry-run', '--json'], { cwd: dir });
    expect(dryRun.code).toBe(0);
    const request = JSON.parse(dryRun.stdout.trim().split('\n')[0] ?? '{}');
    expect(request.url).toBe('http://localhost:3000/webhooks');
    expect(request.headers['x-webhook-secret']).toBe('[redacted]');
  });

  it('never overwrites without --force, and --force keeps the settings it does not ask about', async () => {
    expect((await runCli(['init', '--yes', '--port', '4100'], { cwd: dir })).code).toBe(0);
    const firstEnv = await readFile(envPath(), 'utf8');
    await writeFile(configPath(), JSON.stringify({ port: 4100, host: '0.0.0.0' }));

    const refused = await runCli(['init', '--yes', '--port', '4200'], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('error: voicehub-hooks.config.json already exists');
    expect(refused.stderr).toContain('rerun with --force');
    expect(JSON.parse(await readFile(configPath(), 'utf8'))).toEqual({ port: 4100, host: '0.0.0.0' });

    const forced = await runCli(['init', '--yes', '--force', '--port', '4200', '--no-secret'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(JSON.parse(await readFile(configPath(), 'utf8'))).toEqual({ host: '0.0.0.0', port: 4200 });
    expect(await readFile(envPath(), 'utf8')).toBe(firstEnv);
  });

  it('keeps a secret already in .env unless --force, and --force replaces only that line', async () => {
    await writeFile(envPath(), 'DATABASE_URL=postgres://localhost/app\nVOICEHUB_WEBHOOK_SECRET=configured-on-the-platform\n');
    const kept = await runCli(['init', '--yes'], { cwd: dir });
    expect(kept.code).toBe(0);
    expect(kept.stdout).toContain('Kept the VOICEHUB_WEBHOOK_SECRET already in .env');
    expect(await readFile(envPath(), 'utf8')).toContain('VOICEHUB_WEBHOOK_SECRET=configured-on-the-platform');

    const replaced = await runCli(['init', '--yes', '--force'], { cwd: dir });
    expect(replaced.stdout).toContain('Replaced VOICEHUB_WEBHOOK_SECRET in .env');
    const env = await readFile(envPath(), 'utf8');
    expect(env).toMatch(/^DATABASE_URL=postgres:\/\/localhost\/app\nVOICEHUB_WEBHOOK_SECRET=[\w-]{43}\n$/);
  });

  it('leaves a .gitignore that already ignores .env as it is, and creates none', async () => {
    await writeFile(join(dir, '.gitignore'), '.env*\n');
    await runCli(['init', '--yes'], { cwd: dir });
    expect(await readFile(join(dir, '.gitignore'), 'utf8')).toBe('.env*\n');

    const other = await mkdtemp(join(tmpdir(), 'voicehub-init-cli-'));
    try {
      const result = await runCli(['init', '--yes', '--dir', other], { cwd: dir });
      expect(result.stdout).toContain(`No .gitignore in ${other}: keep .env out of version control`);
      expect(await exists(join(other, '.gitignore'))).toBe(false);
      expect(await exists(join(other, '.env'))).toBe(true);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it('skips the secret for platforms that send none, unless asked', async () => {
    const result = await runCli(['init', '--yes', '--platform', 'voxia,postcall'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(await exists(envPath())).toBe(false);
    expect(result.stdout).toContain('Voxia campaign');
    expect(result.stdout).toContain('Post-call');
    expect(result.stdout).toContain('voicehub-hooks replay HANG_UP --to <your app');
  });

  it('rejects bad flags with exit code 2 and writes nothing', async () => {
    for (const args of [
      ['--platform', 'voicehub,teams'],
      ['--port', '70000'],
    ]) {
      const result = await runCli(['init', '--yes', ...args], { cwd: dir });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(`argument '${args[1]}' is invalid.`);
    }
    const url = await runCli(['init', '--yes', '--forward-to', 'localhost:3000'], { cwd: dir });
    expect(url.code).toBe(2);
    expect(url.stderr).toContain('error: --forward-to must be an http:// or https:// URL (got "localhost:3000")');
    const missing = await runCli(['init', '--yes', '--dir', join(dir, 'nope')], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('is not a folder');
    expect(await exists(configPath())).toBe(false);
  });

  it('reports a folder in the way of a file it reads as a plain failure, before writing anything (exit 1)', async () => {
    for (const name of ['.env', 'voicehub-hooks.config.json']) {
      await mkdir(join(dir, name));
      const result = await runCli(['init', '--yes'], { cwd: dir });
      expect(result.code, name).toBe(1);
      expect(result.stderr).toContain(`error: cannot read ${join(dir, name)}: it is a directory`);
      expect(result.stderr).toContain("choose another --dir or fix the folder's permissions");
      expect(result.stderr).not.toContain('bug');
      await rm(join(dir, name), { recursive: true });
    }
    expect(await exists(configPath())).toBe(false);
    expect(await exists(envPath())).toBe(false);
  });

  it.skipIf(process.getuid?.() === 0)('reports a folder it may not write to as a plain failure (exit 1)', async () => {
    await chmod(dir, 0o500);
    try {
      const result = await runCli(['init', '--yes'], { cwd: dir });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`error: cannot write ${configPath()}: permission denied`);
      expect(result.stderr).not.toContain('bug');
    } finally {
      await chmod(dir, 0o700);
    }
  });

  it.skipIf(!existsSync('/proc/self'))('reports a --dir where no file can be created as a plain failure (exit 1)', async () => {
    const result = await runCli(['init', '--yes', '--dir', '/proc'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: cannot write /proc/voicehub-hooks.config.json: no such file or folder');
    expect(result.stderr).toContain("choose another --dir or fix the folder's permissions");
    expect(result.stderr).not.toContain('bug');
  });

  it('refuses to ask questions without a terminal', async () => {
    const result = await runCli(['init'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: init asks a few questions and there is no terminal to ask them in');
    expect(result.stderr).toContain('--yes');
    expect(await exists(configPath())).toBe(false);
  });
});

describe.skipIf(!hasTerminal)('init in a pseudo-terminal (built CLI, real keystrokes)', () => {
  it('walks through the questions and writes the answers', async () => {
    const terminal = startInTerminal(['init'], { cwd: dir, env: cliEnv() });
    try {
      // Down to Call Studio and uncheck it; VoiceHub call stays checked.
      await terminal.answer(/Which platforms/, '\x1b[B \r');
      await terminal.answer(/Port for the local receiver/, '4321\r');
      await terminal.answer(/Forward events to your app/, 'http://127.0.0.1:3000/hooks\r');
      await terminal.answer(/Generate a webhook secret/, 'y\r');
      expect(await terminal.closed).toBe(0);
    } finally {
      terminal.stop();
    }
    expect(JSON.parse(await readFile(configPath(), 'utf8'))).toEqual({
      port: 4321,
      forwardTo: 'http://127.0.0.1:3000/hooks',
      replay: { to: 'http://127.0.0.1:3000/hooks' },
    });
    expect(await readFile(envPath(), 'utf8')).toMatch(secretLine);
    expect(terminal.screen()).toContain('Next steps');
    expect(terminal.screen()).not.toContain('Call Studio in the sidebar');
  });
});
