import { mkdir, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { logRecord } from './helpers/log-record.js';
import { sinkPerTest } from './helpers/replay.js';
import { scratchDir } from './helpers/scratch.js';

describe('replay sequences (built CLI)', () => {
  const scratch = scratchDir('vh-replay-seq-');
  const { to, received, bodies: receivedBodies } = sinkPerTest();

  async function play(scenario: string, gapMs: number) {
    const result = await scratch.run(['replay', '--scenario', scenario, ...(await to()), '--gap', String(gapMs)]);
    expect(result.code).toBe(0);
    const bodies = receivedBodies();
    return { result, bodies, steps: bodies.map((b) => [b.eventType, b.status]) };
  }

  it('plays a whole call in order under one fresh callId, the gap apart', async () => {
    const { result, bodies, steps } = await play('call', 60);
    expect(steps).toEqual([
      ['CallStatusChanged', 'queued'],
      ['CallStatusChanged', 'started'],
      ['CallStatusChanged', 'in-progress'],
      ['CallStatusChanged', 'completed'],
      ['RecordingsAvailable', undefined],
      ['AnalysisResultReady', undefined],
    ]);
    expect(received().map((r) => r.headers['x-event-type'])).toEqual(bodies.map((b) => b.eventType));
    const callIds = new Set(bodies.map((b) => b.callId));
    expect(callIds.size).toBe(1);
    const [callId] = callIds;
    expect(callId).toMatch(/^call_[0-9a-f]{12}$/);
    expect(callId).not.toBe('call_7f3a9c2e41b8');
    expect(bodies[5]?.analysisResultUrl).toBe(`https://voicehub.dataqueue.ai/api/v1/call-analysis/${String(callId)}`);
    expect(new Set(bodies.map((b) => b.eventId)).size).toBe(6);
    const at = received().map((r) => r.at);
    for (let i = 1; i < at.length; i++) expect((at[i] ?? 0) - (at[i - 1] ?? 0)).toBeGreaterThanOrEqual(55);
    expect(result.stdout).toContain('6 of 6 deliveries succeeded');
  });

  it('plays a Call Studio job through to its transcript under one fresh jobId', async () => {
    const { bodies, steps } = await play('callstudio-transcript', 0);
    expect(steps).toEqual([
      ['CallStudioJobStatusChanged', 'pending'],
      ['CallStudioJobStatusChanged', 'completed'],
      ['CallStudioJobTranscriptReady', undefined],
    ]);
    expect(new Set(bodies.map((b) => b.jobId)).size).toBe(1);
    expect(String(bodies[2]?.transcriptUrl)).toBe(`https://voicehub.dataqueue.ai/api/v1/playground/${String(bodies[0]?.jobId)}`);
  });

  it('sends each event twice with the same eventId under --duplicate', async () => {
    const result = await scratch.run(['replay', 'CallStatusChanged', 'RecordingsAvailable', ...(await to()), '--duplicate', '--gap', '0']);
    expect(result.code).toBe(0);
    const ids = received().map((r) => r.headers['x-event-id']);
    expect(ids).toHaveLength(4);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).toBe(ids[3]);
    expect(ids[0]).not.toBe(ids[2]);
    expect(received()[0]?.body).toBe(received()[1]?.body);
    expect(result.stdout.match(/\(duplicate, same eventId\)/g)).toHaveLength(2);
    expect(result.stdout).toContain('4 of 4 deliveries succeeded');
  });

  describe('--from-log', () => {
    const voiceHubBody = '{"eventType":"CallStatusChanged","timestamp":"2026-03-12T14:05:13.482Z","eventId":"evt-logged-1","status":"completed","callId":"call_logged"}';
    const voiceHubHeaders = {
      host: 'recorded-host.trycloudflare.com',
      'content-length': String(voiceHubBody.length),
      connection: 'keep-alive',
      'x-forwarded-for': '203.0.113.9',
      'content-type': 'application/json',
      'x-event-type': 'CallStatusChanged',
      'x-event-id': 'evt-logged-1',
      'x-timestamp': '2026-03-12T14:05:13.482Z',
      'x-webhook-secret': '[redacted]',
    };

    async function writeLog(): Promise<string> {
      const lines = [
        logRecord({ headers: voiceHubHeaders, body: voiceHubBody, platform: 'voicehub-call', eventType: 'CallStatusChanged', eventId: 'evt-logged-1' }),
        logRecord({ method: 'GET', status: 405, verdict: 'method not allowed', body: '' }),
        logRecord({ body: '{"callId":"p1","recordingUri":"https://x.test/r.ogg"}', platform: 'postcall', eventType: 'PostCall' }),
      ].map((record) => JSON.stringify(record));
      const torn = JSON.stringify(logRecord({ eventId: 'evt-torn' })).slice(0, 50);
      const path = scratch.path('events.jsonl');
      await writeFile(path, `${lines.join('\n')}\n${torn}`);
      return path;
    }

    it('re-sends the recorded POSTs with their body and headers and the current secret', async () => {
      const log = await writeLog();
      const target = await to();
      const result = await scratch.run(['replay', '--from-log', log, ...target, '--secret', 'current-secret', '--gap', '0']);
      expect(result.code).toBe(0);
      expect(received()).toHaveLength(2);
      const [voiceHub, postCall] = received();
      expect(voiceHub?.body).toBe(voiceHubBody);
      expect(voiceHub?.headers).toMatchObject({
        'x-event-id': 'evt-logged-1',
        'x-timestamp': '2026-03-12T14:05:13.482Z',
        'x-event-type': 'CallStatusChanged',
        'x-webhook-secret': 'current-secret',
        host: new URL(target[1] ?? '').host,
      });
      expect(voiceHub?.headers['x-forwarded-for']).toBeUndefined();
      expect(postCall?.body).toBe('{"callId":"p1","recordingUri":"https://x.test/r.ogg"}');
      expect(postCall?.headers['x-webhook-secret']).toBeUndefined();
      expect(result.stderr).toContain(`skipped ${log} line 4: torn last line`);
    });

    it('says the secret is not sent again when none is given now', async () => {
      const log = await writeLog();
      const result = await scratch.run(['replay', '--from-log', log, ...(await to()), '--gap', '0']);
      expect(result.code).toBe(0);
      expect(received()[0]?.headers['x-webhook-secret']).toBeUndefined();
      expect(result.stderr).toContain('1 recorded delivery carried x-webhook-secret');
    });

    it('re-sends one event with --event, and names the known ids when it is not there', async () => {
      const log = await writeLog();
      const target = await to();
      const one = await scratch.run(['replay', '--from-log', log, '--event', 'evt-logged-1', ...target]);
      expect(one.code).toBe(0);
      expect(received().map((r) => r.headers['x-event-id'])).toEqual(['evt-logged-1']);
      const missing = await scratch.run(['replay', '--from-log', log, '--event', 'evt-nope', ...target]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('no delivery with event id evt-nope');
      expect(missing.stderr).toContain('recent event ids: evt-logged-1');
    });

    it("reads the listener's default log when no file is given", async () => {
      const target = await to();
      const missing = await scratch.run(['replay', '--from-log', ...target]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('cannot read log .voicehub-hooks/events.jsonl: no such file');
      await mkdir(scratch.path('.voicehub-hooks'));
      await writeFile(scratch.path('.voicehub-hooks', 'events.jsonl'), `${JSON.stringify(logRecord({ body: '{"from":"default"}' }))}\n`);
      const found = await scratch.run(['replay', '--from-log', ...target]);
      expect(found.code).toBe(0);
      expect(received().map((r) => r.body)).toEqual(['{"from":"default"}']);
    });
  });
});
