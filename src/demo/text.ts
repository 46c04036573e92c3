import type { ChalkInstance } from 'chalk';

/** What the demo is about to do, before anything starts. */
export function renderIntro(c: ChalkInstance): string {
  return [
    `${c.bold('voicehub-hooks demo')} ${c.dim('— everything working, no account needed')}`,
    '  A receiver like `listen` and a stand-in VoiceHub API start on 127.0.0.1.',
    '  A call (queued to analysis, one delivery retried) and a Call Studio job are',
    '  delivered to the receiver the way VoiceHub sends them, and the analysis and',
    '  transcript they announce are fetched from the stand-in and shown under them.',
    `  ${c.green('Nothing leaves this machine:')} no account, no API key, no tunnel, no log file.`,
    '',
    '',
  ].join('\n');
}

/** Where to go from here, once the demo has shown everything working. */
export function renderNextSteps(c: ChalkInstance): string {
  const command = (text: string, why: string) => `  ${c.cyan(`$ ${text}`)}\n      ${c.dim(why)}`;
  return [
    '',
    `${c.bold('What next')}`,
    command('voicehub-hooks listen', 'a public https URL to paste into VoiceHub; your real events show up like the ones above'),
    command('voicehub-hooks init', 'save your port, your app\'s webhook URL and a webhook secret for this project'),
    command('voicehub-hooks replay --scenario call --to http://localhost:3000/webhooks', 'send these events to your own app, with headers, secret and retries'),
    command('voicehub-hooks fetch analysis <jobId>', 'fetch a real analysis (set VOICEHUB_API_KEY first)'),
    '',
  ].join('\n');
}
