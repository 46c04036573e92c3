import { configFileName } from '../config/locate.js';
import type { DefineCommand } from './types.js';

export interface CatalogEntry {
  /** One line, as `voicehub-hooks --help` lists the command. */
  description: string;
  /** What follows the name in that list, as the command's own help will say once it is defined. */
  usage: string;
  /** Loads the module that gives the command its arguments, options and action. */
  load: () => Promise<DefineCommand>;
  /** The command reads the whole program (every command's options), not just its own. */
  readsEveryCommand?: boolean;
}

/**
 * Every command, in the order `voicehub-hooks --help` lists them. Only the
 * command that runs (or whose help is asked for) is defined in full: defining
 * all of them, with their options and parsers, was most of the cost of
 * printing the program's help, and `listen` needs none of the others.
 */
export const commandCatalog: Readonly<Record<string, CatalogEntry>> = {
  listen: {
    description: 'receive webhooks locally: verify, print, log and forward every event',
    usage: '[options]',
    load: async () => (await import('./listen/define.js')).defineListen,
  },
  replay: {
    description: 'deliver events to your endpoint exactly as the platform does: headers, secret, retries, timeouts',
    usage: '[options] [fixture...]',
    load: async () => (await import('./replay/define.js')).defineReplay,
  },
  fixtures: {
    description: 'list the bundled sample payloads, or print one',
    usage: '[options] [name]',
    load: async () => (await import('./fixtures/define.js')).defineFixtures,
  },
  fetch: {
    description: 'fetch a call analysis or a Call Studio transcript from the VoiceHub API and show it',
    usage: '[options] [command]',
    load: async () => (await import('./fetch/define.js')).defineFetch,
  },
  demo: {
    description: 'see everything working offline: receive a call and a Call Studio job, fetch their analysis from a local stand-in API',
    usage: '[options]',
    load: async () => (await import('./demo/define.js')).defineDemo,
  },
  init: {
    description: `set up a project: writes ${configFileName} and a .env with a webhook secret`,
    usage: '[options]',
    load: async () => (await import('./init/define.js')).defineInit,
  },
  completion: {
    description: 'print a shell completion script for bash, zsh or fish',
    usage: '[options] <shell>',
    load: async () => (await import('./completion/define.js')).defineCompletion,
    readsEveryCommand: true,
  },
};
