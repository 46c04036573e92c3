import { afterEach, describe, expect, it } from 'vitest';
import { startListen, type ListenSession } from '../src/commands/listen/run.js';
import { createForwarder, forwardStep, type Forwarder } from '../src/listen/forward.js';
import { forwardsToItself, parseListenOptions } from '../src/listen/options.js';
import { createPipeline, type DeliveryReport } from '../src/listen/pipeline.js';
import { createReceiver } from '../src/receiver/server.js';
import { palette } from '../src/io/colour.js';
import { runCli } from './helpers/cli.js';
import { captureIo, freePort, json, jsonHeaders, send, tempDir, type CapturedIo } from './helpers/receiver-client.js';

const event = (eventId: string) => json({ eventType: 'RecordingsAvailable', eventId, callId: 'call_loop', timestamp: '2026-03-12T14:05:13.482Z' });
const loopNote = "not forwarded: it came from this listener's own --forward-to";

describe('forwardsToItself', () => {
  const lan = ['192.0.2.20', 'fd00::20'];

  it.each([
    ['http://0.0.0.0:4000/', '127.0.0.1'],
    ['http://0:4000/', '127.0.0.1'],
    ['http://[::]:4000/', '127.0.0.1'],
    ['http://[::ffff:127.0.0.1]:4000/', '127.0.0.1'],
    ['http://[0:0:0:0:0:ffff:7f00:1]:4000/', 'localhost'],
    ['http://127.1:4000/', '127.0.0.1'],
    ['http://localhost.:4000/', '127.0.0.1'],
    ['http://LOCALHOST:4000/hooks', '::1'],
    ['http://127.0.0.1:4000/', '0.0.0.0'],
    ['http://0.0.0.0:4000/', '::'],
    ['http://192.0.2.20:4000/', '0.0.0.0'],
    ['http://[::ffff:192.0.2.20]:4000/', '::'],
    ['http://[fd00::20]:4000/', '::'],
    ['http://192.0.2.20:4000/', '192.0.2.20'],
    ['http://[::ffff:192.0.2.20]:4000/', '192.0.2.20'],
  ])('%s is the receiver on %s:4000', (target, host) => {
    expect(forwardsToItself(target, host, 4000, lan)).toBe(true);
  });

  it.each([
    ['http://127.0.0.1:4001/', '127.0.0.1'],
    ['https://127.0.0.1/', '127.0.0.1'],
    // A receiver on loopback only cannot be reached through the LAN address, and the other way round.
    ['http://192.0.2.20:4000/', '127.0.0.1'],
    ['http://127.0.0.1:4000/', '192.0.2.20'],
    ['http://192.0.2.99:4000/', '0.0.0.0'],
    ['http://app.example:4000/', '0.0.0.0'],
  ])('%s is not the receiver on %s:4000', (target, host) => {
    expect(forwardsToItself(target, host, 4000, lan)).toBe(false);
  });

  it('knows the addresses of this machine without being told', () => {
    expect(forwardsToItself('http://0.0.0.0:4000/', '0.0.0.0', 4000)).toBe(true);
  });
});

describe('listen --forward-to that leads back to the listener', () => {
  let cleanup: (() => Promise<unknown> | unknown)[] = [];
  afterEach(async () => {
    for (const step of cleanup.reverse()) await step();
    cleanup = [];
  });

  it.each(['0.0.0.0', '[::]', '[::ffff:127.0.0.1]'])('refuses --forward-to http://%s:<its own port> at start (built CLI, exit 2)', async (host) => {
    const port = await freePort();
    const result = await runCli(['listen', '--no-tunnel', '--no-log', '--port', String(port), '--forward-to', `http://${host}:${port}/`], { timeoutMs: 10_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--forward-to points at this receiver');
    expect(result.stdout).not.toContain('listening');
  });

  it('stops a self-loop the start-up check cannot see after one hop', async () => {
    // Wired by hand, as startListen would, but without its start-up check:
    // the same situation as a host name that resolves to this machine.
    const port = await freePort();
    const forwarder: Forwarder = createForwarder(`http://127.0.0.1:${port}/`, 'loop-test');
    const stats = { forwarded: 0, forwardFailures: 0 };
    const reports: DeliveryReport[] = [];
    const faults: unknown[] = [];
    const pipeline = createPipeline([forwardStep(forwarder, stats, palette(0)), (report) => void reports.push(report)], Promise.resolve(), (error) => faults.push(error));
    const receiver = createReceiver(
      { host: '127.0.0.1', port, policy: {}, maxBodyBytes: 1024 * 1024 },
      { onDelivery: (delivery) => pipeline.push({ delivery, notes: [], extra: {} }) },
    );
    await receiver.listen();
    cleanup.push(() => forwarder.close(), () => receiver.close());

    for (const id of ['e-1', 'e-2']) expect((await send(`http://127.0.0.1:${port}/`, event(id), { headers: jsonHeaders() })).status).toBe(200);
    // A loop never drains: each forward waits on a delivery that forwards again.
    await pipeline.drain();

    expect(faults).toEqual([]);
    expect(reports).toHaveLength(4);
    expect(stats).toEqual({ forwarded: 2, forwardFailures: 0 });
    const looped = reports.filter((report) => report.forward === undefined);
    expect(looped).toHaveLength(2);
    for (const report of looped) {
      expect(report.notes[0]).toBe(loopNote);
      expect(report.extra).toMatchObject({ loopedBack: true });
    }
    // The why and the fix are told once, not under every looped delivery.
    expect(looped.flatMap((report) => report.notes).filter((note) => note.includes('point --forward-to at your app'))).toHaveLength(1);
  });

  it('stops two listeners forwarding to each other after one round trip', async () => {
    const [portA, portB] = [await freePort(), await freePort()];
    const start = async (port: number, to: number): Promise<{ io: CapturedIo; session: ListenSession }> => {
      const temp = tempDir();
      const io = captureIo(temp.dir);
      const options = parseListenOptions(
        { host: '127.0.0.1', port: String(port), log: false, maxBody: '1m', tunnel: false, forwardTo: `http://127.0.0.1:${to}/` },
        temp.dir,
      );
      const session = await startListen(io, options);
      cleanup.push(async () => {
        await session.stop();
        temp.remove();
      });
      return { io, session };
    };
    const a = await start(portA, portB);
    const b = await start(portB, portA);

    expect((await send(a.session.localUrl, event('e-1'), { headers: jsonHeaders() })).status).toBe(200);
    // A → B → A, and A does not send it round again; idle() never resolves while a loop runs.
    await a.session.idle();
    await b.session.idle();
    await a.session.idle();

    const lines = (io: CapturedIo) => io.out$().split('\n').filter((line) => line.includes('RecordingsAvailable'));
    expect(lines(a.io)).toHaveLength(2);
    expect(lines(a.io)[1]).not.toContain('forward →');
    expect(lines(b.io)).toHaveLength(1);
    expect(a.io.out$()).toContain(loopNote);
    expect(b.io.out$()).not.toContain(loopNote);
  });
});
