import { readdir, rm, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { fetchEventResult } from '../src/api/announced-result.js';
import { demoScript } from '../src/demo/script.js';
import { demoProblems } from '../src/demo/verify.js';
import { listFixtures } from '../src/fixtures/catalog.js';
import { planPayloads } from '../src/replay/build-plan.js';
import type { DeliveryOutcome } from '../src/replay/sequence.js';
import { cliEnv, type CliResult } from './helpers/cli.js';
import { scratchDir } from './helpers/scratch.js';
import { standInAccess, perTestStandIns } from './helpers/standin.js';

const escapeCode = /\x1b\[/;
/** Generous: the demo takes well under a second with --gap 0; the bound only catches a hang. */
const bound = { timeoutMs: 10_000 };
const callId = 'call_7f3a9c2e41b8';
const jobId = 'job_5d21e8a0c4f7';

/** Event type, status (or transition) and answer of each receiver line, in order. */
const expectedLines = [
  ['CallStatusChanged', 'queued', '200 accepted'],
  ['CallStatusChanged', 'queued → started', '200 accepted'],
  ['CallStatusChanged', 'started → in-progress', '200 accepted'],
  ['CallStatusChanged', 'in-progress → completed', '200 accepted'],
  ['RecordingsAvailable', '', '200 accepted'],
  ['RecordingsAvailable', '', '200 duplicate (attempt 2)'],
  ['AnalysisResultReady', '', '200 accepted'],
  ['CallStudioJobStatusChanged', 'pending', '200 accepted'],
  ['CallStudioJobStatusChanged', 'pending → completed', '200 accepted'],
  ['CallStudioJobAnalysisResultReady', '', '200 accepted'],
  ['CallStudioJobTranscriptReady', '', '200 accepted'],
];

const eventLine = /^\d\d:\d\d:\d\d {2}(\S+) +(?:call=(\S+) |job=(\S+) )evt=(\S+) {2}(?:(.+?) {2})?\/ {2}(.+)$/;

interface EventBlock {
  eventType: string;
  id: string;
  eventId: string;
  status: string;
  answer: string;
  /** The lines printed under the event line, up to the next one. */
  below: string;
}

function eventBlocks(stdout: string): EventBlock[] {
  const blocks: EventBlock[] = [];
  for (const line of stdout.split('\n')) {
    const match = eventLine.exec(line);
    if (match) {
      const [, eventType = '', call, job, eventId = '', status = '', answer = ''] = match;
      blocks.push({ eventType, id: call ?? job ?? '', eventId, status, answer, below: '' });
    } else if (blocks.length > 0 && !line.startsWith('stopped:')) {
      const last = blocks[blocks.length - 1];
      if (last) last.below += `${line}\n`;
    }
  }
  return blocks;
}

/** The text from one marker to the next, so each check looks at the right part of the output. */
function between(text: string, from: string, to: string): string {
  const start = text.indexOf(from);
  const end = text.indexOf(to, start + from.length);
  expect(start, `"${from}" in the output`).toBeGreaterThanOrEqual(0);
  expect(end, `"${to}" after "${from}"`).toBeGreaterThan(start);
  return text.slice(start, end);
}

function expectCompleted(result: CliResult): void {
  expect(result.signal, `killed after ${bound.timeoutMs} ms\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`).toBeNull();
  expect(result.code, result.stderr).toBe(0);
}

describe('demoScript', () => {
  const steps = demoScript(listFixtures(), { callId: 'call_demo1', jobId: 'job_demo2' }, 'http://127.0.0.1:9/api/v1');
  const bodies = steps.map((step) => step.payload.body as Record<string, unknown>);

  it('sends the call, then the Call Studio job, on the ids it is given', () => {
    const sent = bodies.map((body) => `${String(body.eventType)}${body.status ? `:${String(body.status)}` : ''}`);
    expect(sent.join(' ')).toBe(
      'CallStatusChanged:queued CallStatusChanged:started CallStatusChanged:in-progress CallStatusChanged:completed RecordingsAvailable AnalysisResultReady ' +
        'CallStudioJobStatusChanged:pending CallStudioJobStatusChanged:completed CallStudioJobAnalysisResultReady CallStudioJobTranscriptReady',
    );
    expect(bodies.slice(0, 6).every((body) => body.callId === 'call_demo1')).toBe(true);
    expect(bodies.slice(6).every((body) => body.jobId === 'job_demo2')).toBe(true);
  });

  it('points every result URL at the given API, with the given id', () => {
    expect(bodies[5]?.analysisResultUrl).toBe('http://127.0.0.1:9/api/v1/call-analysis/call_demo1');
    expect(bodies[8]?.analysisResultUrl).toBe('http://127.0.0.1:9/api/v1/call-analysis/callstudio/job_demo2');
    expect(bodies[9]?.transcriptUrl).toBe('http://127.0.0.1:9/api/v1/playground/job_demo2');
    expect(JSON.stringify(bodies)).not.toContain('voicehub.dataqueue.ai');
  });

  it('sends exactly one event twice', () => {
    expect(steps.filter((step) => step.twice).map((step) => step.payload.label)).toEqual(['RecordingsAvailable']);
  });
});

describe('demoProblems', () => {
  const apiKey = 'dq_demo_test';
  const startStandIn = perTestStandIns();

  async function script() {
    const api = await startStandIn({ apiKey });
    const steps = demoScript(listFixtures(), api.ids, api.baseUrl);
    const plan = planPayloads(
      steps.map((step) => step.payload),
      { target: 'http://127.0.0.1:9/', keepIds: false, assignments: [], overrides: {} },
      { now: () => new Date(), newId: () => 'evt' },
    );
    const sent = (ok: boolean) =>
      plan.items.flatMap((item, index): DeliveryOutcome[] => {
        const delivery = item.build();
        const copies = steps[index]?.twice ? [1, 2] : [1];
        return copies.map((copy) => ({ delivery, policy: item.policy, copy, result: { ok, attempts: [], totalMs: 1 } }));
      });
    return { api, steps, sent };
  }

  it('names every announced result the stand-in was never asked for', async () => {
    const { api, steps, sent } = await script();
    expect(demoProblems(steps, sent(true), api)).toEqual([
      `the analysis at ${api.baseUrl}/call-analysis/${api.ids.callId} was not fetched`,
      `the analysis at ${api.baseUrl}/call-analysis/callstudio/${api.ids.jobId} was not fetched`,
      `the transcript at ${api.baseUrl}/playground/${api.ids.jobId} was not fetched`,
    ]);
  });

  it('finds nothing wrong once everything was delivered and fetched, and counts failed or missing deliveries', async () => {
    const { api, steps, sent } = await script();
    const access = standInAccess(api, apiKey);
    for (const step of steps) await fetchEventResult(step.payload.body, access);
    expect(demoProblems(steps, sent(true), api)).toEqual([]);
    const outcomes = sent(true);
    expect(demoProblems(steps, [...outcomes.slice(0, 9), ...sent(false).slice(9, 10)], api)).toEqual(['2 of 11 deliveries failed']);
  });
});

describe('voicehub-hooks demo (built CLI)', () => {
  const scratch = scratchDir('vh-demo-');

  it('shows the intro, the banner, every event in order with the fetched results, and what to do next', async () => {
    const result = await scratch.run(['demo', '--gap', '0'], bound);
    expectCompleted(result);
    const { stdout, stderr } = result;

    const intro = between(stdout, 'voicehub-hooks demo', 'voicehub-hooks listen ready');
    expect(intro).toContain('Nothing leaves this machine: no account, no API key, no tunnel, no log file.');

    const banner = between(stdout, 'voicehub-hooks listen ready', 'Ctrl-C to stop');
    expect(banner).toMatch(/^ {2}local {4}http:\/\/127\.0\.0\.1:\d+\/$/m);
    expect(banner).toMatch(/^ {2}secret {3}verifying x-webhook-secret$/m);
    expect(banner).toMatch(/^ {2}log {6}off \(--no-log\)$/m);
    expect(banner).not.toContain('public');

    const blocks = eventBlocks(stdout);
    expect(blocks.map((block) => [block.eventType, block.status, block.answer])).toEqual(expectedLines);
    expect(blocks.slice(0, 7).every((block) => callId.startsWith(block.id.replace('…', '')))).toBe(true);
    expect(blocks.slice(7).every((block) => block.id === jobId)).toBe(true);
    expect(new Set(blocks.map((block) => block.eventId)).size).toBe(10);
    expect(blocks[5]?.eventId).toBe(blocks[4]?.eventId);

    const [callAnalysis, studioAnalysis, transcript] = [blocks[6]?.below ?? '', blocks[9]?.below ?? '', blocks[10]?.below ?? ''];
    expect(callAnalysis).toMatch(/^ {4}Call analysis call_7f3a9c2e41b8$/m);
    for (const section of ['Summary', 'Outcome', 'Sentiment', 'Speech statistics', 'Transcript']) {
      expect(callAnalysis).toMatch(new RegExp(`^ {4}${section}$`, 'm'));
      expect(studioAnalysis).toMatch(new RegExp(`^ {4}${section}$`, 'm'));
    }
    expect(callAnalysis).toContain('Daniel Reyes called Northwind Energy');
    expect(studioAnalysis).toMatch(/^ {4}Call Studio analysis job_5d21e8a0c4f7$/m);
    expect(studioAnalysis).toMatch(/resolution {10}unsolved/);
    expect(transcript).toMatch(/^ {4}Lumio support - evening outages \(Mar 17\)$/m);
    expect(transcript).toMatch(/^ {4}\[00:01\] SPEAKER_00 \(Marcus Hill\): Thanks for calling Lumio support/m);
    expect(transcript).toMatch(/^ {4}\[01:02\] SPEAKER_01: Okay, Thursday works\./m);
    // Events that announce nothing get nothing under them.
    for (const index of [0, 1, 2, 3, 4, 5, 7, 8]) expect(blocks[index]?.below).toBe('');
    expect(stdout).not.toContain('fetch failed');

    const closing = stdout.slice(stdout.indexOf('stopped:'));
    expect(closing).toMatch(/^stopped: 11 deliveries \(11 accepted, 0 rejected\), 1 duplicate$/m);
    const nextSteps = closing.slice(closing.indexOf('\nWhat next\n'));
    expect(nextSteps).not.toBe(closing);
    for (const command of [
      '$ voicehub-hooks listen',
      '$ voicehub-hooks init',
      '$ voicehub-hooks replay --scenario call --to http://localhost:3000/webhooks',
      '$ voicehub-hooks fetch analysis <jobId>',
    ]) {
      expect(nextSteps).toContain(command);
    }

    expect(stderr.split('\n').filter((line) => line !== '')).toEqual([
      '  → sending CallStatusChanged (queued)',
      '  → sending CallStatusChanged (started)',
      '  → sending CallStatusChanged (in-progress)',
      '  → sending CallStatusChanged (completed)',
      '  → sending RecordingsAvailable',
      '  → sending RecordingsAvailable again with the same eventId, as a platform retry does: handle it once',
      '  → sending AnalysisResultReady',
      '  → sending CallStudioJobStatusChanged (pending)',
      '  → sending CallStudioJobStatusChanged (completed)',
      '  → sending CallStudioJobAnalysisResultReady',
      '  → sending CallStudioJobTranscriptReady',
    ]);
    expect(stdout + stderr).not.toMatch(escapeCode);
    // A demo leaves nothing behind in the project: no log, no config.
    expect(await readdir(scratch.path())).toEqual([]);
  });

  it('prints the receiver NDJSON on stdout with --json, and the prose on stderr', async () => {
    const result = await scratch.run(['demo', '--gap', '0', '--json'], bound);
    expectCompleted(result);
    const lines = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ type: 'listening', publicUrl: null, secret: 'verifying', log: null });
    expect(lines.at(-1)).toEqual({ type: 'summary', deliveries: 11, accepted: 11, rejected: 0, duplicates: 1, aborted: 0, forwarded: 0, forwardFailures: 0 });
    const deliveries = lines.slice(1, -1);
    expect(deliveries.every((line) => line.type === 'delivery' && line.status === 200)).toBe(true);
    expect(deliveries.map((line) => [line.eventType, line.previousStatus, line.eventStatus, line.verdict])).toEqual(
      expectedLines.map(([eventType = '', status = '', answer = '']) => {
        const [previous, current] = status.includes('→') ? status.split(' → ') : [null, status === '' ? null : status];
        return [eventType, previous, current, answer.replace('200 ', '')];
      }),
    );
    const fetched = (kind: string) => expect.objectContaining({ ok: true, kind, data: expect.any(Object) });
    expect(deliveries.map((line) => line.result ?? null)).toEqual([null, null, null, null, null, null, fetched('analysis'), null, null, fetched('analysis'), fetched('transcript')]);
    expect(deliveries[5]).toMatchObject({ duplicateAttempt: 2, eventId: deliveries[4]?.eventId, callId });
    expect(deliveries[10]).toMatchObject({ jobId, body: { transcriptUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/playground\/job_5d21e8a0c4f7$/) } });
    // The secret the demo made up is redacted like any other.
    expect(JSON.stringify(deliveries)).not.toMatch(/whsec_demo_/);
    expect(result.stderr).toContain('Nothing leaves this machine');
    expect(result.stderr).toContain('What next');
  });

  it('has no escape codes when NO_COLOR is unset but nothing is a terminal, and colours when FORCE_COLOR asks', async () => {
    const { NO_COLOR: _noColor, ...plain } = cliEnv();
    const piped = await scratch.run(['demo', '--gap', '0'], { ...bound, env: plain });
    expectCompleted(piped);
    expect(piped.stdout).toContain('CallStudioJobTranscriptReady');
    expect(piped.stdout + piped.stderr).not.toMatch(escapeCode);

    const forced = await scratch.run(['demo', '--gap', '0'], { ...bound, env: { ...plain, FORCE_COLOR: '1' } });
    expectCompleted(forced);
    expect(forced.stdout).toMatch(escapeCode);
  });

  it('ignores the project config, even a broken one, and a webhook secret in the environment', async () => {
    const config = scratch.path('voicehub-hooks.config.json');
    await writeFile(config, '{ "port": "not a port",');
    const result = await scratch.run(['demo', '--gap', '0'], { ...bound, env: cliEnv({ VOICEHUB_WEBHOOK_SECRET: 'from-the-project', VOICEHUB_API_KEY: 'dq_real_key' }) });
    expectCompleted(result);
    expect(eventBlocks(result.stdout).map((block) => block.answer)).toEqual(expectedLines.map(([, , answer]) => answer));
    expect(result.stdout + result.stderr).not.toMatch(/from-the-project|dq_real_key|voicehub-hooks\.config\.json/);
    await rm(config);
  });

  it('rejects a bad --gap with a usage error', async () => {
    const result = await scratch.run(['demo', '--gap', 'soon']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("option '--gap <ms>' argument 'soon' is invalid");
    expect(result.stdout).toBe('');
  });
});
