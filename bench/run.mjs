// `npm run bench`: every performance figure of the project, ours next to its
// reference measured in the same run on this machine, loopback only, bounded.
import { mkdtempSync, openSync, readFileSync, closeSync, rmSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { request, Agent } from 'undici';
import {
  cli, benchEnv, fixtureBody, median, percentile, timeRun, startProcess, stopProcess, startLocalApp, runToEnd,
} from './lib.mjs';

const quick = process.argv.includes('--quick');
// `--only receiver,memory` runs some steps, while working on one figure.
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
const scale = quick ? 0.2 : 1;
const rows = [];
/** Lines printed under the table that belong to no single row. */
const notes = [];
const row = (figure, ours, reference, unit, target, better) => {
  const ratio = ours / reference;
  const met = better === 'lower' ? ratio <= target : ratio >= target;
  rows.push({ figure, ours: `${fmt(ours)} ${unit}`, reference: `${fmt(reference)} ${unit}`, ratio: ratio.toFixed(2), target: `${better === 'lower' ? '≤' : '≥'} ${target}`, met: met ? 'yes' : 'NO' });
  process.stderr.write(`  ${figure}: ${fmt(ours)} vs ${fmt(reference)} ${unit} (ratio ${ratio.toFixed(2)})\n`);
};
const fmt = (n) => (n >= 100 ? Math.round(n).toString() : n.toFixed(2));
const tmp = mkdtempSync(join(tmpdir(), 'vhh-bench-'));
const listenReady = /http:\/\/127\.0\.0\.1:(\d+)/;
const bare = new URL('./bare-server.mjs', import.meta.url).pathname;

/**
 * `listen` on a free port with its stdout in tmp/<name>.out, so printing costs
 * it what it costs a user who redirects it, and nothing in this process.
 */
async function startListen(name, args) {
  const printed = join(tmp, `${name}.out`);
  const out = openSync(printed, 'w');
  const { child, match } = await startProcess([cli, 'listen', '--port', '0', '--no-tunnel', ...args], listenReady, { stdout: out, readyFile: printed });
  return {
    child,
    printed,
    url: `http://127.0.0.1:${match[1]}/`,
    stop: async () => {
      await stopProcess(child);
      closeSync(out);
    },
  };
}

function uniqueBodies() {
  let n = 0;
  const template = JSON.parse(fixtureBody);
  return (req) => {
    n += 1;
    const eventId = `bench-${process.pid}-${n}`;
    return { ...req, body: JSON.stringify({ ...template, eventId }), headers: { ...req.headers, 'x-event-id': eventId } };
  };
}

async function cannon(url, amount, connections = 50) {
  const result = await autocannon({
    url,
    connections,
    amount,
    // autocannon notices the last answer only at its next sample tick: 1 s by
    // default, which would round every run up to whole seconds.
    sampleInt: 5,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-event-type': 'CallStatusChanged' },
    requests: [{ setupRequest: uniqueBodies() }],
  });
  const seconds = (result.finish - result.start) / 1000;
  return { rps: result.requests.total / seconds, p99: result.latency.p99, total: result.requests.total, non2xx: result.non2xx, errors: result.errors };
}

/**
 * Median start-up times, sampled round-robin (one of each per round) so that
 * a busy moment on the machine weighs on every figure alike.
 */
async function startTimes(env, runs) {
  const commands = { node: ['-e', '0'], version: [cli, '--version'], help: [cli, '--help'] };
  const times = { node: [], version: [], help: [], listen: [], bare: [] };
  for (const args of Object.values(commands)) await timeRun(args, env); // warm the file cache: start-up, not disk
  for (let i = 0; i < runs; i++) {
    for (const [name, args] of Object.entries(commands)) times[name].push(await timeRun(args, env));
    const ours = await startProcess([cli, 'listen', '--port', '0', '--no-tunnel', '--no-log'], listenReady, { env });
    times.listen.push(ours.readyMs);
    await stopProcess(ours.child);
    const ref = await startProcess([bare], listenReady, { env });
    times.bare.push(ref.readyMs);
    await stopProcess(ref.child);
  }
  return Object.fromEntries(Object.entries(times).map(([name, values]) => [name, median(values)]));
}

async function coldStart() {
  const runs = quick ? 7 : 21;
  const t = await startTimes(benchEnv, runs);
  row('cold start: --version (median wall)', t.version, t.node, 'ms', 1.3, 'lower');
  row('cold start: --help (median wall)', t.help, t.node, 'ms', 1.3, 'lower');
  row('listen --no-tunnel ready to accept', t.listen, t.bare, 'ms', 1.5, 'lower');
  if (benchEnv.NODE_EXTRA_CA_CERTS !== undefined) {
    // This variable makes every Node process read and parse a CA bundle before
    // running anything (~40 ms on the reference machine): a cost of the
    // machine's setup that pads the baseline and so flatters the ratios above.
    // Without it is what most users get.
    const { NODE_EXTRA_CA_CERTS: _, ...clean } = benchEnv;
    const c = await startTimes(clean, runs);
    const ratio = (ours, ref) => `${fmt(ours)} vs ${fmt(ref)} ms (${(ours / ref).toFixed(2)}×)`;
    notes.push(`cold start without NODE_EXTRA_CA_CERTS (set on this machine): --version ${ratio(c.version, c.node)}, --help ${ratio(c.help, c.node)}, listen ready ${ratio(c.listen, c.bare)}`);
  }
}

async function receiverThroughput() {
  // A few seconds per side at loopback rates: long enough that a busy moment on the machine does not decide the ratio.
  const amount = Math.round(50_000 * scale);
  const ref = await startProcess([bare], listenReady);
  const reference = await cannon(`http://127.0.0.1:${ref.match[1]}/`, amount);
  await stopProcess(ref.child);
  const log = join(tmp, 'receiver.jsonl');
  const ours = await startListen('receiver', ['--log', log]);
  const oursRun = await cannon(ours.url, amount);
  await ours.stop();
  // "Every request in the log": each answered request's own eventId, once, in a parseable line.
  const loggedIds = new Set();
  for (const line of readFileSync(log, 'utf8').split('\n')) {
    if (line) loggedIds.add(JSON.parse(line).eventId);
  }
  const printedLines = readFileSync(ours.printed, 'utf8').split('\n').filter((l) => l.includes('CallStatusChanged')).length;
  row('receiver req/s (validate+log+print, 50 conns)', oursRun.rps, reference.rps, 'req/s', 0.6, 'higher');
  rows.at(-1).note = `p99 ${oursRun.p99} ms vs ${reference.p99} ms; ${loggedIds.size}/${oursRun.total} requests in the log, ${printedLines} printed, ${oursRun.non2xx} non-2xx, ${oursRun.errors} errors`;
  if (loggedIds.size !== oursRun.total || oursRun.non2xx > 0 || oursRun.errors > 0) rows.at(-1).met = 'NO (requests lost or refused)';
}

async function forwardingOverhead() {
  const count = Math.round(2_000 * scale);
  const arrivals = new Map();
  const app = await startLocalApp((req) => arrivals.set(req.headers['x-event-id'], performance.now()));
  const agent = new Agent({ connections: 1 });
  const measure = async (url) => {
    const latencies = [];
    for (let i = 0; i < count; i++) {
      const eventId = `fwd-${i}-${url.length}`;
      const sent = performance.now();
      const res = await request(url, { method: 'POST', dispatcher: agent, headers: { 'content-type': 'application/json', 'x-event-id': eventId }, body: JSON.stringify({ ...JSON.parse(fixtureBody), eventId }) });
      await res.body.dump();
      // The app may hear the forwarded copy just after the platform gets its answer.
      for (let spin = 0; !arrivals.has(eventId) && spin < 200; spin++) await new Promise((r) => setTimeout(r, 1));
      if (arrivals.has(eventId)) latencies.push(arrivals.get(eventId) - sent);
    }
    return percentile(latencies, 50);
  };
  const direct = await measure(`${app.url}/direct`);
  const listen = await startListen('forward', ['--no-log', '--forward-to', `${app.url}/forwarded`]);
  const forwarded = await measure(listen.url);
  await listen.stop();
  await agent.close();
  app.server.close();
  const added = forwarded - direct;
  rows.push({ figure: 'forwarding latency added at p50', ours: `${added.toFixed(2)} ms`, reference: `${direct.toFixed(2)} ms direct`, ratio: '-', target: '< 1 ms', met: added < 1 ? 'yes' : 'NO' });
  process.stderr.write(`  forwarding: +${added.toFixed(2)} ms at p50 (direct ${direct.toFixed(2)} ms)\n`);
}

async function replayLoad() {
  const amount = Math.round(50_000 * scale);
  const sink = await startProcess([bare], listenReady);
  const url = `http://127.0.0.1:${sink.match[1]}/`;
  const reference = await cannon(url, amount);
  const replay = await runToEnd([cli, 'replay', 'CallStatusChanged', '--to', url, '--repeat', String(amount), '--concurrency', '50', '--json']);
  await stopProcess(sink.child);
  // The --json summary's own rate: requests over the sending time, start-up excluded, as autocannon counts.
  const summary = JSON.parse(replay.stdout.trim().split('\n').at(-1));
  row('replay load mode req/s (c=50)', summary.requestsPerSecond, reference.rps, 'req/s', 0.5, 'higher');
  rows.at(-1).note = `${summary.succeeded}/${amount} succeeded, p99 ${summary.latencyMs.p99} ms vs autocannon ${reference.p99} ms`;
  if (replay.code !== 0 || summary.succeeded !== amount) rows.at(-1).met = 'NO (deliveries failed)';
}

function rssKiB(pid, field) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(new RegExp(`${field}:\\s+(\\d+)`))?.[1] ?? NaN);
}

async function memory() {
  const total = Math.round(100_000 * scale);
  const log = join(tmp, 'memory.jsonl');
  const listen = await startListen('memory', ['--log', log]);
  await cannon(listen.url, 1_000);
  const after1k = rssKiB(listen.child.pid, 'VmRSS');
  await cannon(listen.url, total - 1_000);
  const peak = rssKiB(listen.child.pid, 'VmHWM');
  await listen.stop();
  row(`listen peak RSS after ${total} vs RSS after 1000`, peak / 1024, after1k / 1024, 'MiB', 1.5, 'lower');
}

const started = performance.now();
process.stderr.write(`voicehub-hooks bench${quick ? ' (quick)' : ''}: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`);
for (const [name, step] of [['cold start', coldStart], ['receiver', receiverThroughput], ['forwarding', forwardingOverhead], ['replay', replayLoad], ['memory', memory]]) {
  if (only && !only.includes(name)) continue;
  process.stderr.write(`${name}…\n`);
  try {
    await step();
  } catch (error) {
    rows.push({ figure: name, ours: 'failed', reference: '-', ratio: '-', target: '-', met: 'NO', note: String(error.message).split('\n')[0] });
  }
}
const header = ['figure', 'ours', 'reference', 'ratio', 'target', 'met'];
const widths = header.map((h) => Math.max(h.length, ...rows.map((r) => String(r[h]).length)));
const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(header.map((h) => r[h])));
for (const r of rows.filter((r) => r.note)) console.log(`- ${r.figure}: ${r.note}`);
for (const note of notes) console.log(`- ${note}`);
// The logs hold every delivery (150 MB after the memory run): not worth keeping.
rmSync(tmp, { recursive: true, force: true });
console.log(`\n${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${((performance.now() - started) / 1000).toFixed(0)} s`);
process.exitCode = rows.every((r) => r.met === 'yes') ? 0 : 1;
