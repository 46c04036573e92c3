import { InvalidArgumentError } from 'commander';
import type { Platform } from '../../events/platforms.js';
import { parseHttpUrl } from '../../io/http-url.js';
import type { DefineCommand } from '../types.js';
import { defaultPort, platformIds, portProblem } from './answers.js';
import type { InitOptions } from './run.js';

function parsePort(value: string): number {
  const port = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  const problem = portProblem(port);
  if (problem) throw new InvalidArgumentError(problem);
  return port;
}

/**
 * A UsageError rather than commander's InvalidArgumentError, whose message
 * repeats the argument: that could be a password. Stored as typed.
 */
function parseUrl(value: string): string {
  parseHttpUrl('--forward-to', value);
  return value;
}

function parsePlatforms(value: string): Platform[] {
  const names = value.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !(platformIds as string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new InvalidArgumentError(`Expected a comma-separated list of ${platformIds.join(', ')}.`);
  }
  return [...new Set(names as Platform[])];
}

export const defineInit: DefineCommand = (init, io, act) => {
  init
    .option('-y, --yes', 'ask nothing: use the flags, then the defaults (for scripts and CI)')
    .option('--dir <path>', 'the project folder to write into (default: the current folder)')
    .option('-p, --port <port>', `the port listen receives on (default: ${defaultPort})`, parsePort)
    .option('--forward-to <url>', "your app's webhook URL, used by listen --forward-to and replay --to", parseUrl)
    .option('--platform <list>', `which platforms send webhooks, comma-separated: ${platformIds.join(', ')}`, parsePlatforms)
    .option('--secret', 'generate a webhook secret into .env (the default when a VoiceHub platform is chosen)')
    .option('--no-secret', 'do not generate a webhook secret')
    .option('-f, --force', 'overwrite an existing config file and replace a secret already in .env, without asking')
    .addHelpText(
      'after',
      `
The config file holds no secrets and can be committed; the secret goes to
.env (created readable only by you, and added to .gitignore when there is one).
An existing config or secret is never replaced without asking (or --force).

Examples:
  $ voicehub-hooks init
  $ voicehub-hooks init --yes --forward-to http://localhost:3000/webhooks
  $ voicehub-hooks init --yes --platform voxia,postcall --no-secret --port 4100`,
    )
    .action(
      act(async (options: InitOptions) => {
        const { runInit } = await import('./run.js');
        return runInit(io, options);
      }),
    );
};
