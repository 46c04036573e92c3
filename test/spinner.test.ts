import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandInApi, type StandInApi } from '../src/api/standin.js';
import { cliEnv } from './helpers/cli.js';
import { scratchDir } from './helpers/scratch.js';
import { hasTerminal, startInTerminal } from './helpers/terminal.js';

const jobId = 'job_5d21e8a0c4f7';
const analysis = readFileSync(new URL('../fixtures/api/callstudio-analysis.json', import.meta.url), 'utf8');
// The first frames of ora's "dots" spinner.
const frames = ['⠋', '⠙', '⠹'];
const cyan = (text: string) => `\u001b[36m${text}\u001b[39m`;

let api: StandInApi;
const scratch = scratchDir('voicehub-spinner-');

beforeAll(async () => {
  // Slow enough for several frames: the spinner draws one every 80 ms.
  api = await startStandInApi({ intercept: () => ({ status: 200, body: analysis, delayMs: 700 }) });
});
afterAll(async () => {
  await api.close();
});

/** `fetch analysis` in a real terminal, where it shows a spinner while the API is slow; the whole screen. */
async function fetchInTerminal(colour: NodeJS.ProcessEnv): Promise<string> {
  const { NO_COLOR: _n, ...base } = cliEnv({ VOICEHUB_API_KEY: 'sk_spinner' });
  const env = { ...base, ...colour };
  const terminal = startInTerminal(['fetch', 'analysis', jobId, '--base-url', api.baseUrl], { cwd: scratch.path(), env });
  try {
    expect(await terminal.closed).toBe(0);
  } finally {
    terminal.stop();
  }
  return terminal.screen();
}

describe.skipIf(!hasTerminal)('the spinner (built CLI in a pseudo-terminal)', () => {
  it('spins in cyan while it waits, then gives way to the report', async () => {
    const screen = await fetchInTerminal({ FORCE_COLOR: '1' });
    for (const frame of frames) expect(screen).toContain(cyan(frame));
    expect(screen).toContain('fetching the analysis from 127.0.0.1');
    expect(screen).toContain(`Call Studio analysis ${jobId}`);
  });

  it('spins without a colour code under NO_COLOR', async () => {
    const screen = await fetchInTerminal({ NO_COLOR: '1' });
    for (const frame of frames) expect(screen).toContain(`${frame} fetching the analysis`);
    expect(screen).not.toContain(cyan(frames[0] ?? ''));
  });
});
