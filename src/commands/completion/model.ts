import type { Command, Option } from 'commander';

export interface CompletionOption {
  long?: string;
  short?: string;
  description: string;
  /** The option must be followed by a value, which is then not a command or argument. */
  takesValue: boolean;
  valueName?: string;
  choices: string[];
}

export interface CompletionCommand {
  /** Command names from the program down, `[]` for the program itself. */
  path: string[];
  name: string;
  description: string;
  options: CompletionOption[];
  subcommands: CompletionCommand[];
  /** Values the positional arguments accept, when they are a fixed list. */
  argumentChoices: string[];
  /** Positional arguments that take free values (files, names): completion offers files for them. */
  takesFreeArguments: boolean;
}

/**
 * Shell completion must only ever offer words the shell can pass unquoted;
 * anything else (spaces, quotes, globs) is left out rather than mangled.
 */
const plainWord = /^[\w@%+=,./:-]+$/;

function describeOption(option: Option): CompletionOption {
  const valueName = /[<[]([^>\]]+)[>\]]/.exec(option.flags)?.[1];
  return {
    long: option.long,
    short: option.short,
    description: option.description,
    takesValue: option.required,
    valueName,
    choices: (option.argChoices ?? []).filter((choice) => plainWord.test(choice)),
  };
}

/** Reads the live commander program, so the completion scripts list exactly the commands and options it has. */
export function describeCommand(command: Command, path: string[] = []): CompletionCommand {
  const help = command.createHelp();
  const argumentsList = command.registeredArguments;
  return {
    path,
    name: command.name(),
    description: command.summary() || command.description(),
    options: help.visibleOptions(command).map(describeOption),
    subcommands: help.visibleCommands(command).map((sub) => describeCommand(sub, [...path, sub.name()])),
    argumentChoices: argumentsList.flatMap((argument) => argument.argChoices ?? []).filter((choice) => plainWord.test(choice)),
    takesFreeArguments: argumentsList.some((argument) => argument.argChoices === undefined),
  };
}

export function flattenCommands(root: CompletionCommand): CompletionCommand[] {
  return [root, ...root.subcommands.flatMap(flattenCommands)];
}

export function optionFlags(option: CompletionOption): string[] {
  return [option.short, option.long].filter((flag): flag is string => flag !== undefined);
}

/** Values that read like a path get file completion; others (ports, URLs, names) get none. */
export function valueIsPath(option: CompletionOption): boolean {
  return /^(file|path|dir|directory|bin)$/i.test(option.valueName ?? '');
}
