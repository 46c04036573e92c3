import type { Command } from 'commander';
import type { Io } from '../../io/context.js';
import { ExitCode } from '../../io/exit-codes.js';
import { bashScript } from './bash.js';
import { fishScript } from './fish.js';
import { describeCommand, type CompletionCommand } from './model.js';
import type { Shell } from './shells.js';
import { zshScript } from './zsh.js';

const generators: Record<Shell, (program: CompletionCommand) => string> = { bash: bashScript, zsh: zshScript, fish: fishScript };

export function runCompletion(io: Io, program: Command, shell: Shell): ExitCode {
  io.stdout.write(generators[shell](describeCommand(program)));
  return ExitCode.ok;
}
