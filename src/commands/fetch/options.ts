import { Option, type Command } from 'commander';
import { defaultBaseUrl } from '../../api/base-url.js';
import { collect } from '../parsers.js';

/**
 * The options that say how to reach the VoiceHub API: shared by `fetch` and
 * `listen --fetch-analysis` so both read the key and the host rules alike.
 */
export function addApiOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--api-key <key>', 'VoiceHub agent API key, sent as x-dq-api-key (asked for in a terminal when missing)').env('VOICEHUB_API_KEY'),
    )
    .addOption(new Option('--base-url <url>', 'VoiceHub API base URL').env('VOICEHUB_BASE_URL').default(defaultBaseUrl))
    .addOption(
      new Option('--allow-host <host>', 'also send the key to this host (repeatable); by default only the base URL host gets it')
        .argParser(collect),
    );
}
