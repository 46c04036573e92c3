import { describe, expect, it } from 'vitest';
import { commandCatalog } from '../src/commands/catalog.js';
import { runCli } from './helpers/cli.js';

/** Every command a user can run, as typed after `voicehub-hooks`. */
const commands = [[], ['listen'], ['replay'], ['fixtures'], ['fetch'], ['fetch', 'analysis'], ['fetch', 'transcript'], ['demo'], ['init'], ['completion']];

/** The lines of the "Examples:" section: from the heading to the first blank line. */
function examplesOf(help: string): string[] {
  const lines = help.split('\n');
  const start = lines.indexOf('Examples:');
  if (start < 0) return [];
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => line.trim() === '');
  return end < 0 ? rest : rest.slice(0, end);
}

describe('--help (built CLI)', () => {
  it.each(commands.map((path) => [path.join(' ') || '(program)', path] as const))('%s has an "Examples:" section of real command lines', async (_name, path) => {
    const result = await runCli([...path, '--help']);
    expect(result.code).toBe(0);
    const examples = examplesOf(result.stdout);
    expect(examples.length, result.stdout).toBeGreaterThan(0);
    for (const line of examples) expect(line).toMatch(/^ {2}\$ \S/);
    // At least one example runs the command the help is about.
    const invocation = ['voicehub-hooks', ...path].join(' ');
    expect(examples.some((line) => line.startsWith(`  $ ${invocation}`))).toBe(true);
  });
});

describe('commands are defined when they run (built CLI)', () => {
  it('lists every command in the program help, and `help <command>` shows that command in full', async () => {
    const program = await runCli(['--help']);
    for (const name of ['listen', 'replay', 'fixtures', 'fetch', 'demo', 'init', 'completion']) {
      expect(program.stdout).toMatch(new RegExp(`^ {2}${name} +\\S`, 'm'));
    }
    const viaHelp = await runCli(['help', 'listen']);
    const viaFlag = await runCli(['listen', '--help']);
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.stdout).toContain('--forward-to <url>');
    expect(viaHelp.stdout).toBe(viaFlag.stdout);
  });

  it('lists each command with the usage its own help gives, though it is not defined yet', async () => {
    const program = await runCli(['--help']);
    for (const name of Object.keys(commandCatalog)) {
      const own = await runCli([name, '--help']);
      const usage = /^Usage: voicehub-hooks (.+)$/m.exec(own.stdout)?.[1];
      expect(usage, own.stdout).toMatch(new RegExp(`^${name} `));
      expect(program.stdout).toContain(`\n  ${usage ?? name}  `);
    }
  });

  it('suggests a command for a typo and an option only the command itself defines', async () => {
    const command = await runCli(['lisen']);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain('(Did you mean listen?)');
    const option = await runCli(['replay', '--retires', '3']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('(Did you mean --retries?)');
  });
});
