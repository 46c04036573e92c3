import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Argument, Command, Option } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bashScript } from '../src/commands/completion/bash.js';
import { fishScript } from '../src/commands/completion/fish.js';
import { describeCommand } from '../src/commands/completion/model.js';
import { zshScript } from '../src/commands/completion/zsh.js';
import { runCli } from './helpers/cli.js';

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'voicehub-completion-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

const installed = (shell: string) => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;

async function saved(name: string, script: string): Promise<string> {
  const path = join(scratch, name);
  await writeFile(path, script);
  return path;
}

/** Sources the script in a real bash and asks it to complete a command line, as bash does on Tab. */
function bashComplete(scriptPath: string, fn: string, line: string[]): string[] {
  const words = line.map((word) => `'${word}'`).join(' ');
  const program = `source '${scriptPath}' && COMP_WORDS=(${words}) && COMP_CWORD=${line.length - 1} && ${fn} && printf '%s\\n' "\${COMPREPLY[@]}"`;
  const result = spawnSync('bash', ['--norc', '--noprofile', '-c', program], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`bash failed: ${result.stderr}`);
  return result.stdout.split('\n').filter(Boolean);
}

/** A real commander program with what completion has to handle: nesting, choices, values, hidden things. */
function sampleProgram(): Command {
  const program = new Command('hooks-sample').option('-v, --version', 'print the version');
  program.command('listen').description("receive webhooks: it's [fast]").option('-p, --port <port>', 'port').option('--log <file>', 'log file').option('--verbose');
  const fetch = program.command('fetch').description('fetch results');
  fetch.command('analysis <id>').option('--format <format>', 'format').addOption(new Option('--mode <mode>').choices(['fast', 'full']));
  fetch.command('transcript <id>').option('--words');
  program.command('completion').addArgument(new Argument('<shell>').choices(['bash', 'zsh', 'fish']));
  program.command('secret-tool', { hidden: true });
  program.addOption(new Option('--debug-internals').hideHelp());
  return program;
}

describe('bash completion generated from a commander program', () => {
  let path: string;
  const complete = (...line: string[]) => bashComplete(path, '_hooks_sample_complete', ['hooks-sample', ...line]);

  beforeAll(async () => {
    path = await saved('sample.bash', bashScript(describeCommand(sampleProgram())));
  });

  it('is valid bash that registers itself', () => {
    expect(spawnSync('bash', ['-n', path]).status).toBe(0);
    const result = spawnSync('bash', ['--norc', '-c', `source '${path}' && complete -p hooks-sample`], { encoding: 'utf8' });
    expect(result.stdout.trim()).toBe('complete -o default -F _hooks_sample_complete hooks-sample');
  });

  it('offers visible commands and options, never hidden ones', () => {
    expect(complete('')).toEqual(['listen', 'fetch', 'completion', 'help']);
    expect(complete('f')).toEqual(['fetch']);
    expect(complete('--')).toEqual(['--version', '--help']);
  });

  it('follows nested commands and completes their options', () => {
    expect(complete('fetch', '')).toEqual(['analysis', 'transcript', 'help']);
    expect(complete('fetch', 'analysis', '--')).toEqual(['--format', '--mode', '--help']);
    expect(complete('fetch', 'transcript', 'job_1', '--w')).toEqual(['--words']);
  });

  it('completes option values from their choices, and skips values when finding the command', () => {
    expect(complete('fetch', 'analysis', '--mode', '')).toEqual(['fast', 'full']);
    expect(complete('fetch', 'analysis', '--format', 'fetch', '--m')).toEqual(['--mode']);
    expect(complete('listen', '--port', '')).toEqual([]);
    expect(complete('listen', '-p', '4000', '--v')).toEqual(['--verbose']);
  });

  it('completes argument choices', () => {
    expect(complete('completion', '')).toEqual(['bash', 'zsh', 'fish']);
    expect(complete('completion', 'f')).toEqual(['fish']);
  });

  it('offers the options of a command that takes no arguments', () => {
    expect(complete('listen', '')).toEqual(['--port', '--log', '--verbose', '--help']);
  });
});

describe('zsh and fish completion generated from a commander program', () => {
  const model = () => describeCommand(sampleProgram());

  it('zsh: describes commands, nested commands, options, values and choices, escaped', async () => {
    const script = zshScript(model());
    expect(script.startsWith('#compdef hooks-sample\n')).toBe(true);
    expect(script).toContain(`'listen:receive webhooks: it'\\''s [fast]'`);
    expect(script).toContain(`'(-p --port)'{-p,--port}'[port]:port: '`);
    expect(script).toContain(`'--log[log file]:file:_files'`);
    expect(script).toContain(`'--mode:mode:(fast full)'`);
    expect(script).toContain(`'*:argument:(bash zsh fish)'`);
    expect(script).toContain('_hooks_sample_fetch_analysis() {');
    expect(script).toContain('compdef _hooks_sample hooks-sample');
    expect(script).not.toContain('secret-tool');
    expect(script).not.toContain('debug-internals');
    if (installed('zsh')) expect(spawnSync('zsh', ['-n', await saved('sample.zsh', script)]).status).toBe(0);
  });

  it('fish: one completion line per command and option, conditioned on the command typed so far', async () => {
    const script = fishScript(model());
    expect(script).toContain(`complete -c hooks-sample -f -n '__hooks_sample_at \\'hooks-sample\\'' -a 'listen' -d 'receive webhooks: it\\'s [fast]'`);
    expect(script).toContain(`complete -c hooks-sample -n '__hooks_sample_at \\'hooks-sample listen\\'' -s p -l port -x -d 'port'`);
    expect(script).toContain(`complete -c hooks-sample -n '__hooks_sample_at \\'hooks-sample listen\\'' -l log -r -F -d 'log file'`);
    expect(script).toContain(`-n '__hooks_sample_at \\'hooks-sample fetch analysis\\'' -l mode -x -a 'fast full'`);
    expect(script).toContain(`complete -c hooks-sample -f -n '__hooks_sample_at \\'hooks-sample completion\\'' -a 'bash zsh fish'`);
    expect(script).toContain(`case 'hooks-sample fetch:analysis'`);
    expect(script).not.toContain('secret-tool');
    if (installed('fish')) expect(spawnSync('fish', ['-n', await saved('sample.fish', script)]).status).toBe(0);
  });
});

describe('voicehub-hooks completion (built CLI)', () => {
  let commands: string[];

  beforeAll(async () => {
    const help = await runCli(['--help']);
    const section = help.stdout.split(/^Commands:$/m)[1] ?? '';
    commands = [...section.matchAll(/^ {2}(\w[\w-]*)/gm)].map((match) => match[1] ?? '');
    expect(commands).toEqual(expect.arrayContaining(['listen', 'replay', 'fixtures', 'fetch', 'demo', 'init', 'completion']));
  });

  it('prints a bash script that loads and completes every command', async () => {
    const result = await runCli(['completion', 'bash']);
    expect(result.code).toBe(0);
    const path = await saved('voicehub-hooks.bash', result.stdout);
    expect(spawnSync('bash', ['-n', path]).status).toBe(0);
    const loaded = spawnSync('bash', ['--norc', '-c', `source '${path}' && complete -p voicehub-hooks`], { encoding: 'utf8' });
    expect(loaded.stdout.trim()).toBe('complete -o default -F _voicehub_hooks_complete voicehub-hooks');
    expect(bashComplete(path, '_voicehub_hooks_complete', ['voicehub-hooks', ''])).toEqual(commands);
    expect(bashComplete(path, '_voicehub_hooks_complete', ['voicehub-hooks', 'completion', ''])).toEqual(['bash', 'zsh', 'fish']);
    expect(bashComplete(path, '_voicehub_hooks_complete', ['voicehub-hooks', 'init', '--for'])).toEqual(['--forward-to', '--force']);
  });

  it.each(['zsh', 'fish'])('prints a %s script naming every command', async (shell) => {
    const result = await runCli(['completion', shell]);
    expect(result.code).toBe(0);
    for (const command of commands) expect(result.stdout).toMatch(new RegExp(`\\b${command}\\b`));
    if (installed(shell)) expect(spawnSync(shell, ['-n', await saved(`voicehub-hooks.${shell}`, result.stdout)]).status).toBe(0);
  });

  it('rejects an unknown shell with exit code 2, listing the supported ones', async () => {
    const result = await runCli(['completion', 'tcsh']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("'tcsh' is invalid");
    expect(result.stderr).toContain('bash, zsh, fish');
  });

  it('explains how to install each script in its help', async () => {
    const result = await runCli(['completion', '--help']);
    expect(result.stdout).toContain('source <(voicehub-hooks completion bash)');
    expect(result.stdout).toContain('source <(voicehub-hooks completion zsh)');
    expect(result.stdout).toContain('voicehub-hooks completion fish > ~/.config/fish/completions/voicehub-hooks.fish');
  });
});
