import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readLog } from '../src/log/reader.js';
import type { LogRecord } from '../src/log/record.js';
import { JsonlLogWriter, type LogSink } from '../src/log/writer.js';
import { createReceiver } from '../src/receiver/server.js';
import { startListen, type RunningListen } from './helpers/listen.js';
import { json, tempDir } from './helpers/receiver-client.js';

/**
 * The log is appended one batch per turn of the event loop, and only a
 * delivery whose line was written whole may be acknowledged. These tests
 * drive real bursts over real sockets into a real file.
 */

/** Event ids of one width, so that every record of a run has the same length in bytes. */
const eventId = (group: 'probe' | 'burst' | 'stuck' | 'after' | 'early', n: number, connection = 0) => `evt-${group}-${connection}-${String(n).padStart(2, '0')}`;
const callStatus = (id: string) =>
  json({ eventType: 'CallStatusChanged', timestamp: '2026-03-12T14:05:13.482Z', eventId: id, status: 'queued', callId: 'call_7f3a9c2e41b8' });

interface RawAnswer {
  status: number;
  body: string;
}

/** One keep-alive connection on which requests are pipelined, as HTTP/1.1 allows. */
interface Pipeline {
  /**
   * Writes the requests in one `write`, so the receiver reads them in one go,
   * and resolves with their answers (HTTP/1.1 answers in request order).
   */
  post(bodies: readonly string[]): Promise<RawAnswer[]>;
  close(): void;
}

const headerEnd = Buffer.from('\r\n\r\n');
const postRequest = (body: string) =>
  `POST /hooks HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

function openPipeline(port: number, timeoutMs = 10_000): Promise<Pipeline> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1');
    const answers: RawAnswer[] = [];
    let requested = 0;
    let pending = Buffer.alloc(0);
    let failure: Error | undefined;
    const waiters = new Set<() => void>();
    const wake = () => waiters.forEach((check) => check());
    const fail = (error: Error) => {
      failure ??= error;
      wake();
    };
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (let end = pending.indexOf(headerEnd); end !== -1; end = pending.indexOf(headerEnd)) {
        const head = pending.subarray(0, end).toString('latin1');
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        const bodyStart = end + headerEnd.length;
        if (pending.length < bodyStart + length) break;
        answers.push({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), body: pending.subarray(bodyStart, bodyStart + length).toString('utf8') });
        pending = pending.subarray(bodyStart + length);
      }
      wake();
    });
    socket.on('close', () => fail(new Error(`connection closed after ${answers.length} of ${requested} answers`)));
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.off('error', reject).on('error', fail);
      resolve({
        post(bodies) {
          const from = requested;
          const to = (requested += bodies.length);
          socket.write(bodies.map(postRequest).join(''));
          return new Promise((done, failed) => {
            const timer = setTimeout(() => fail(new Error(`only ${answers.length} of ${to} answers in ${timeoutMs} ms`)), timeoutMs);
            const check = () => {
              if (answers.length < to && failure === undefined) return;
              clearTimeout(timer);
              waiters.delete(check);
              if (answers.length >= to) done(answers.slice(from, to));
              else failed(failure);
            };
            waiters.add(check);
            check();
          });
        },
        close: () => socket.destroy(),
      });
    });
  });
}

const isAcknowledged = (status: number) => status >= 200 && status < 300;

/**
 * Sets the soft file-size limit of a running process, in bytes. Node ignores
 * SIGXFSZ, so a write past it comes back short, then fails with EFBIG. Done
 * from outside (rather than `ulimit -f` in a wrapper shell, counted in KiB)
 * so the limit can fall mid-record and be lifted again while the listener runs.
 */
function setSoftFileSizeLimit(pid: number, soft: string): void {
  execFileSync('prlimit', [`--pid=${pid}`, `--fsize=${soft}:`]);
}

function softFileSizeLimit(pid: number): string {
  return execFileSync('prlimit', [`--pid=${pid}`, '--fsize', '--output=SOFT', '--noheadings'], { encoding: 'utf8' }).trim();
}

/** prlimit(1) (util-linux) sets the limit; a system without it skips the test. */
const hasPrlimit = spawnSync('prlimit', ['--version']).status === 0;

describe.skipIf(!hasPrlimit)('listen under a file-size limit: a write cut short part-way through a batch', () => {
  let listen: RunningListen | undefined;
  let pipeline: Pipeline | undefined;
  afterEach(async () => {
    pipeline?.close();
    await listen?.cli.stop('SIGTERM');
    listen = pipeline = undefined;
  });

  it('acknowledges exactly the deliveries whose lines are whole, answers the rest 503, keeps serving, and recovers on a fresh line', async () => {
    listen = await startListen();
    const { cli, logPath } = listen;
    const pid = cli.child.pid ?? 0;
    expect(pid).toBeGreaterThan(0);
    // Every request goes down this one connection with the same headers, so every record has the same size.
    const connection = await openPipeline(listen.port);
    pipeline = connection;
    const postOne = async (id: string) => (await connection.post([callStatus(id)]))[0];

    expect((await postOne(eventId('probe', 0)))?.status).toBe(200);
    const recordBytes = statSync(logPath).size;
    expect(readFileSync(logPath, 'utf8').split('\n')).toHaveLength(2);

    // Room for the probe, `fits` whole burst records and half of the next: the cut falls inside the burst's one batch.
    const fits = 5;
    const burstSize = 12;
    const halfRecord = Math.floor(recordBytes / 2);
    const limit = recordBytes * (1 + fits) + halfRecord;
    const originalLimit = softFileSizeLimit(pid);
    setSoftFileSizeLimit(pid, String(limit));

    const burst = Array.from({ length: burstSize }, (_, n) => eventId('burst', n));
    const answers = await connection.post(burst.map(callStatus));
    expect(answers.map((a) => a.status)).toEqual([...Array<number>(fits).fill(200), ...Array<number>(burstSize - fits).fill(503)]);
    // The byte counts show the whole burst was one append, cut inside its record `fits + 1`.
    const shortWrite = `short write: ${recordBytes * fits + halfRecord} of ${recordBytes * burstSize} bytes`;
    for (const refused of answers.slice(fits)) {
      expect(JSON.parse(refused.body)).toEqual({ received: false, reason: `not logged (${shortWrite}), answered 503 so the platform retries` });
    }
    expect(statSync(logPath).size).toBe(limit);

    // Still full: refused with the cause, and the listener is still up.
    const stuck = await postOne(eventId('stuck', 0));
    expect(stuck).toEqual({ status: 503, body: json({ received: false, reason: 'not logged (the file is too large), answered 503 so the platform retries' }) });
    expect(cli.child.exitCode).toBeNull();
    await cli.waitFor(/✖ cannot write the log .*deliveries are answered 503/);

    const whileFull = await readLog(logPath);
    expect(whileFull.entries.map((e) => e.record.eventId)).toEqual([eventId('probe', 0), ...burst.slice(0, fits)]);
    expect(whileFull.problems).toEqual([{ line: fits + 2, reason: 'torn last line: the listener was still writing it or stopped mid-write' }]);

    setSoftFileSizeLimit(pid, originalLimit);
    expect((await postOne(eventId('after', 0)))?.status).toBe(200);
    await cli.waitFor(/✔ the log .* is writable again/);

    // The torn half-record stays on a line of its own; the next record starts on a fresh one.
    const lines = readFileSync(logPath, 'utf8').split('\n');
    expect(lines.map((line) => Buffer.byteLength(line) + 1)).toEqual([...Array<number>(1 + fits).fill(recordBytes), halfRecord + 1, recordBytes, 1]);

    const log = await readLog(logPath);
    const acknowledged = [eventId('probe', 0), ...burst.filter((_, n) => isAcknowledged(answers[n]?.status ?? 0)), eventId('after', 0)];
    expect(log.entries.map((e) => e.record.eventId)).toEqual(acknowledged);
    expect(log.entries.map((e) => e.record.status)).toEqual(acknowledged.map(() => 200));
    expect(log.problems).toHaveLength(1);
    expect(log.problems[0]).toMatchObject({ line: fits + 2, reason: expect.stringMatching(/^invalid JSON/) as unknown });
    expect(cli.child.exitCode).toBeNull();
  });
});

describe('one turn of the event loop: one append, in arrival order', () => {
  let cleanup: (() => Promise<unknown> | void)[] = [];
  afterEach(async () => {
    for (const step of cleanup.reverse()) await step();
    cleanup = [];
  });

  it('logs requests that arrive together in one write, each once, in the order each connection sent them', async () => {
    const temp = tempDir('vh-log-writer-');
    const logPath = join(temp.dir, 'events.jsonl');
    const writer = new JsonlLogWriter(logPath);
    /** Event ids of each `append` call, to see which deliveries shared a write. */
    const appends: (string | undefined)[][] = [];
    const log: LogSink = {
      append(records: readonly LogRecord[]) {
        appends.push(records.map((record) => record.eventId));
        return writer.append(records);
      },
      close: () => writer.close(),
    };
    const receiver = createReceiver({ host: '127.0.0.1', port: 0, policy: {}, maxBodyBytes: 1024 * 1024 }, { log });
    const { port } = await receiver.listen();
    cleanup.push(() => temp.remove(), () => log.close(), () => receiver.close());

    const connections = 4;
    const perConnection = 8;
    const pipelines = await Promise.all(Array.from({ length: connections }, () => openPipeline(port)));
    cleanup.push(() => pipelines.forEach((pipeline) => pipeline.close()));
    // One answered request each first, so that every connection is accepted and read before the burst.
    const warmUp = await Promise.all(pipelines.map((pipeline, c) => pipeline.post([callStatus(eventId('early', 0, c))])));

    const sent = pipelines.map((_, c) => Array.from({ length: perConnection }, (__, n) => eventId('burst', n, c)));
    const answers = await Promise.all(pipelines.map((pipeline, c) => pipeline.post((sent[c] ?? []).map(callStatus))));
    expect([...warmUp, ...answers].flat().map((a) => a.status)).toEqual(Array<number>(connections * (1 + perConnection)).fill(200));

    // The burst arrived in one turn of the event loop, so it went out in one append. Its order across
    // connections is whichever socket the poll reported first; within a connection it is the order sent.
    const burstAppend = appends.find((ids) => ids.some((id) => id?.startsWith('evt-burst-')));
    expect([...(burstAppend ?? [])].sort()).toEqual(sent.flat().sort());

    const logged = (await readLog(logPath)).entries.map((e) => e.record.eventId);
    expect(logged).toEqual(appends.flat());
    expect(new Set(logged).size).toBe(logged.length);
    expect(logged).toHaveLength(connections * (1 + perConnection));
    for (const [c, ids] of sent.entries()) expect(logged.filter((id) => id?.startsWith(`evt-burst-${c}-`))).toEqual(ids);
  });
});
