import { Command, CommanderError, Help } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { commandCatalog } from './commands/catalog.js';
import type { Act } from './commands/types.js';
import { processIo, withEnv, type Io } from './io/context.js';
import { ExitCode } from './io/exit-codes.js';
import { reportError } from './io/report-error.js';

const commanderOk = new Set(['commander.helpDisplayed', 'commander.version', 'commander.help']);

export function buildProgram(io: Io, act: Act): Command {
  const program: Command = new Command('voicehub-hooks')
    .description('Receive, inspect, replay and forward VoiceHub, Call Studio, Voxia and post-call webhooks.')
    .version(packageJson.version, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .showHelpAfterError(io.err.dim('(run with --help for usage)'))
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(io.err.red(text)),
    })
    .exitOverride()
    .configureHelp({
      // The program lists its commands before they are defined: their usage comes from the catalog.
      subcommandTerm: (command: Command): string => {
        const usage = command.parent === program ? commandCatalog[command.name()]?.usage : undefined;
        return usage === undefined ? new Help().subcommandTerm(command) : `${command.name()} ${usage}`;
      },
    });
  for (const [name, { description }] of Object.entries(commandCatalog)) program.command(name).description(description);
  // A command gets its arguments and options just before it parses them.
  const defined = new Set<Command>();
  const define = async (command: Command) => {
    const entry = commandCatalog[command.name()];
    if (!entry || defined.has(command)) return;
    defined.add(command);
    (await entry.load())(command, io, act);
  };
  program.hook('preSubcommand', async (_program, subcommand) => {
    const everyCommand = commandCatalog[subcommand.name()]?.readsEveryCommand === true;
    await Promise.all((everyCommand ? program.commands : [subcommand]).map(define));
  });
  // commander's own help command prints a command's help without that hook,
  // so before the command has any options: this one defines it first.
  program.helpCommand(false);
  program
    .command('help')
    .argument('[command...]', 'the command, e.g. listen or fetch analysis')
    .description('display help for command')
    .action(async (path: string[]) => {
      let target = program;
      for (const name of path) {
        const next = target.commands.find((command) => command.name() === name);
        if (!next) return target.error(`error: unknown command '${name}'`);
        await define(next);
        target = next;
      }
      target.help();
    });
  program.addHelpText(
    'after',
    `
Examples:
  $ voicehub-hooks listen --forward-to http://localhost:3000/webhooks
  $ voicehub-hooks replay CallStudioJobStatusChanged --to http://localhost:3000/webhooks --retries 5
  $ voicehub-hooks fetch analysis job_123 --json | jq .summary

Exit codes: 0 ok, 1 failure (delivery, API or network), 2 usage error.`,
  );
  return program;
}

export async function main(argv: string[], io: Io): Promise<ExitCode> {
  const outcome = { code: ExitCode.ok as ExitCode };
  const act: Act =
    (work) =>
    async (...args) => {
      outcome.code = (await work(...args)) ?? ExitCode.ok;
    };
  const env = { ...io.env };
  const program = buildProgram(withEnv(io, env), act);
  // Looked for once, before a command parses: its folder holds the .env, and it fills in the options.
  let projectFile: string | undefined;
  // A project .env supplies documented variables the environment lacks.
  // commander's Option.env() reads process.env itself while a command parses
  // its options, so they must land there, here at the process edge, before
  // the command parses. Only commands have such options: the program's own
  // --help never loads the code that reads the file.
  program.hook('preSubcommand', async () => {
    const { findConfigFile } = await import('./config/locate.js');
    const { readProjectDotEnv } = await import('./config/dotenv.js');
    projectFile = findConfigFile(io.cwd);
    const fromDotEnv = readProjectDotEnv(io, projectFile);
    Object.assign(process.env, fromDotEnv);
    Object.assign(env, fromDotEnv);
  });
  // The project file fills in what flags and environment variables left unset;
  // it is read only when a command actually runs, never for --help or --version.
  program.hook('preAction', async (_program, actionCommand) => {
    // Most runs find no project file; finding that out must not load the zod schema that checks one.
    if (projectFile === undefined) return;
    const { applyProjectConfig } = await import('./config/apply.js');
    await applyProjectConfig(io, actionCommand, projectFile);
  });
  try {
    await program.parseAsync(argv);
    return outcome.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // A missing command shows help too, but as 'commander.help' with exit code 1: a usage error.
      return commanderOk.has(error.code) && error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    return reportError(io, error);
  }
}

// A reader that stops early (`| head`, `| jq -e first`) closes the pipe: our
// output is simply over, which is no failure and never a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

void main(process.argv, processIo()).then((exitCode) => {
  process.exitCode = exitCode;
});
