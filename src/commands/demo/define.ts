import { milliseconds } from '../parsers.js';
import type { DefineCommand } from '../types.js';
import type { DemoFlags } from './run.js';

const examples = `
Examples:
  $ voicehub-hooks demo                  # takes about five seconds
  $ voicehub-hooks demo --gap 0          # as fast as it goes
  $ voicehub-hooks demo --json | jq -c 'select(.type == "delivery") | [.eventType, .eventStatus, .verdict]'

Everything runs on 127.0.0.1 and stops by itself: a receiver as \`listen\` runs
it (no tunnel, no log file), a stand-in VoiceHub API serving the bundled
fixtures, and the replay engine sending a call's lifecycle (one delivery sent
twice, as a platform retry) and a Call Studio job into it. No account, no API
key, no network. The project config file does not apply.

Exit codes: 0 every step worked, 1 one did not, 2 usage error.`;

export const defineDemo: DefineCommand = (demo, io, act) => {
  demo
    .option('--gap <ms>', 'pause between deliveries, so you can follow', milliseconds(0), 400)
    .option('--json', 'the receiver\'s output as one JSON object per line on stdout, as `listen --json` prints it')
    .addHelpText('after', examples)
    .action(
      act(async (flags: DemoFlags) => {
        const { runDemo } = await import('./run.js');
        return runDemo(io, flags);
      }),
    );
};
