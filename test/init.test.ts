import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkbox, confirm, input, number } from '@inquirer/prompts';
import { render } from '@inquirer/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { askAnswers, type Prompter } from '../src/commands/init/answers.js';
import { configFromAnswers } from '../src/commands/init/files.js';
import { gitignoreIgnores } from '../src/commands/init/gitignore.js';
import { runInit } from '../src/commands/init/run.js';
import { loadConfigFile } from '../src/config/load.js';
import { palette } from '../src/io/colour.js';
import type { Io } from '../src/io/context.js';
import { CliError } from '../src/io/errors.js';
import { ExitCode } from '../src/io/exit-codes.js';

type Rendered = Awaited<ReturnType<typeof render>>;
/** What a person does at one question: look at the screen, press keys. */
type Keystrokes = (prompt: Rendered) => Promise<void> | void;

/**
 * The real @inquirer prompts, each rendered on a virtual terminal and
 * answered by the next scripted keystrokes: the flow under test runs exactly
 * as it does for a person, question by question.
 */
function keyboard(script: Keystrokes[]): Prompter & { screens: string[] } {
  const screens: string[] = [];
  const answerWith = async <Value>(rendered: Rendered & { answer: Promise<Value> }): Promise<Value> => {
    const next = script.shift();
    if (!next) throw new Error(`no keystrokes left for the question:\n${rendered.getScreen()}`);
    screens.push(rendered.getScreen());
    await next(rendered);
    return rendered.answer;
  };
  return {
    screens,
    checkbox: async (config) => answerWith(await render(checkbox, config)),
    number: async (config) => answerWith(await render(number, config)),
    input: async (config) => answerWith(await render(input, config)),
    confirm: async (config) => answerWith(await render(confirm, config)),
  };
}

const press =
  (...keys: string[]): Keystrokes =>
  ({ events }) => {
    for (const key of keys) events.keypress(key);
  };

const typeThenEnter =
  (text: string): Keystrokes =>
  ({ events }) => {
    events.type(text);
    events.keypress('enter');
  };

function terminalIo(cwd: string): Io & { output: () => string } {
  let output = '';
  const stream = { write: (text: string) => (output += text), isTTY: true };
  return { stdout: stream, stderr: stream, env: {}, out: palette(0), err: palette(0), interactive: true, cwd, output: () => output };
}

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'voicehub-init-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('gitignoreIgnores', () => {
  it.each([
    ['.env', true],
    ['/.env', true],
    ['*.env', true],
    ['.env*', true],
    ['**/.env', true],
    ['.env\n!.env', false],
    ['node_modules\ndist', false],
    ['# .env', false],
    ['.env/', false],
    ['config/.env', false],
    ['.env.local', false],
    ['.e?v', true],
  ])('%j → %s', (text, ignored) => {
    expect(gitignoreIgnores(text, '.env')).toBe(ignored);
  });
});

describe('configFromAnswers', () => {
  const answers = { platforms: ['callstudio' as const], port: 4100, forwardTo: 'http://localhost:3000/hooks', generateSecret: true };

  it('writes the port and the app as both forward and replay target', () => {
    expect(configFromAnswers(answers)).toEqual({ port: 4100, forwardTo: 'http://localhost:3000/hooks', replay: { to: 'http://localhost:3000/hooks' } });
  });

  it('keeps the settings it does not ask about and drops the old target when there is none now', () => {
    const previous = { host: '0.0.0.0', port: 4000, forwardTo: 'http://old.example/hooks', replay: { to: 'http://old.example/hooks', retries: 5 } };
    expect(configFromAnswers({ ...answers, forwardTo: undefined }, previous)).toEqual({ host: '0.0.0.0', port: 4100, replay: { retries: 5 } });
  });
});

describe('init in a terminal, answered with keystrokes', () => {
  it('asks every question, validates the URL and writes what was chosen', async () => {
    const prompter = keyboard([
      // Checked by default: VoiceHub call and Call Studio. Uncheck Call Studio, check Voxia.
      press('down', 'space', 'down', 'space', 'enter'),
      typeThenEnter('4100'),
      async (prompt) => {
        prompt.events.type('localhost:3000');
        prompt.events.keypress('enter');
        await prompt.nextRender();
        expect(prompt.getScreen()).toContain(`your app's URL must be an http:// or https:// URL (got "localhost:3000")`);
        for (let n = 0; n < 'localhost:3000'.length; n += 1) prompt.events.keypress('backspace');
        prompt.events.type('http://localhost:3000/webhooks');
        prompt.events.keypress('enter');
      },
      press('enter'),
    ]);
    const io = terminalIo(dir);
    expect(await runInit(io, {}, { prompter })).toBe(ExitCode.ok);

    expect(prompter.screens[0]).toContain('Which platforms will send webhooks?');
    expect(prompter.screens[0]).toMatch(/◉ VoiceHub call/);
    expect(prompter.screens[1]).toContain('Port for the local receiver');
    expect(prompter.screens[3]).toContain('Generate a webhook secret');
    const config = JSON.parse(await readFile(join(dir, 'voicehub-hooks.config.json'), 'utf8'));
    expect(config).toEqual({ port: 4100, forwardTo: 'http://localhost:3000/webhooks', replay: { to: 'http://localhost:3000/webhooks' } });
    expect(await readFile(join(dir, '.env'), 'utf8')).toMatch(/^VOICEHUB_WEBHOOK_SECRET=[A-Za-z0-9_-]{43}$/m);
    expect(io.output()).toContain("VoiceHub call   API in the sidebar → the agent's Call webhook");
    expect(io.output()).toContain("Voxia campaign  the campaign's Settings → Add Webhook URL");
    expect(io.output()).not.toContain('Call Studio in the sidebar');
  });

  it('asks nothing a flag answered', async () => {
    const prompter = keyboard([]);
    await runInit(terminalIo(dir), { platform: ['postcall'], port: 4000, forwardTo: 'http://localhost:3000/x', secret: false }, { prompter });
    expect(prompter.screens).toEqual([]);
    expect(JSON.parse(await readFile(join(dir, 'voicehub-hooks.config.json'), 'utf8')).port).toBe(4000);
  });

  it('leaves an existing config alone when the answer to overwriting is no', async () => {
    const path = join(dir, 'voicehub-hooks.config.json');
    await writeFile(path, '{ "port": 4321 }\n');
    const prompter = keyboard([press('enter')]);
    const io = terminalIo(dir);
    expect(await runInit(io, {}, { prompter })).toBe(ExitCode.ok);
    expect(prompter.screens[0]).toContain('voicehub-hooks.config.json already exists. Overwrite it?');
    expect(await readFile(path, 'utf8')).toBe('{ "port": 4321 }\n');
    expect(io.output()).toContain('nothing was written');
  });

  it('offers the existing values as defaults when overwriting, and asks before touching a secret in .env', async () => {
    await writeFile(join(dir, 'voicehub-hooks.config.json'), JSON.stringify({ port: 4321, forwardTo: 'http://localhost:8080/in', host: '0.0.0.0' }));
    await writeFile(join(dir, '.env'), 'VOICEHUB_WEBHOOK_SECRET=keep-me\n');
    const prompter = keyboard([
      typeThenEnter('y'),
      press('enter'),
      press('enter'),
      press('enter'),
      press('enter'),
      // Replace the secret already in .env? The default is no.
      press('enter'),
    ]);
    const io = terminalIo(dir);
    await runInit(io, {}, { prompter });
    expect(prompter.screens[2]).toContain('4321');
    expect(prompter.screens[3]).toContain('http://localhost:8080/in');
    expect(prompter.screens[5]).toContain('.env already has a VOICEHUB_WEBHOOK_SECRET. Replace it?');
    const { config } = await loadConfigFile(join(dir, 'voicehub-hooks.config.json'));
    expect(config).toEqual({ host: '0.0.0.0', port: 4321, forwardTo: 'http://localhost:8080/in', replay: { to: 'http://localhost:8080/in' } });
    expect(await readFile(join(dir, '.env'), 'utf8')).toBe('VOICEHUB_WEBHOOK_SECRET=keep-me\n');
    expect(io.output()).toContain('Kept the VOICEHUB_WEBHOOK_SECRET already in .env');
  });

  it('asks before adding the secret to an existing .env, and keeps its lines and mode', async () => {
    const envPath = join(dir, '.env');
    await writeFile(envPath, 'DATABASE_URL=postgres://localhost/app', { mode: 0o640 });
    const prompter = keyboard([press('enter'), press('enter'), press('enter'), press('enter'), press('enter')]);
    const io = terminalIo(dir);
    await runInit(io, {}, { prompter });
    expect(prompter.screens[4]).toContain('Add VOICEHUB_WEBHOOK_SECRET to your existing .env?');
    expect(await readFile(envPath, 'utf8')).toMatch(/^DATABASE_URL=postgres:\/\/localhost\/app\nVOICEHUB_WEBHOOK_SECRET=[\w-]{43}\n$/);
    expect((await stat(envPath)).mode & 0o777).toBe(0o640);
    expect(io.output()).toContain('.env is readable by other users: chmod 600 .env');
  });

  it('ends with nothing written when a question is cancelled', async () => {
    const prompter = keyboard([press('enter'), ({ events }) => events.keypress({ name: 'c', ctrl: true })]);
    const error: unknown = await runInit(terminalIo(dir), {}, { prompter }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toBe('init cancelled; nothing was written');
    await expect(stat(join(dir, 'voicehub-hooks.config.json'))).rejects.toThrow('ENOENT');
  });
});

describe('askAnswers', () => {
  it('defaults the secret question to no when no chosen platform sends one', async () => {
    const prompter = keyboard([press('enter')]);
    const answers = await askAnswers(prompter, { platforms: ['voxia'], port: 4000, forwardTo: '' }, { port: 4000 });
    expect(prompter.screens[0]).toContain('Voxia and post-call send none');
    expect(answers).toEqual({ platforms: ['voxia'], port: 4000, forwardTo: undefined, generateSecret: false });
  });
});
