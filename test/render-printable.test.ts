import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ApiError, apiGet } from '../src/api/client.js';
import { checkResult, renderResult } from '../src/api/result.js';
import type { Attempt } from '../src/delivery/deliver.js';
import { detectEvent } from '../src/events/detect.js';
import { palette } from '../src/io/colour.js';
import { appAnswerNote, describeForward } from '../src/listen/forward-text.js';
import { interpretBody, type Delivery } from '../src/receiver/delivery.js';
import { verdictText, type Verdict } from '../src/receiver/verdict.js';
import { renderAnalysis } from '../src/render/analysis.js';
import { answerLine, describeAttempt, formatAttempt } from '../src/render/attempt.js';
import { renderDelivery } from '../src/render/event-line.js';
import { prettyJson } from '../src/render/json.js';
import { driftWarnings } from '../src/render/layout.js';
import { printable, printableLines } from '../src/render/printable.js';
import { renderTranscript } from '../src/render/transcript.js';
import { formatDryRun } from '../src/replay/dry-run.js';
import type { PreparedDelivery } from '../src/replay/prepare.js';
import { sequenceReporter } from '../src/replay/report.js';
import { CallAnalysisResult, CallStudioTranscript } from '../src/schemas/api.js';
import { startCli } from './helpers/cli.js';
import { captureIo, jsonHeaders, send } from './helpers/receiver-client.js';
import { answer, startSink } from './helpers/sink.js';

/** Any C0 control but tab and line feed, DEL or C1: what must never reach the terminal from outside. */
const rawControl = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const plain = { c: palette(0), width: 80 };
const coloured = { c: palette(1), width: 80 };
const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/api/${name}.json`, import.meta.url), 'utf8'));

/** The body from the verified report: colours, a window title and a screen clear. */
const hostileBody = '{"eventType":"\\u001b[31mEVIL\\u001b[0m\\u001b]0;pwned\\u0007","eventId":"e1","callId":"c\\u001b[2J"}';
const evil = '\u001b[31mEVIL';
const shownEvil = '\\u001b[31mEVIL';

function delivery(body: string, extra: Partial<Delivery> = {}): Delivery {
  const content = interpretBody(Buffer.from(body));
  const verdict: Verdict = { kind: 'accepted' };
  return {
    receivedAt: new Date(2026, 2, 12, 14, 7, 29),
    method: 'POST',
    path: '/',
    headers: { 'content-type': 'application/json' },
    rawBody: Buffer.from(body),
    body: content,
    detection: detectEvent(content.format === 'json' ? content.value : undefined),
    verdict,
    verdictText: verdictText(verdict, 1),
    status: 200,
    attempt: 1,
    ...extra,
  };
}

describe('printable', () => {
  it('returns ordinary text as it is, accents, emoji, CJK and non-breaking spaces included', () => {
    for (const text of ['', 'CallStatusChanged', 'Zürich', 'déjà vu – “quoted”', '👋🏽 thanks 🎉', '通话结束', 'a\u00a0b', 'C:\\temp\\x']) {
      expect(printable(text)).toBe(text);
      expect(printableLines(text)).toBe(text);
    }
  });

  it('writes every C0 control exactly as JSON escapes it', () => {
    for (let code = 0; code < 0x20; code++) {
      const char = String.fromCharCode(code);
      expect(printable(`a${char}b`), `U+${code.toString(16)}`).toBe(`a${JSON.stringify(char).slice(1, -1)}b`);
    }
  });

  it('escapes DEL and the C1 controls, which JSON leaves raw, and nothing past them', () => {
    expect(printable('\u007f')).toBe('\\u007f');
    expect(printable('\u0080 \u009b2J \u009d0;t\u009c \u009f')).toBe('\\u0080 \\u009b2J \\u009d0;t\\u009c \\u009f');
    expect(printable('\u00a0\u00ff')).toBe('\u00a0\u00ff');
    for (let code = 0; code <= 0xa0; code++) expect(printable(String.fromCharCode(code))).not.toMatch(rawControl);
  });

  it('turns the reported attack into visible text', () => {
    expect(printable('\u001b[31mEVIL\u001b[0m\u001b]0;pwned\u0007')).toBe('\\u001b[31mEVIL\\u001b[0m\\u001b]0;pwned\\u0007');
  });

  it('gives the same answer however often it runs, clean and hostile text alternating', () => {
    const answers = ['x\u001by', 'clean', 'x\u001by', 'x\u001by'].map(printable);
    expect(answers).toEqual(['x\\u001by', 'clean', 'x\\u001by', 'x\\u001by']);
  });

  it('puts a one-line value on one line, but lets free text keep its tabs and line breaks', () => {
    expect(printable('line 1\nline 2\tcol\r\n')).toBe('line 1\\nline 2\\tcol\\r\\n');
    expect(printableLines('line 1\nline 2\tcol\r\nline 3')).toBe('line 1\nline 2\tcol\r\nline 3');
  });

  it('escapes a carriage return that is not part of a line break, so a line cannot overwrite itself', () => {
    expect(printableLines('all good\rEVIL')).toBe('all good\\rEVIL');
    expect(printableLines('a\r\r\nb\u001b[2K\u0085')).toBe('a\\r\r\nb\\u001b[2K\\u0085');
  });
});

describe('the listen event line', () => {
  it('shows the reported body with its controls escaped, in the line and in the unknown-type warning', () => {
    const block = renderDelivery(delivery(hostileBody), {}, plain.c);
    expect(block).not.toMatch(rawControl);
    const [line, warning] = block.split('\n');
    expect(line).toContain(`${shownEvil}\\u001b[0m\\u001b]0;pwned\\u0007 (unknown)`);
    expect(line).toContain('call=c\\u001b[2J');
    expect(warning).toBe(`    ⚠ unknown event type "${shownEvil}\\u001b[0m\\u001b]0;pwned\\u0007"`);
  });

  it('keeps its own colours while the payload brings none', () => {
    const block = renderDelivery(delivery(hostileBody), {}, coloured.c);
    expect(block).toContain(`\u001b[33m${shownEvil}`);
    expect(block).not.toContain(evil);
    expect(block).not.toContain('\u001b[2J');
    expect(block).not.toContain('\u0007');
  });

  it('escapes a status and the status it changed from', () => {
    const body = JSON.stringify({ eventType: 'CallStatusChanged', eventId: 'e2', callId: 'c2', status: 'ended\u001b[2J' });
    const block = renderDelivery(delivery(body), { previousStatus: 'ringing\u009b2J' }, plain.c);
    expect(block).toContain('ringing\\u009b2J → ended\\u001b[2J');
    expect(block).not.toMatch(rawControl);
  });

  it('escapes the verdict, which quotes the malformed body it refused', () => {
    const verdict: Verdict = { kind: 'malformed', detail: 'Unexpected token, "{\u001b]0;x\u0007" is not valid JSON' };
    const block = renderDelivery(delivery('{\u001b]0;x\u0007', { verdict, verdictText: verdictText(verdict, 1), status: 400 }), {}, plain.c);
    expect(block).toContain('400 malformed JSON: Unexpected token, "{\\u001b]0;x\\u0007" is not valid JSON');
    expect(block).not.toMatch(rawControl);
  });

  it('escapes header names, header values, a path and a text body in --verbose, keeping the body on its lines', () => {
    const hostile = delivery('first line\u001b[1A\nsecond\tline', {
      path: '/hook?\u009b2J',
      headers: { 'content-type': 'text/plain', 'x-note': 'hi\u009b2J', 'x-list': ['a\u001b[K', 'b'] },
    });
    const block = renderDelivery(hostile, { verbose: true }, plain.c);
    expect(block).not.toMatch(rawControl);
    expect(block).toContain('/hook?\\u009b2J');
    expect(block).toContain('    x-note: hi\\u009b2J\n');
    expect(block).toContain('    x-list: a\\u001b[K, b\n');
    expect(block).toContain('    first line\\u001b[1A\n    second\tline\n');
  });

  it('escapes DEL and C1 inside a verbose JSON body, which JSON.stringify alone lets through', () => {
    const block = renderDelivery(delivery(JSON.stringify({ eventType: 'CallStatusChanged', note: 'a\u009b2J\u007f', 'k\u0085': 1 })), { verbose: true }, plain.c);
    expect(block).toContain('"note": "a\\u009b2J\\u007f"');
    expect(block).toContain('"k\\u0085": 1');
    expect(block).not.toMatch(rawControl);
  });

  it('prints ordinary ids and statuses exactly as before', () => {
    const body = JSON.stringify({ eventType: 'CallStatusChanged', eventId: 'evt_Zürich', callId: 'call_👋', status: 'in-progress' });
    const [line] = renderDelivery(delivery(body), {}, plain.c).split('\n');
    expect(line).toMatch(/^14:07:29 {2}CallStatusChanged +call=call_👋 evt=evt_Zürich {2}in-progress {2}\/ {2}200 accepted$/);
  });
});

describe('fetched reports', () => {
  it('escapes every text of a transcript and keeps its speakers coloured and its turns wrapped', () => {
    const job = CallStudioTranscript.parse(fixture('callstudio-transcript'));
    const [first, second] = job.transcripts ?? [];
    if (!first || !second) throw new Error('the fixture has at least two turns');
    const hostile = {
      ...job,
      title: `Support call ${evil}\u0007`,
      file: 'rec\u009b2J.mp3',
      transcripts: [
        { ...first, speaker: 'SPEAKER_00\u001b[8m', userName: 'Marcus\u001b]0;x\u0007', transcription: 'Hello\u001b[2J\nsecond paragraph' },
        { ...second, transcription: 'Grüezi aus Zürich 👋', words: [{ word: 'Grüezi\u001b[5m', start: 7.25 }] },
      ],
    };
    const report = renderTranscript(hostile, plain, { words: true });
    expect(report).not.toMatch(rawControl);
    expect(report).toContain(`Support call ${shownEvil}\\u0007\n`);
    expect(report).toContain('  file          rec\\u009b2J.mp3\n');
    expect(report).toContain('SPEAKER_00\\u001b[8m (Marcus\\u001b]0;x\\u0007): Hello\\u001b[2J\n');
    expect(report).toContain('\n        second paragraph\n');
    expect(report).toContain('SPEAKER_01: Grüezi aus Zürich 👋\n');
    expect(report).toContain('00:07.25 Grüezi\\u001b[5m');
    const inColour = renderTranscript(hostile, coloured);
    expect(inColour).toContain(`\u001b[1mSupport call ${shownEvil}\\u0007\u001b[22m`);
    expect(inColour).toContain('\u001b[36mSPEAKER_00\\u001b[8m\u001b[39m');
  });

  it('escapes every text of an analysis while leaving ordinary text alone', () => {
    const call = CallAnalysisResult.parse(fixture('call-analysis'));
    const hostile = {
      ...call,
      summary: `Customer in Zürich 🚀 ${evil}\u001b[0m.\nSecond paragraph.`,
      mainTopics: ['billing\u001b]8;;http://evil.example\u0007link'],
      extractedVariables: { 'city\u001b[2J': 'Zürich\u0007', count: 3 },
      sentiment: { ...call.sentiment, label: 'positive\u001b[5m', score: 0.4, positiveKeywords: ['great\u009b'] },
      transcriptAnalysis: [{ speaker: 'agent\u001b[8m', text: 'Hi\u001b[1A', start: 1, end: 2 }],
    };
    const report = renderAnalysis(hostile, `Call analysis ${evil}`, plain);
    expect(report).not.toMatch(rawControl);
    expect(report).toContain(`Call analysis ${shownEvil}\n`);
    expect(report).toContain(`  Customer in Zürich 🚀 ${shownEvil}\\u001b[0m.\n  Second paragraph.\n`);
    expect(report).toContain('  • billing\\u001b]8;;http://evil.example\\u0007link\n');
    expect(report).toContain('  city\\u001b[2J  Zürich\\u0007\n');
    expect(report).toContain('  count          3\n');
    expect(report).toContain('positive\\u001b[5m +0.40');
    expect(report).toContain('+ great\\u009b');
    expect(report).toContain('[00:01] agent\\u001b[8m: Hi\\u001b[1A');
    expect(renderAnalysis(hostile, 't', coloured)).toContain(`\u001b[33mpositive\\u001b[5m\u001b[39m +0.40`);
  });

  it('escapes the title taken from the URL and the drift warnings naming the response keys', () => {
    const response = { url: 'https://voicehub.dataqueue.ai/api/v1/call-analysis/callstudio/job%1B%5D0%3Bx%07', status: 200, text: '', json: { summary: 1, ['k\u001b[2J']: 2 } };
    const report = renderResult(checkResult('analysis', response), plain);
    expect(report).not.toMatch(rawControl);
    expect(report).toContain('Call Studio analysis job\\u001b]0;x\\u0007\n');
    expect(driftWarnings(['k\u001b[2J: expected string'], plain)).toContain('  - k\\u001b[2J: expected string');
  });
});

describe('what an endpoint answered', () => {
  const policy = { retries: 3, retryDelayMs: 1000, timeoutMs: 2500 };
  const failed = (extra: Partial<Attempt>): Attempt => ({ attempt: 1, ok: false, latencyMs: 12.4, status: 500, cause: 'status', ...extra });

  it('is cut to one escaped line, a line that stays within its length', () => {
    expect(answerLine(`oops ${evil}\u0007\n  at handler`, 80)).toBe(`oops ${shownEvil}\\u0007 at handler`);
    expect(answerLine('\u001b'.repeat(50), 20)).toHaveLength(20);
    expect(answerLine('Zürich is down 🙈', 80)).toBe('Zürich is down 🙈');
  });

  it('shows no control in the attempt line, the app note, a redirect or a failure detail', () => {
    const said = { responseSnippet: `${evil}\u001b]0;x\u0007` };
    expect(formatAttempt(failed(said), policy, plain.c)).not.toMatch(rawControl);
    expect(formatAttempt(failed(said), policy, plain.c)).toContain('· "\\u001b[31mEVIL');
    expect(appAnswerNote({ ok: false, status: 500, latencyMs: 3, ...said }, plain.c)).toBe(`your app said: ${shownEvil}\\u001b]0;x\\u0007`);
    expect(describeAttempt(failed({ status: 302, location: 'https://x.example/\u009b2J' }), 2500)).toBe('redirect to https://x.example/\\u009b2J (not followed)');
    expect(describeAttempt(failed({ status: undefined, cause: 'network', detail: 'E\u001b[2J' }), 2500)).toBe('network error (E\\u001b[2J)');
    const forward = describeForward({ ok: false, status: 301, location: '/\u009b2J', latencyMs: 3 }, 'http://127.0.0.1:3000/hook', plain.c);
    expect(forward).toContain('301 to /\\u009b2J (redirects are not followed)');
  });
});

describe('replay output', () => {
  const prepared: PreparedDelivery = {
    label: `log line 3 ${evil}`,
    platform: 'unknown',
    eventType: 'Evil\u001b[2J',
    eventId: 'id\u0007',
    request: { url: 'http://127.0.0.1:3000/hook', headers: { 'x-event-type': 'Evil\u009b2J' }, body: 'not json\u001b[2J\nline two' },
  };

  it('escapes the label, headers and text body of a dry run', () => {
    const shown = formatDryRun(prepared, plain.c);
    expect(shown).not.toMatch(rawControl);
    expect(shown).toContain(`# log line 3 ${shownEvil} (unknown)`);
    expect(shown).toContain('x-event-type: Evil\\u009b2J');
    expect(shown).toContain('not json\\u001b[2J\nline two');
  });

  it('escapes the label, event type and id each delivery starts with', async () => {
    const io = captureIo(process.cwd());
    const listener = await sequenceReporter(io, 'human');
    listener.onStart(prepared, { retries: 0, retryDelayMs: 0, timeoutMs: 1000 }, 1);
    expect(io.out$()).toBe(`→ log line 3 ${shownEvil} Evil\\u001b[2J  eventId id\\u0007\n`);
  });
});

describe('API errors', () => {
  async function failureFor(status: number, body: string): Promise<ApiError> {
    const sink = await startSink(answer(status, body));
    try {
      const error = await apiGet(new URL(`${sink.url}/x`), { apiKey: 'k', timeoutMs: 2_000, retries: 0 }).catch((reason: unknown) => reason);
      expect(error).toBeInstanceOf(ApiError);
      return error as ApiError;
    } finally {
      await sink.close();
    }
  }

  it('quote what the server said with its controls escaped', async () => {
    const error = await failureFor(400, JSON.stringify({ message: `bad id ${evil}\u0007\u009b2J` }));
    expect(error.message).toBe(`the API refused the request (HTTP 400: bad id ${shownEvil}\\u0007\\u009b2J)`);
  });

  it('describe a body that is not JSON without its controls', async () => {
    const error = await failureFor(200, '<h1>\u001b[2J\u009b</h1>');
    expect(error.message).toContain('"<h1>\\u001b[2J\\u009b</h1>"');
  });
});

describe('listen (built CLI)', () => {
  it('prints the reported hostile delivery with no escape or bell byte, its controls visible as escapes', async () => {
    const cli = startCli(['listen', '--no-tunnel', '--port', '0', '--no-log']);
    try {
      const [url] = await cli.waitFor(/http:\/\/127\.0\.0\.1:\d+\//);
      expect((await send(url, hostileBody, { headers: jsonHeaders() })).status).toBe(200);
      await cli.waitFor(/⚠ unknown event type/);
    } finally {
      const result = await cli.stop('SIGTERM');
      expect(result.code).toBe(0);
      expect(result.stdout).not.toContain('\u001b');
      expect(result.stdout).not.toContain('\u0007');
      expect(result.stdout).toContain(`${shownEvil}\\u001b[0m\\u001b]0;pwned\\u0007 (unknown)`);
      expect(result.stdout).toContain('call=c\\u001b[2J');
      expect(result.stdout).toContain(`⚠ unknown event type "${shownEvil}`);
    }
  });

  it('escapes a C1 control in a header and controls in a text body with --verbose', async () => {
    const cli = startCli(['listen', '--no-tunnel', '--port', '0', '--no-log', '--verbose']);
    try {
      const [url] = await cli.waitFor(/http:\/\/127\.0\.0\.1:\d+\//);
      // Node sends header characters up to U+00FF as single bytes, and the receiver reads them back as latin1.
      await send(url, 'plain text\u001b]0;x\u0007\nnext', { headers: { 'content-type': 'text/plain', 'x-note': 'hi\u009b2J' } });
      await cli.waitFor(/next/);
    } finally {
      const result = await cli.stop('SIGTERM');
      expect(result.stdout).not.toMatch(rawControl);
      expect(result.stdout).toContain('x-note: hi\\u009b2J');
      expect(result.stdout).toContain('    plain text\\u001b]0;x\\u0007\n    next\n');
    }
  });
});
