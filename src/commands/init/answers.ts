import { platformProfiles, type Platform } from '../../events/platforms.js';
import { checkHttpUrl } from '../../io/http-url.js';

export interface InitAnswers {
  platforms: Platform[];
  port: number;
  /** The user's app, for `listen --forward-to` and `replay --to`; none when they have no app running yet. */
  forwardTo?: string;
  generateSecret: boolean;
}

/** Answers given as flags: those questions are not asked. */
export type InitPreset = Partial<InitAnswers>;

/** What the questions offer when nothing else says otherwise (an existing config file does). */
export interface InitDefaults {
  port: number;
  forwardTo?: string;
}

/**
 * The prompts the flow needs, shaped like @inquirer/prompts' own functions
 * so those are passed in as they are, and a test can drive them with keystrokes.
 */
export interface Prompter {
  checkbox<Value>(config: {
    message: string;
    choices: readonly { value: Value; name: string; checked?: boolean }[];
    required?: boolean;
  }): Promise<Value[]>;
  number(config: { message: string; default?: number; min?: number; max?: number; required: true }): Promise<number>;
  input(config: { message: string; default?: string; validate?: (value: string) => boolean | string }): Promise<string>;
  confirm(config: { message: string; default?: boolean }): Promise<boolean>;
}

export const platformIds = Object.keys(platformProfiles) as Platform[];
export const defaultPlatforms: readonly Platform[] = ['voicehub-call', 'callstudio'];
export const defaultPort = 4000;

/** Only VoiceHub sends `x-webhook-secret`; Voxia and post-call deliveries carry no secret. */
export function platformsUseSecret(platforms: readonly Platform[]): boolean {
  return platforms.some((platform) => platformProfiles[platform].voiceHubHeaders);
}

/** Why `value` is not a usable webhook URL, in one line (a prompt shows no more), or undefined when it is. */
export function httpUrlProblem(value: string): string | undefined {
  const checked = checkHttpUrl(value, {
    name: "your app's URL",
    hint: 'for example http://localhost:3000/webhooks',
    authentication: 'voicehub-hooks authenticates with x-webhook-secret instead: check it in your endpoint',
  });
  return checked instanceof URL ? undefined : `${checked.message}; ${checked.hint}`;
}

export function portProblem(value: number): string | undefined {
  return Number.isInteger(value) && value >= 0 && value <= 65535 ? undefined : 'A port is a whole number from 0 to 65535.';
}

/** For `--yes`: flags first, then what is already configured, then the defaults. */
export function answersWithoutAsking(preset: InitPreset, defaults: InitDefaults): InitAnswers {
  const platforms = preset.platforms ?? [...defaultPlatforms];
  return {
    platforms,
    port: preset.port ?? defaults.port,
    forwardTo: preset.forwardTo ?? defaults.forwardTo,
    generateSecret: preset.generateSecret ?? platformsUseSecret(platforms),
  };
}

/** Asks, in order, every question a flag has not already answered. */
export async function askAnswers(prompter: Prompter, preset: InitPreset, defaults: InitDefaults): Promise<InitAnswers> {
  const platforms =
    preset.platforms ??
    (await prompter.checkbox({
      message: 'Which platforms will send webhooks?',
      choices: platformIds.map((platform) => ({
        value: platform,
        name: platformProfiles[platform].title,
        checked: defaultPlatforms.includes(platform),
      })),
      required: true,
    }));
  const port =
    preset.port ??
    (await prompter.number({ message: 'Port for the local receiver (voicehub-hooks listen)', default: defaults.port, min: 0, max: 65535, required: true }));
  const forwardTo =
    preset.forwardTo ??
    (await prompter.input({
      message: 'Forward events to your app at (optional, e.g. http://localhost:3000/webhooks)',
      default: defaults.forwardTo,
      validate: (value) => value.trim() === '' || (httpUrlProblem(value.trim()) ?? true),
    }));
  const generateSecret =
    preset.generateSecret ??
    (await prompter.confirm({
      message: platformsUseSecret(platforms)
        ? 'Generate a webhook secret (stored in .env, checked by listen, sent by replay)?'
        : 'Generate a webhook secret anyway (Voxia and post-call send none)?',
      default: platformsUseSecret(platforms),
    }));
  return { platforms, port, forwardTo: forwardTo.trim() || undefined, generateSecret };
}
