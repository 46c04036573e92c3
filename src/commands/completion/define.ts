import { Argument, type Command } from 'commander';
import type { DefineCommand } from '../types.js';
import { shells, type Shell } from './shells.js';

export const defineCompletion: DefineCommand = (completion, io, act) => {
  completion
    .addArgument(new Argument('<shell>', 'the shell to complete').choices(shells))
    .addHelpText(
      'after',
      `
Examples:
  $ voicehub-hooks completion bash > ~/.local/share/bash-completion/completions/voicehub-hooks
  $ voicehub-hooks completion fish > ~/.config/fish/completions/voicehub-hooks.fish

The script covers every command and option of this version: regenerate it after upgrading.

Install:
  bash  add to ~/.bashrc:
          source <(voicehub-hooks completion bash)
  zsh   add to ~/.zshrc (after compinit):
          source <(voicehub-hooks completion zsh)
        or save it on your $fpath:
          voicehub-hooks completion zsh > "\${fpath[1]}/_voicehub-hooks"
  fish  voicehub-hooks completion fish > ~/.config/fish/completions/voicehub-hooks.fish

Completion applies to the command name voicehub-hooks (installed globally or
on your PATH), not to npx voicehub-hooks.`,
    )
    .action(
      act(async (shell: Shell, _options: unknown, command: Command) => {
        const { runCompletion } = await import('./run.js');
        return runCompletion(io, command.parent ?? command, shell);
      }),
    );
};
