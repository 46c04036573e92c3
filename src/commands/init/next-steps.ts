import type { ChalkInstance } from 'chalk';
import { platformProfiles, type Platform } from '../../events/platforms.js';

/** Where each platform's webhook settings live, in its own document's words. */
const whereToPaste: Record<Platform, string> = {
  'voicehub-call': "API in the sidebar → the agent's Call webhook: Webhook URL and Secret",
  callstudio: 'Call Studio in the sidebar → Configuration → APIs tab: Webhook URL and Secret',
  voxia: "the campaign's Settings → Add Webhook URL, pick the call statuses, Save changes (no secret)",
  postcall: 'the agent settings, webhooks.postCall (no secret; answer within 10 s)',
};

const sampleEvent: Record<Platform, string> = {
  'voicehub-call': 'CallStatusChanged',
  callstudio: 'CallStudioJobStatusChanged',
  voxia: 'HANG_UP',
  postcall: 'PostCall',
};

export interface NextStepsInput {
  platforms: readonly Platform[];
  port: number;
  forwardTo?: string;
  /** Where the secret is, when there is one. */
  secretLocation?: string;
}

export function nextSteps({ platforms, port, forwardTo, secretLocation }: NextStepsInput, out: ChalkInstance): string {
  const command = (text: string) => out.cyan(text);
  const width = Math.max(...platforms.map((platform) => platformProfiles[platform].title.length));
  const first = platforms[0] ?? 'voicehub-call';
  const lines = [
    '',
    out.bold('Next steps'),
    `  1. ${command('voicehub-hooks listen')}`,
    `     receives on port ${port}, prints a public https URL${forwardTo ? ` and forwards every event to ${forwardTo}` : ''}`,
    `  2. Paste that URL${secretLocation ? ` and the secret (${secretLocation})` : ''} into your platform:`,
    ...platforms.map((platform) => `     ${platformProfiles[platform].title.padEnd(width)}  ${whereToPaste[platform]}`),
    `  3. ${command(`voicehub-hooks replay ${sampleEvent[first]}${forwardTo ? '' : " --to <your app's webhook URL>"}`)}`,
    '     sends a sample event to your app the way the platform does, retries included',
    '',
  ];
  return lines.join('\n');
}
