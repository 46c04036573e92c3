import { Option } from 'commander';
import { platformProfiles } from '../../events/platforms.js';
import type { ReplayFlags } from '../../replay/options.js';
import { scenarioNames } from '../../replay/scenario-names.js';
import { collect, milliseconds, wholeNumber } from '../parsers.js';
import type { DefineCommand } from '../types.js';

function defaultsTable(): string {
  const profiles = Object.values(platformProfiles);
  const width = Math.max(...profiles.map((profile) => profile.title.length));
  return profiles
    .map(({ title, defaults: d, defaultsSource }) => {
      const retries = d.retries === 0 ? 'no retries' : `${d.retries} retries, ${d.retryDelayMs} ms apart`;
      return `  ${title.padEnd(width)}  ${retries}, ${d.timeoutMs} ms timeout\n  ${' '.repeat(width)}  ${defaultsSource}`;
    })
    .join('\n');
}

function helpText(): string {
  return `
Retries:
  --retries N means N retries AFTER the first attempt: up to N+1 POSTs.
  A non-2xx answer, a timeout or a connection error is retried after
  --retry-delay, with the same body and X-Event-ID, as the platform does.
  Redirects are reported, not followed. Unset flags take the defaults of
  the payload's platform:
${defaultsTable()}

Headers: Content-Type, X-Event-Type, X-Event-ID, X-Timestamp and, with
  --secret, x-webhook-secret, for VoiceHub and Call Studio events (the call
  webhook document names only x-webhook-secret: the others are assumed to
  match Call Studio's). Voxia and post-call events get only Content-Type, as
  their platforms send them. Each delivery gets a fresh eventId and timestamp
  unless --keep-ids.

Examples:
  $ voicehub-hooks replay CallStatusChanged --to http://localhost:3000/webhooks
  $ voicehub-hooks replay --scenario call --to http://localhost:3000/webhooks --secret s3cret
  $ voicehub-hooks replay CallStudioJobStatusChanged --set status=failed --set jobId=job_42 --to http://localhost:3000/webhooks
  $ cat payload.json | voicehub-hooks replay - --to http://localhost:3000/webhooks
  $ voicehub-hooks replay --from-log --event <eventId> --to http://localhost:3000/webhooks
  $ voicehub-hooks replay PostCall --repeat 500 --concurrency 50 --to http://localhost:3000/webhooks --json
  $ voicehub-hooks replay AnalysisResultReady --dry-run

Exit codes: 0 every delivery finally succeeded, 1 one did not, 2 usage error.`;
}

export const defineReplay: DefineCommand = (replay, io, act) => {
  replay
    .argument('[fixture...]', 'a bundled fixture name (see "voicehub-hooks fixtures"), a JSON file, or - for stdin')
    .addOption(new Option('--to <url>', 'your webhook endpoint (http:// or https://)').env('VOICEHUB_HOOKS_TARGET'))
    .addOption(new Option('--secret <secret>', 'sent as x-webhook-secret (VoiceHub and Call Studio only)').env('VOICEHUB_WEBHOOK_SECRET'))
    .option('--retries <n>', 'retries after the first attempt, so up to n+1 POSTs (default: the platform\'s)', wholeNumber(0))
    .option('--retry-delay <ms>', 'wait between attempts (default: the platform\'s)', milliseconds(0))
    .option('--timeout <ms>', 'per attempt (default: the platform\'s)', milliseconds(1))
    .option('--keep-ids', 'send eventId and timestamp as written instead of fresh ones')
    .option('--set <path=value>', 'override a field; dotted path, JSON-typed value (repeatable)', collect)
    .addOption(new Option('--scenario <name>', 'send a whole sequence sharing one call or job id').choices(scenarioNames))
    .option('--gap <ms>', 'pause between consecutive events', milliseconds(0), 250)
    .option('--duplicate', 'send each event twice with the same eventId (idempotency check)')
    .option('--from-log [file]', 're-send deliveries recorded by listen (default: listen\'s log: the project file\'s "log", else .voicehub-hooks/events.jsonl)')
    .option('--event <eventId>', 'with --from-log: only the delivery of this event')
    .option('--repeat <n>', 'load mode: send n deliveries and summarise', wholeNumber(1))
    .option('--concurrency <c>', 'load mode: deliveries in flight (default: 10)', wholeNumber(1))
    .option('--dry-run', 'print the requests instead of sending them')
    .option('--json', 'machine output: one JSON object per delivery, or one summary in load mode')
    .option('-q, --quiet', 'print only the verdict of each delivery')
    .addHelpText('after', helpText)
    .action(
      act(async (fixtures: string[], flags: ReplayFlags) => {
        const { runReplay } = await import('./run.js');
        return runReplay(io, fixtures, flags);
      }),
    );
};
