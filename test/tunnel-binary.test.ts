import { chmod, copyFile, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Io } from '../src/io/context.js';
import { palette } from '../src/io/colour.js';
import { describeBinary, PACKAGE_BINARY, resolveCloudflared } from '../src/tunnel/binary.js';
import { ensureCloudflared, type Installer } from '../src/tunnel/install.js';
import { startTunnel } from '../src/tunnel/start.js';
import { fakeBinary, fakeEnv, fakeRun, isAlive, killIfAlive } from './fake-cloudflared/processes.js';

function testIo(env: NodeJS.ProcessEnv, cwd: string): Io & { errText(): string } {
  let errText = '';
  const sink = (append: (s: string) => void) => new Writable({ write: (chunk, _enc, done) => (append(String(chunk)), done()) });
  return {
    stdout: sink(() => undefined),
    stderr: sink((s) => (errText += s)),
    env,
    out: palette(0),
    err: palette(0),
    interactive: false,
    cwd,
    errText: () => errText,
  };
}

/** An installer that must never run (it would download from GitHub). */
const forbiddenInstall: Installer = () => Promise.reject(new Error('the test tried to download cloudflared'));

describe('resolving cloudflared', () => {
  let dir: string;
  let places: { option: string; env: string; package: string; pathDir: string };
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vh-cloudflared-'));
    places = {
      option: path.join(dir, 'option', 'cloudflared'),
      env: path.join(dir, 'env', 'cloudflared'),
      // The cloudflared package's own layout: node_modules/cloudflared/bin/cloudflared.
      package: path.join(dir, 'node_modules', 'cloudflared', 'bin', 'cloudflared'),
      pathDir: path.join(dir, 'on-path'),
    };
    for (const file of [places.option, places.env, places.package, path.join(places.pathDir, 'cloudflared')]) {
      await mkdir(path.dirname(file), { recursive: true });
      await copyFile(fakeBinary(), file);
      await chmod(file, 0o755);
    }
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('prefers --cloudflared, then CLOUDFLARED_BIN, then the package binary, then PATH', async () => {
    const env = { CLOUDFLARED_BIN: places.env, PATH: places.pathDir };
    const base = { cwd: dir, packageBinary: places.package };
    expect(await resolveCloudflared({ ...base, env, explicitPath: places.option })).toEqual({
      kind: 'found',
      binary: { path: places.option, source: 'option' },
    });
    expect(await resolveCloudflared({ ...base, env })).toEqual({ kind: 'found', binary: { path: places.env, source: 'env' } });
    expect(await resolveCloudflared({ ...base, env: { PATH: places.pathDir, CLOUDFLARED_BIN: '' } })).toEqual({
      kind: 'found',
      binary: { path: places.package, source: 'package' },
    });
    await rm(places.package);
    expect(await resolveCloudflared({ ...base, env: { PATH: `/nonexistent:${places.pathDir}` } })).toEqual({
      kind: 'found',
      binary: { path: path.join(places.pathDir, 'cloudflared'), source: 'path' },
    });
    expect(await resolveCloudflared({ ...base, env: { PATH: '/nonexistent' } })).toEqual({ kind: 'absent', installTo: places.package });
  });

  it("passes over the cloudflared package's Node wrapper that npm links into node_modules/.bin", async () => {
    await rm(places.package);
    const wrapper = path.join(dir, 'node_modules', 'cloudflared', 'lib', 'cloudflared.js');
    await mkdir(path.dirname(wrapper), { recursive: true });
    await writeFile(wrapper, '#!/usr/bin/env node\n', { mode: 0o755 });
    const dotBin = path.join(dir, 'node_modules', '.bin');
    await mkdir(dotBin, { recursive: true });
    await symlink('../cloudflared/lib/cloudflared.js', path.join(dotBin, 'cloudflared'));
    const base = { cwd: dir, packageBinary: places.package };
    expect(await resolveCloudflared({ ...base, env: { PATH: dotBin } })).toEqual({ kind: 'absent', installTo: places.package });
    expect(await resolveCloudflared({ ...base, env: { PATH: `${dotBin}:${places.pathDir}` } })).toEqual({
      kind: 'found',
      binary: { path: path.join(places.pathDir, 'cloudflared'), source: 'path' },
    });
  });

  it('says which binary runs and where it came from', () => {
    expect(describeBinary({ path: '/opt/cloudflared', source: 'env' })).toBe('/opt/cloudflared (from CLOUDFLARED_BIN)');
    expect(describeBinary({ path: '/usr/bin/cloudflared', source: 'path' })).toBe('/usr/bin/cloudflared (found on PATH)');
  });

  it('resolves a relative --cloudflared against the working directory', async () => {
    const resolution = await resolveCloudflared({ cwd: dir, env: {}, explicitPath: 'option/cloudflared', packageBinary: places.package });
    expect(resolution).toEqual({ kind: 'found', binary: { path: places.option, source: 'option' } });
  });

  it('by default uses the binary the cloudflared package manages', () => {
    expect(PACKAGE_BINARY).toBe(path.resolve('node_modules', 'cloudflared', 'bin', process.platform === 'win32' ? 'cloudflared.exe' : 'cloudflared'));
  });

  it('reports a missing CLOUDFLARED_BIN by name and never falls back or downloads', async () => {
    const missing = path.join(dir, 'nope', 'cloudflared');
    const io = testIo({ CLOUDFLARED_BIN: missing, PATH: places.pathDir }, dir);
    const result = await ensureCloudflared(io, { packageBinary: places.package, install: forbiddenInstall });
    expect(result).toEqual({
      ok: false,
      stage: 'binary',
      reason: `cloudflared at ${missing} (set by CLOUDFLARED_BIN) does not exist`,
      hint: 'Fix CLOUDFLARED_BIN or leave CLOUDFLARED_BIN unset to use the cloudflared the tool manages.',
    });
  });

  it('says how to fix a --cloudflared that is not executable', async () => {
    await chmod(places.option, 0o644);
    const io = testIo({}, dir);
    const result = await ensureCloudflared(io, { explicitPath: places.option, packageBinary: places.package, install: forbiddenInstall });
    expect(result).toMatchObject({ ok: false, stage: 'binary', reason: `cloudflared at ${places.option} (set by --cloudflared) is not executable` });
    expect(!result.ok && result.hint).toContain(`chmod +x ${places.option}`);
  });

  it('explains how to install cloudflared by hand when it is nowhere and downloading is off', async () => {
    await rm(places.package);
    const result = await ensureCloudflared(testIo({ PATH: '/nonexistent' }, dir), { packageBinary: places.package, install: false });
    expect(result).toMatchObject({ ok: false, stage: 'binary', reason: 'cloudflared is not installed and downloading it is turned off' });
    const hint = result.ok ? '' : result.hint;
    for (const way of ['brew install cloudflared', '.deb/.rpm', 'https://github.com/cloudflare/cloudflared/releases', 'CLOUDFLARED_BIN', '--cloudflared']) {
      expect(hint).toContain(way);
    }
  });

  it('installs the package-managed binary when it is nowhere, through a partial file', async () => {
    await rm(places.package);
    const targets: string[] = [];
    const install: Installer = async (to) => {
      targets.push(to);
      await copyFile(fakeBinary(), to);
      await chmod(to, 0o755);
    };
    const result = await ensureCloudflared(testIo({ PATH: '/nonexistent' }, dir), { packageBinary: places.package, install });
    expect(result).toEqual({ ok: true, binary: { path: places.package, source: 'installed' } });
    expect(targets).toEqual([`${places.package}.download-${process.pid}`]);
    expect(await readdir(path.dirname(places.package))).toEqual(['cloudflared']);
  });

  it('turns a failed download into a reason and the manual steps, leaving no file behind', async () => {
    await rm(places.package);
    const install: Installer = async (to) => {
      await writeFile(to, 'half a binary');
      throw Object.assign(new Error('getaddrinfo ENOTFOUND github.com'), { code: 'ENOTFOUND' });
    };
    const result = await ensureCloudflared(testIo({ PATH: '/nonexistent' }, dir), { packageBinary: places.package, install });
    expect(result).toMatchObject({
      ok: false,
      stage: 'install',
      reason: 'could not install cloudflared: no network route to GitHub, where it is downloaded from (getaddrinfo ENOTFOUND github.com)',
      hint: expect.stringContaining('brew install cloudflared'),
    });
    expect(await readdir(path.dirname(places.package))).toEqual([]);
  });

  it('gives up on a download that never ends', async () => {
    await rm(places.package);
    const install: Installer = () => new Promise(() => undefined);
    const result = await ensureCloudflared(testIo({ PATH: '/nonexistent' }, dir), {
      packageBinary: places.package,
      install,
      installTimeoutMs: 100,
    });
    expect(result).toMatchObject({ ok: false, stage: 'install', reason: 'could not download cloudflared: no answer within 0.1 s' });
  });
});

describe('startTunnel', () => {
  let dir: string;
  let fakePid: number | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vh-tunnel-start-'));
  });
  afterEach(async () => {
    killIfAlive(fakePid);
    await rm(dir, { recursive: true, force: true });
  });

  it('opens the tunnel with the binary CLOUDFLARED_BIN names', async () => {
    const pidFile = path.join(dir, 'pid.json');
    const url = 'https://tidy-ocean-brave-lamp.trycloudflare.com';
    const io = testIo({ ...fakeEnv(pidFile, url), CLOUDFLARED_BIN: fakeBinary() }, dir);
    const result = await startTunnel(io, { localUrl: 'http://127.0.0.1:4242', install: forbiddenInstall });
    if (!result.ok) throw new Error(result.reason);
    fakePid = (await fakeRun(pidFile)).pid;
    expect(result.url).toBe(url);
    expect(result.binary).toEqual({ path: fakeBinary(), source: 'env' });
    await result.stop();
    expect(isAlive(fakePid)).toBe(false);
    expect(io.errText()).toBe('');
  });

  it('fails with the missing-binary reason without starting anything', async () => {
    const io = testIo({ CLOUDFLARED_BIN: path.join(dir, 'missing') }, dir);
    const result = await startTunnel(io, { localUrl: 'http://127.0.0.1:4242', install: forbiddenInstall });
    expect(result).toMatchObject({ ok: false, stage: 'binary', reason: expect.stringContaining('does not exist') });
  });
});
