import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyConfig, applyProjectConfig } from '../src/config/apply.js';
import { parseDotEnv, readProjectDotEnv, setDotEnvVariable } from '../src/config/dotenv.js';
import { loadConfigFile } from '../src/config/load.js';
import { configFileName, findConfigFile } from '../src/config/locate.js';
import { palette } from '../src/io/colour.js';
import { CliError } from '../src/io/errors.js';
import { ExitCode } from '../src/io/exit-codes.js';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'voicehub-config-'));
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(root, { recursive: true, force: true });
});

function captureIo(cwd: string) {
  let stderr = '';
  const io = { cwd, env: {} as NodeJS.ProcessEnv, err: palette(0), stderr: { write: (text: string) => (stderr += text) } };
  return { io, stderr: () => stderr };
}

async function writeConfig(dir: string, config: unknown): Promise<string> {
  const path = join(dir, configFileName);
  await writeFile(path, typeof config === 'string' ? config : JSON.stringify(config, null, 2));
  return path;
}

async function loadError(path: string): Promise<CliError> {
  const error: unknown = await loadConfigFile(path).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof CliError)) throw new Error(`expected a CliError, got ${String(error)}`);
  return error;
}

function atMostTen(value: string): number {
  const n = Number(value);
  if (!(n <= 10)) throw new InvalidArgumentError('at most 10 retries');
  return n;
}

/**
 * A real commander program shaped like ours: options that read environment
 * variables and have defaults, and the project file applied in preAction.
 */
function program(cwd: string, seen: { command?: Command } = {}) {
  const io = captureIo(cwd).io;
  const root = new Command('voicehub-hooks').exitOverride();
  const record = (_options: unknown, command: Command) => {
    seen.command = command;
  };
  root
    .command('listen')
    .option('--port <port>', 'port', (value) => Number(value), 4000)
    .option('--host <host>', 'host', '127.0.0.1')
    .addOption(new Option('--secret <secret>', 'secret').env('VOICEHUB_WEBHOOK_SECRET'))
    .option('--log <file>', 'log', '.voicehub-hooks/events.jsonl')
    .option('--no-log', 'no log')
    .option('--no-tunnel', 'no tunnel')
    // No parser: the command checks the raw text itself, as ours does.
    .option('--max-body <size>', 'largest body', '1m')
    .action(record);
  root
    .command('replay')
    .argument('[fixture...]')
    .addOption(new Option('--to <url>', 'target').env('VOICEHUB_HOOKS_TARGET'))
    .option('--retries <n>', 'retries', atMostTen, 3)
    .option('--timeout <ms>', 'timeout', (value) => Number(value), 10_000)
    .option('--from-log [file]', 'log to re-send')
    .action((_fixtures: string[], options: unknown, command: Command) => record(options, command));
  root.command('fixtures').argument('[name]').action((_name: string, options: unknown, command: Command) => record(options, command));
  root.hook('preAction', async (_root, actionCommand) => {
    // As the CLI does: applied only when there is a project file.
    const path = findConfigFile(cwd);
    if (path !== undefined) await applyProjectConfig(io, actionCommand, path);
  });
  return root;
}

async function run(cwd: string, argv: string[]): Promise<Command> {
  const seen: { command?: Command } = {};
  await program(cwd, seen).parseAsync(argv, { from: 'user' });
  if (!seen.command) throw new Error('the action did not run');
  return seen.command;
}

describe('.env parsing', () => {
  it('reads plain, quoted, exported and commented assignments, literally', () => {
    const text = [
      '# a comment',
      '',
      'PLAIN=abc',
      'SPACED = value with spaces   # trailing comment',
      'export EXPORTED=yes',
      `SINGLE='not $EXPANDED # kept'`,
      'DOUBLE="line\\nnext \\"quoted\\""',
      'HASH=abc#def',
      'EMPTY=',
      'PLAIN=last wins',
    ].join('\n');
    const { entries, malformedLines } = parseDotEnv(text);
    const values = Object.fromEntries(entries.map(({ key, value }) => [key, value]));
    expect(values).toEqual({
      PLAIN: 'last wins',
      SPACED: 'value with spaces',
      EXPORTED: 'yes',
      SINGLE: 'not $EXPANDED # kept',
      DOUBLE: 'line\nnext "quoted"',
      HASH: 'abc#def',
      EMPTY: '',
    });
    expect(malformedLines).toEqual([]);
  });

  it('reports malformed lines by number instead of guessing', () => {
    const { entries, malformedLines } = parseDotEnv('GOOD=1\nno equals sign\nBAD="unclosed\n1NUMBER=x\nTRAILING="x" junk\r\nCRLF=ok\r\n');
    expect(entries).toEqual([
      { key: 'GOOD', value: '1' },
      { key: 'CRLF', value: 'ok' },
    ]);
    expect(malformedLines).toEqual([2, 3, 4, 5]);
  });

  it('sets a variable in place or appends it, keeping every other line', () => {
    const text = '# app settings\nDATABASE_URL=postgres://x\nexport VOICEHUB_WEBHOOK_SECRET=old\nOTHER=1';
    expect(setDotEnvVariable(text, 'VOICEHUB_WEBHOOK_SECRET', 'new')).toBe('# app settings\nDATABASE_URL=postgres://x\nVOICEHUB_WEBHOOK_SECRET=new\nOTHER=1');
    expect(setDotEnvVariable('A=1', 'B', '2')).toBe('A=1\nB=2\n');
    expect(setDotEnvVariable('A=1\n', 'B', '2')).toBe('A=1\nB=2\n');
    expect(setDotEnvVariable('', 'B', '2')).toBe('B=2\n');
  });
});

describe('finding the project file', () => {
  it('finds the nearest file from the working directory upwards', async () => {
    const nested = join(root, 'project', 'src', 'deep');
    await mkdir(nested, { recursive: true });
    const path = await writeConfig(join(root, 'project'), {});
    expect(findConfigFile(nested)).toBe(path);
    const closer = await writeConfig(join(root, 'project', 'src'), {});
    expect(findConfigFile(nested)).toBe(closer);
  });

  it('finds nothing when no folder up to the root has one', async () => {
    expect(findConfigFile(root)).toBeUndefined();
  });

  it('ignores a folder that merely has the name', async () => {
    await mkdir(join(root, configFileName));
    expect(findConfigFile(root)).toBeUndefined();
  });
});

describe('reading the project file', () => {
  it('returns typed values', async () => {
    const path = await writeConfig(root, { port: 4100, tunnel: false, log: false, replay: { retries: 5, timeout: 2000 } });
    const loaded = await loadConfigFile(path);
    expect(loaded).toEqual({ path, dir: root, config: { port: 4100, tunnel: false, log: false, replay: { retries: 5, timeout: 2000 } } });
  });

  it('names the file, line and column of invalid JSON', async () => {
    const path = await writeConfig(root, '{\n  "port": 4000,\n}\n');
    const error = await loadError(path);
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.message).toBe(`invalid JSON in ${path}:3:1: Expected double-quoted property name`);
  });

  it('names the line and column of an unexpected token, in one line, whatever V8 quotes of the file', async () => {
    const path = await writeConfig(root, '{\n  "port": 4000,\n  "forwardTo": nope,\n  "replay": { "retries": 2 }\n}\n');
    expect((await loadError(path)).message).toBe(`invalid JSON in ${path}:3:17: Unexpected token 'o'`);
  });

  it('reads a file an editor saved with a byte order mark', async () => {
    const path = await writeConfig(root, '\uFEFF{ "port": 4100 }');
    expect((await loadConfigFile(path)).config).toEqual({ port: 4100 });
  });

  it('names the file, line and column at the end of a truncated file', async () => {
    const path = await writeConfig(root, '{\n  "port": 4000');
    expect((await loadError(path)).message).toMatch(new RegExp(`^invalid JSON in ${path}:2:15: `));
  });

  it('names the file, the key, the problem and the value for a wrong type', async () => {
    const path = await writeConfig(root, { port: '4000', replay: { retries: 1.5 } });
    const error = await loadError(path);
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.message).toContain(`invalid config ${path}: `);
    expect(error.message).toContain('"port": expected a whole number from 0 to 65535, got "4000"');
    expect(error.message).toContain('"replay.retries": expected a whole number of retries, got 1.5');
  });

  it('rejects out-of-range values and non-http URLs', async () => {
    const path = await writeConfig(root, { port: 70000, forwardTo: 'ftp://example.com/hooks', path: 'webhooks' });
    const { message } = await loadError(path);
    expect(message).toContain('"port": expected a whole number from 0 to 65535, got 70000');
    expect(message).toContain('"forwardTo": expected an http:// or https:// URL, got "ftp://example.com/hooks"');
    expect(message).toContain('"path": expected a URL path starting with /, got "webhooks"');
  });

  it('refuses URLs with a user name or password, without repeating them', async () => {
    const path = await writeConfig(root, { forwardTo: 'http://bob:hunter22@127.0.0.1:3000/x', replay: { to: 'https://alice@example.com/hooks' } });
    const { message } = await loadError(path);
    expect(message).toContain('"forwardTo": must not contain a user name or password (they would not be sent)');
    expect(message).toContain('"replay.to": must not contain a user name or password');
    expect(message).not.toContain('hunter22');
    expect(message).not.toContain('alice');
  });

  it('hides the credentials of a URL that is wrong in another way too', async () => {
    const path = await writeConfig(root, { forwardTo: 'ftp://u:s3cret@localhost:1/x', baseUrl: 'http://u:s3cret@' });
    const { message } = await loadError(path);
    expect(message).toContain('"forwardTo": expected an http:// or https:// URL, got "ftp://…@localhost:1/x"');
    expect(message).not.toContain('s3cret');
  });

  it('refuses delays longer than a Node timer holds', async () => {
    const path = await writeConfig(root, { replay: { timeout: 3_000_000_000, retryDelay: 2_147_483_648 } });
    const { message } = await loadError(path);
    expect(message).toContain('"replay.timeout": expected a whole number of milliseconds, at most 2147483647 (about 24.8 days), got 3000000000');
    expect(message).toContain('"replay.retryDelay": expected a whole number of milliseconds, at most 2147483647 (about 24.8 days), got 2147483648');
    await writeConfig(root, { replay: { timeout: 2_147_483_647, retryDelay: 2_147_483_647 } });
    expect((await loadConfigFile(path)).config.replay).toEqual({ timeout: 2_147_483_647, retryDelay: 2_147_483_647 });
  });

  it('names unknown keys, top-level and in replay, with the keys allowed there', async () => {
    const path = await writeConfig(root, { prot: 4000, replay: { retry: 2 } });
    const { message } = await loadError(path);
    expect(message).toContain('unknown key "prot" (allowed: host, port, path, forwardTo, log, maxBody, tunnel, baseUrl, secret, apiKey, replay)');
    expect(message).toContain('unknown key "replay.retry" (allowed: to, retries, retryDelay, timeout, secret)');
  });

  it('wants one JSON object', async () => {
    const path = await writeConfig(root, '[1, 2]');
    expect((await loadError(path)).message).toBe(`invalid config ${path}: the file must hold one JSON object (Invalid input: expected object, received array)`);
  });

  it('reports a file it cannot read as such', async () => {
    const path = join(root, configFileName);
    await mkdir(path);
    expect((await loadError(path)).message).toBe(`cannot read ${path}: it is a directory`);
  });
});

describe('precedence: flag > environment > project file > default', () => {
  it('uses the defaults when nothing else is set', async () => {
    const command = await run(root, ['replay', 'CallStatusChanged']);
    expect(command.opts()).toEqual({ retries: 3, timeout: 10_000 });
    expect(command.getOptionValueSource('retries')).toBe('default');
  });

  it('takes the project file over the defaults, typed, and marks the source', async () => {
    await writeConfig(root, { port: 4100, host: '0.0.0.0', tunnel: false, replay: { to: 'http://127.0.0.1:3000/hooks', retries: 5 } });
    const replay = await run(root, ['replay']);
    expect(replay.opts()).toEqual({ to: 'http://127.0.0.1:3000/hooks', retries: 5, timeout: 10_000 });
    expect(replay.getOptionValueSource('to')).toBe('config');
    expect(replay.getOptionValueSource('retries')).toBe('config');
    const listen = await run(root, ['listen']);
    expect(listen.opts()).toMatchObject({ port: 4100, host: '0.0.0.0', tunnel: false });
    expect(listen.getOptionValueSource('tunnel')).toBe('config');
  });

  it('takes an environment variable over the project file', async () => {
    await writeConfig(root, { replay: { to: 'http://127.0.0.1:3000/from-file' } });
    vi.stubEnv('VOICEHUB_HOOKS_TARGET', 'http://127.0.0.1:3000/from-env');
    const replay = await run(root, ['replay']);
    expect(replay.opts().to).toBe('http://127.0.0.1:3000/from-env');
    expect(replay.getOptionValueSource('to')).toBe('env');
  });

  it('takes a flag over the environment and the project file', async () => {
    await writeConfig(root, { port: 4100, replay: { to: 'http://127.0.0.1:3000/from-file', retries: 5 } });
    vi.stubEnv('VOICEHUB_HOOKS_TARGET', 'http://127.0.0.1:3000/from-env');
    const replay = await run(root, ['replay', '--to', 'http://127.0.0.1:3000/from-flag', '--retries', '0']);
    expect(replay.opts()).toMatchObject({ to: 'http://127.0.0.1:3000/from-flag', retries: 0 });
    expect(replay.getOptionValueSource('retries')).toBe('cli');
    const listen = await run(root, ['listen', '--port', '5000']);
    expect(listen.opts().port).toBe(5000);
  });

  it('applies the replay section to replay only, and top-level keys to any command with that option', async () => {
    await writeConfig(root, { timeout: 1, replay: { timeout: 2500 } });
    await expect(run(root, ['replay'])).rejects.toThrow('unknown key "timeout"');
    await writeConfig(root, { port: 4100, replay: { timeout: 2500 } });
    expect((await run(root, ['replay'])).opts().timeout).toBe(2500);
    expect((await run(root, ['listen'])).opts().port).toBe(4100);
  });

  it('hands the values over as the flags would: parsed by the option parser, or as text when there is none', async () => {
    await writeConfig(root, { port: 4100, maxBody: 2048 });
    const listen = await run(root, ['listen']);
    expect(listen.opts()).toMatchObject({ port: 4100, maxBody: '2048' });
    await writeConfig(root, { maxBody: '2m' });
    expect((await run(root, ['listen'])).opts().maxBody).toBe('2m');
  });

  it("names the file and the key when a value breaks the option's own rule", async () => {
    const path = await writeConfig(root, { replay: { retries: 50 } });
    const error: unknown = await run(root, ['replay']).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toBe(`invalid config ${path}: "replay.retries": at most 10 retries`);
    expect((error as CliError).exitCode).toBe(ExitCode.usage);
  });

  it('resolves a relative log path against the file, not the working directory', async () => {
    const sub = join(root, 'packages', 'api');
    await mkdir(sub, { recursive: true });
    await writeConfig(root, { log: 'logs/events.jsonl' });
    expect((await run(sub, ['listen'])).opts().log).toBe(join(root, 'logs', 'events.jsonl'));
    await writeConfig(root, { log: false });
    expect((await run(sub, ['listen'])).opts().log).toBe(false);
    expect((await run(sub, ['listen', '--log', 'mine.jsonl'])).opts().log).toBe('mine.jsonl');
  });

  it('points a bare replay --from-log at the log the file sets, resolved against the file as for listen', async () => {
    const sub = join(root, 'packages', 'api');
    await mkdir(sub, { recursive: true });
    await writeConfig(root, { log: 'logs/events.jsonl' });
    const bare = await run(sub, ['replay', '--from-log']);
    expect(bare.opts().fromLog).toBe(join(root, 'logs', 'events.jsonl'));
    expect(bare.getOptionValueSource('fromLog')).toBe('config');
    expect((await run(sub, ['replay', '--from-log', 'mine.jsonl'])).opts().fromLog).toBe('mine.jsonl');
    expect((await run(sub, ['replay'])).opts().fromLog).toBeUndefined();
    await writeConfig(root, { log: false });
    expect((await run(sub, ['replay', '--from-log'])).opts().fromLog).toBe(true);
  });

  it('stops a command whose options the file sets when the file is invalid', async () => {
    await writeConfig(root, { port: 'four thousand' });
    const error: unknown = await run(root, ['listen']).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(ExitCode.usage);
    expect((error as CliError).message).toContain('"port"');
  });

  it('never reads the file for a command it cannot configure, so a broken file cannot break it', async () => {
    await writeConfig(root, '{ not json');
    await expect(run(root, ['fixtures'])).resolves.toBeInstanceOf(Command);
  });

  it('leaves init alone: it writes the file and its --port is an answer, not a setting', async () => {
    const path = await writeConfig(root, '{ not json');
    const init = new Command('init').option('--port <port>');
    await expect(applyProjectConfig(captureIo(root).io, init, path)).resolves.toBeUndefined();
    expect(init.opts().port).toBeUndefined();
  });

  it('honours a secret found in the file, with one warning naming the file, the key and the variable', async () => {
    const path = await writeConfig(root, { secret: 'in-the-file' });
    const { io, stderr } = captureIo(root);
    const listen = program(root).commands.find((command) => command.name() === 'listen');
    if (!listen) throw new Error('no listen command');
    await applyProjectConfig(io, listen, path);
    expect(listen.opts().secret).toBe('in-the-file');
    expect(stderr()).toBe(
      `warning: ${path} holds "secret"; this file is meant to be committed, so move it to VOICEHUB_WEBHOOK_SECRET in .env (used anyway)\n`,
    );
  });

  it('lets applyConfig fill only unset options of the command and its parents', async () => {
    const parent = new Command('fetch').option('--base-url <url>', 'base', 'https://default.example/api/v1');
    const child = parent.command('analysis').option('--timeout <ms>');
    applyConfig(child, { path: join(root, configFileName), dir: root, config: { baseUrl: 'http://127.0.0.1:9/api/v1', replay: { timeout: 5 } } });
    expect(parent.opts().baseUrl).toBe('http://127.0.0.1:9/api/v1');
    expect(child.opts().timeout).toBeUndefined();
  });
});

describe('.env loading', () => {
  it('fills documented variables the environment lacks, from the folder of the project file', async () => {
    const sub = join(root, 'src');
    await mkdir(sub);
    await writeConfig(root, {});
    await writeFile(
      join(root, '.env'),
      'VOICEHUB_WEBHOOK_SECRET=from-dotenv\nVOICEHUB_API_KEY="key from dotenv"\nDATABASE_URL=postgres://not-ours\nVOICEHUB_BASE_URL=http://dotenv.example\n',
    );
    const { io, stderr } = captureIo(sub);
    io.env = { VOICEHUB_BASE_URL: 'http://real-env.example' };
    expect(readProjectDotEnv(io, findConfigFile(sub))).toEqual({ VOICEHUB_WEBHOOK_SECRET: 'from-dotenv', VOICEHUB_API_KEY: 'key from dotenv' });
    expect(stderr()).toBe('');
  });

  it('uses the working directory when there is no project file', async () => {
    await writeFile(join(root, '.env'), 'VOICEHUB_HOOKS_TARGET=http://127.0.0.1:3000/hooks\n');
    expect(readProjectDotEnv(captureIo(root).io, findConfigFile(root))).toEqual({ VOICEHUB_HOOKS_TARGET: 'http://127.0.0.1:3000/hooks' });
  });

  it('treats a missing .env as normal and warns about malformed lines', async () => {
    const quiet = captureIo(root);
    expect(readProjectDotEnv(quiet.io, findConfigFile(root))).toEqual({});
    expect(quiet.stderr()).toBe('');
    await writeFile(join(root, '.env'), 'CLOUDFLARED_BIN=/opt/cloudflared\nthis is not an assignment\n');
    const { io, stderr } = captureIo(root);
    expect(readProjectDotEnv(io, findConfigFile(root))).toEqual({ CLOUDFLARED_BIN: '/opt/cloudflared' });
    expect(stderr()).toBe(`warning: ignored malformed line 2 of ${join(root, '.env')} (expected KEY=value)\n`);
  });
});
