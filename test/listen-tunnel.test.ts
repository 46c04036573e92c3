import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBinary, fakeRun, gone, isAlive } from './fake-cloudflared/processes.js';
import { cliEnv, startCli, type RunningCli } from './helpers/cli.js';

/**
 * `listen` with its tunnel, end to end through the built CLI. Cloudflare
 * cannot be reached from the build machines, so CLOUDFLARED_BIN points at the
 * fake executables in test/fake-cloudflared/, which print what the real
 * cloudflared prints for a quick tunnel.
 */
const fake = fakeBinary;
const publicUrl = 'https://brave-otter-quiet-field.trycloudflare.com';

function tunnelEnv(binary: string) {
  const dir = mkdtempSync(join(tmpdir(), 'vhh-tunnel-'));
  const pidFile = join(dir, 'cloudflared.json');
  return { pidFile, env: cliEnv({ CLOUDFLARED_BIN: binary, FAKE_CLOUDFLARED_PID_FILE: pidFile, FAKE_CLOUDFLARED_URL: publicUrl }) };
}

const cloudflaredPid = async (pidFile: string) => (await fakeRun(pidFile)).pid;

async function post(url: string): Promise<number> {
  const res = await request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"eventType":"RecordingsAvailable","eventId":"e-1","callId":"c-1","timestamp":"2026-01-01T00:00:00.000Z"}' });
  await res.body.dump();
  return res.statusCode;
}

describe('listen with a Cloudflare quick tunnel (fake cloudflared)', () => {
  let cli: RunningCli | undefined;
  afterEach(async () => {
    await cli?.stop('SIGKILL');
    cli = undefined;
  });

  it('shows the public URL with the path to paste, warns when no secret is set, and receives', async () => {
    const { env, pidFile } = tunnelEnv(fake('cloudflared'));
    cli = startCli(['listen', '--port', '0', '--no-log', '--path', '/webhooks'], { env });
    await cli.waitFor(/public\s+https:\/\/\S+/);
    expect(cli.stdout()).toContain(`${publicUrl}/webhooks`);
    expect(cli.stdout()).toContain('anyone with the public URL can post events');
    const local = (await cli.waitFor(/local\s+(http:\/\/127\.0\.0\.1:\d+\/webhooks)/))[1] ?? '';
    expect(await post(local)).toBe(200);
    await cli.waitFor(/RecordingsAvailable/);
    expect(cli.stderr()).not.toContain('cloudflared:');
    const pid = await cloudflaredPid(pidFile);
    expect(isAlive(pid)).toBe(true);
    const result = await cli.stop('SIGINT');
    expect(result.code).toBe(0);
    expect(await gone(pid, 8_000)).toBe(true);
  });

  it('says with --verbose which cloudflared runs and where it came from, before its output', async () => {
    const binary = fake('cloudflared');
    const { env } = tunnelEnv(binary);
    cli = startCli(['listen', '--port', '0', '--no-log', '--verbose'], { env });
    await cli.waitFor(/public\s+https:/);
    const stderr = cli.stderr();
    expect(stderr).toContain(`cloudflared: ${binary} (from CLOUDFLARED_BIN)\n`);
    expect(stderr.indexOf(`cloudflared: ${binary}`)).toBeLessThan(stderr.indexOf('cloudflared │'));
  });

  it('names the --cloudflared binary with --verbose even when it fails to give a URL', async () => {
    const binary = fake('cloudflared-request-fails');
    const { env } = tunnelEnv('/nonexistent/cloudflared');
    cli = startCli(['listen', '--port', '0', '--no-log', '--verbose', '--cloudflared', binary], { env });
    await cli.waitFor(/local\s+http/);
    expect(cli.stderr()).toContain(`cloudflared: ${binary} (from --cloudflared)\n`);
    expect(cli.stderr()).toMatch(/no public URL: /);
  });

  it('reports the tunnel URL as JSON on stdout before any event', async () => {
    const { env } = tunnelEnv(fake('cloudflared'));
    cli = startCli(['listen', '--port', '0', '--no-log', '--json', '--secret', 's3cret-value'], { env });
    await cli.waitFor(/"type":"listening"/);
    const first = JSON.parse(cli.stdout().split('\n')[0] ?? '') as Record<string, unknown>;
    expect(first).toMatchObject({ type: 'listening', publicUrl, secret: 'verifying' });
  });

  it.each(['SIGTERM', 'SIGKILL'] as const)('leaves no cloudflared behind after %s to the CLI', async (signal) => {
    const { env, pidFile } = tunnelEnv(fake('cloudflared'));
    cli = startCli(['listen', '--port', '0', '--no-log'], { env });
    await cli.waitFor(/public\s+https:/);
    const pid = await cloudflaredPid(pidFile);
    await cli.stop(signal);
    expect(await gone(pid, 8_000)).toBe(true);
  });

  it('keeps receiving locally with one clear line when the binary is missing', async () => {
    const { env } = tunnelEnv('/nonexistent/cloudflared');
    cli = startCli(['listen', '--port', '0', '--no-log'], { env });
    const local = (await cli.waitFor(/local\s+(http:\/\/127\.0\.0\.1:\d+\/?)/))[1] ?? '';
    expect(cli.stderr()).toMatch(/no public URL: .*\/nonexistent\/cloudflared/);
    expect(cli.stderr()).toContain('still receiving locally');
    expect(cli.stdout()).not.toContain('public ');
    expect(await post(local)).toBe(200);
  });

  it('keeps receiving locally when cloudflared exits before giving a URL', async () => {
    const { env } = tunnelEnv(fake('cloudflared-request-fails'));
    cli = startCli(['listen', '--port', '0', '--no-log'], { env });
    const local = (await cli.waitFor(/local\s+(http:\/\/127\.0\.0\.1:\d+\/?)/))[1] ?? '';
    expect(cli.stderr()).toMatch(/no public URL: .*quick Tunnel/i);
    expect(await post(local)).toBe(200);
  });

  it('does not start cloudflared with --no-tunnel or VOICEHUB_HOOKS_TUNNEL=0', async () => {
    for (const [args, extra] of [[['--no-tunnel'], {}], [[], { VOICEHUB_HOOKS_TUNNEL: '0' }]] as const) {
      const { env, pidFile } = tunnelEnv(fake('cloudflared'));
      cli = startCli(['listen', '--port', '0', '--no-log', ...args], { env: { ...env, ...extra } });
      await cli.waitFor(/local\s+http/);
      expect(existsSync(pidFile)).toBe(false);
      expect(cli.stdout()).not.toContain('trycloudflare');
      await cli.stop('SIGTERM');
    }
  });
});
