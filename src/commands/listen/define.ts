import { Option } from 'commander';
import { defaultLogFile, defaultMaxBody, type RawListenOptions } from '../../listen/options.js';
import { addApiOptions } from '../fetch/options.js';
import type { DefineCommand } from '../types.js';

const examples = `
Examples:
  $ voicehub-hooks listen                         # public https URL through a Cloudflare quick tunnel
  $ voicehub-hooks listen --no-tunnel --port 0 --path /webhooks
  $ VOICEHUB_WEBHOOK_SECRET=whsec_123 voicehub-hooks listen --forward-to http://localhost:3000/webhooks
  $ VOICEHUB_API_KEY=dq_… voicehub-hooks listen --fetch-analysis
  $ voicehub-hooks listen --fail-first 2          # watch the platform retry each event twice
  $ voicehub-hooks listen --json | jq 'select(.type == "delivery") | .eventType'

Each delivery is appended to the log before it is answered; replay it with
\`voicehub-hooks replay --from-log <file>\`. Press Ctrl-C to stop (twice to force).`;

export const defineListen: DefineCommand = (listen, io, act) => {
  listen
    .addOption(new Option('--host <host>', 'interface to listen on; anything but loopback is reachable from other machines').default('127.0.0.1'))
    .addOption(new Option('--port <port>', 'port to listen on; 0 picks a free one').default('4000'))
    .addOption(new Option('--path <path>', 'accept deliveries on this path only (default: any path)'))
    .addOption(
      new Option('--secret <secret>', 'answer 401 unless x-webhook-secret matches (prefer the environment variable: flags show in ps)').env(
        'VOICEHUB_WEBHOOK_SECRET',
      ),
    )
    .addOption(new Option('--forward-to <url>', 'also POST each accepted delivery to your app, e.g. http://localhost:3000/webhooks'))
    .addOption(new Option('--log <file>', 'append every delivery to this JSONL file').default(defaultLogFile))
    .addOption(new Option('--no-log', 'do not write the log'))
    .addOption(new Option('--status <code>', 'answer every delivery with this status, e.g. 503 to make the platform retry'))
    .addOption(new Option('--fail-first <n>', 'answer 500 to the first n deliveries of each event, then the normal status'))
    .addOption(new Option('--max-body <size>', 'largest body accepted, in bytes or with k/m (413 above)').default(defaultMaxBody))
    .addOption(new Option('--json', 'one JSON object per line on stdout (first "listening", then one per delivery)'))
    .addOption(new Option('--verbose', 'also print the headers (secrets redacted) and the pretty JSON body').conflicts('quiet'))
    .addOption(new Option('--quiet', 'print only deliveries that were rejected or could not be forwarded'))
    .addOption(new Option('--no-tunnel', 'stay local: no public Cloudflare quick tunnel (also VOICEHUB_HOOKS_TUNNEL=0)'))
    .addOption(
      new Option('--cloudflared <path>', 'cloudflared binary to use (default: $CLOUDFLARED_BIN, else the one the cloudflared package manages, else PATH)'),
    )
    .addOption(new Option('--fetch-analysis', 'when an event announces an analysis or transcript, fetch it from the VoiceHub API and show it'));
  addApiOptions(listen)
    .addHelpText('after', examples)
    .action(
      act(async (raw: RawListenOptions) => {
        const { runListen } = await import('./run.js');
        return runListen(io, raw);
      }),
    );
};
