import type { Command } from 'commander';
import type { ApiOptionValues } from '../../api/access.js';
import type { ResultKind } from '../../api/target.js';
import type { Io } from '../../io/context.js';
import type { Act, DefineCommand } from '../types.js';
import { positiveNumber } from '../parsers.js';
import { addApiOptions } from './options.js';

export interface FetchOptions extends ApiOptionValues {
  json?: boolean;
  out?: string;
  timeout: number;
  wait?: boolean;
  waitTimeout: number;
  pollInterval: number;
  words?: boolean;
  call?: boolean;
}

const examples: Record<ResultKind, string> = {
  analysis: `
Examples:
  $ voicehub-hooks fetch analysis job_123
  $ voicehub-hooks fetch analysis job_123 --json | jq .summary
  $ voicehub-hooks fetch analysis https://voicehub.dataqueue.ai/api/v1/call-analysis/call_7f3a9c2e41b8
  $ voicehub-hooks fetch analysis call_7f3a9c2e41b8 --call --out analysis.json
  $ voicehub-hooks fetch analysis job_123 --wait --wait-timeout 300

An id is a Call Studio job id (GET <base-url>/call-analysis/callstudio/<jobId>),
or with --call a call id (GET <base-url>/call-analysis/<callId>, a path assumed:
the call webhook document gives only analysisResultUrl). A URL, such as a
webhook's analysisResultUrl, is used as given.`,
  transcript: `
Examples:
  $ voicehub-hooks fetch transcript job_123
  $ voicehub-hooks fetch transcript job_123 --words
  $ voicehub-hooks fetch transcript https://voicehub.dataqueue.ai/api/v1/playground/job_123 --json > transcript.json
  $ voicehub-hooks fetch transcript job_123 --wait

An id is a Call Studio job id (GET <base-url>/playground/<jobId>). A URL, such
as a webhook's transcriptUrl, is used as given.`,
};

const security = `
The key is only sent over https or to a loopback host (127.0.0.1, ::1,
localhost), and only to the --base-url host unless --allow-host names another.
Exit codes: 0 ok, 1 API or network failure, 2 usage error.`;

function defineKind(fetch: Command, kind: ResultKind, describe: string, io: Io, act: Act): Command {
  const command = fetch.command(`${kind} <idOrUrl>`).description(describe);
  addApiOptions(command)
    .option('--json', 'print the raw JSON response only, exactly as the API sent it')
    .option('--out <file>', 'also save the raw JSON response to a file')
    .option('--timeout <ms>', 'per-request timeout in milliseconds', positiveNumber('milliseconds'), 15_000)
    .option('--wait', 'poll until the result is ready (404 or job pending), with a spinner')
    .option('--wait-timeout <seconds>', 'give up waiting after this long', positiveNumber('seconds'), 120)
    .option('--poll-interval <seconds>', 'time between polls with --wait', positiveNumber('seconds'), 5);
  command.addHelpText('after', `${examples[kind]}\n${security}`);
  command.action(
    act(async (idOrUrl: string, options: FetchOptions) => {
      const { runFetch } = await import('./run.js');
      return runFetch(io, kind, idOrUrl, options);
    }),
  );
  return command;
}

export const defineFetch: DefineCommand = (fetch, io, act) => {
  fetch.addHelpText(
    'after',
    `
Examples:
  $ voicehub-hooks fetch analysis job_123 --json | jq .summary
  $ voicehub-hooks fetch transcript job_123 --words
${security}`,
  );
  defineKind(fetch, 'analysis', 'show the analysis of a Call Studio job, or of a call with --call or its analysisResultUrl', io, act).option(
    '--call',
    'the id is a call id (VoiceHub call webhook), not a Call Studio job id',
  );
  defineKind(fetch, 'transcript', 'show the diarised transcript of a Call Studio job', io, act).option(
    '--words',
    'also show each word with its start time',
  );
};
