import type { ApiAccess } from '../../api/retrieve.js';
import { defaultBaseUrl } from '../../api/target.js';
import type { Io } from '../../io/context.js';
import { CliError, UsageError } from '../../io/errors.js';
import { ExitCode } from '../../io/exit-codes.js';
import { fsProblem } from '../../io/fs-errors.js';
import { startSpinner } from '../../io/spinner.js';
import { userAgent } from '../../io/user-agent.js';
import { JsonlLogWriter, type LogSink } from '../../log/writer.js';
import { createReceiver, type ReceiverOptions } from '../../receiver/server.js';
import { listeningJson, renderBanner, renderQuietBanner, type BannerInfo } from '../../listen/banner.js';
import { explainListenError, faultReporter, logHealthWatcher } from '../../listen/faults.js';
import type { Forwarder } from '../../listen/forward.js';
import { forwardsToItself, parseListenOptions, type ListenOptions, type RawListenOptions } from '../../listen/options.js';
import { createPipeline, type DeliveryStep } from '../../listen/pipeline.js';
import { printStep } from '../../listen/printer.js';
import { watchStopSignals, type SignalSource } from '../../listen/signals.js';
import { StatusMemory } from '../../listen/transitions.js';
import { openPublicAddress } from '../../listen/tunnel.js';
import { renderSummary, type ForwardStats, type ListenSummary } from '../../listen/summary.js';

export interface ListenSession {
  localUrl: string;
  /** Whether a tunnel is up: stopping it can take a few seconds. */
  tunnelled: boolean;
  /** Requests still being received or answered, and deliveries still being forwarded or printed. */
  pending(): number;
  /** Resolves once every delivery received so far has been forwarded and printed. */
  idle(): Promise<void>;
  /** Stops receiving, finishes what is in flight, closes the log and prints the summary. */
  stop(): Promise<ListenSummary>;
}

const resultFetchTimeoutMs = 15_000;

function openLog(path: string | undefined): LogSink | undefined {
  if (path === undefined) return undefined;
  try {
    return new JsonlLogWriter(path);
  } catch (error) {
    throw new CliError(`cannot open the log ${path} (${fsProblem(error)})`, 'choose another file with --log <file>, or turn the log off with --no-log');
  }
}

function receiverOptions(options: ListenOptions): ReceiverOptions {
  return {
    host: options.host,
    port: options.port,
    ...(options.path !== undefined ? { path: options.path } : {}),
    ...(options.secret !== undefined ? { secret: options.secret } : {}),
    policy: {
      ...(options.status !== undefined ? { status: options.status } : {}),
      ...(options.failFirst !== undefined ? { failFirst: options.failFirst } : {}),
    },
    maxBodyBytes: options.maxBodyBytes,
  };
}

function printBanner(io: Io, options: ListenOptions, info: BannerInfo): void {
  if (options.json) {
    io.stdout.write(`${JSON.stringify(listeningJson(info))}\n`);
    io.stderr.write(renderBanner(info, io.cwd, io.err));
  } else if (options.quiet) {
    io.stdout.write(renderQuietBanner(info, io.out));
  } else {
    io.stdout.write(renderBanner(info, io.cwd, io.out));
  }
}

function printSummary(io: Io, options: ListenOptions, summary: ListenSummary): void {
  const forwarding = options.forwardTo !== undefined;
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ type: 'summary', ...summary })}\n`);
    io.stderr.write(renderSummary(summary, forwarding, io.err));
  } else {
    io.stdout.write(renderSummary(summary, forwarding, io.out));
  }
}

async function closeAll(forwarder: Forwarder | undefined, log: LogSink | undefined): Promise<void> {
  await forwarder?.close();
  log?.close();
}

/** What `listen` needs from the world beyond its options. */
export interface ListenServices {
  /** Aborts a tunnel that is still coming up when the user stops. */
  cancelled?: AbortSignal;
  /** Present with `--fetch-analysis`: how to reach the VoiceHub API. */
  resultAccess?: ApiAccess;
}

/**
 * Starts the receiver and everything around it, in this order: log, receiver,
 * (public tunnel), banner, then each delivery through the steps.
 */
export async function startListen(io: Io, options: ListenOptions, services: ListenServices = {}): Promise<ListenSession> {
  if (options.forwardTo !== undefined && forwardsToItself(options.forwardTo, options.host, options.port)) {
    throw new UsageError('--forward-to points at this receiver, which would forward every delivery to itself forever', 'point it at your app, e.g. --forward-to http://localhost:3000/webhooks');
  }
  const log = openLog(options.logPath);
  const forwardStats: ForwardStats = { forwarded: 0, forwardFailures: 0 };
  // Loaded only with --forward-to: undici alone would double listen's start-up time.
  const forwarding = options.forwardTo !== undefined ? await import('../../listen/forward.js') : undefined;
  const forwarder = forwarding && options.forwardTo !== undefined ? forwarding.createForwarder(options.forwardTo, userAgent) : undefined;
  const reportFault = faultReporter(io, [options.secret]);

  let bannerShown: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (bannerShown = resolve));
  const steps: DeliveryStep[] = [
    ...(forwarding && forwarder ? [forwarding.forwardStep(forwarder, forwardStats, io.out)] : []),
    ...(services.resultAccess ? [(await import('../../listen/fetch-result.js')).fetchResultStep(io, services.resultAccess, options.json)] : []),
    printStep(io, options, forwarder?.target),
  ];
  const pipeline = createPipeline(steps, ready, reportFault);
  const statuses = new StatusMemory();
  const watchLog = options.logPath !== undefined ? logHealthWatcher(io, options.logPath) : undefined;

  const receiver = createReceiver(receiverOptions(options), {
    ...(log ? { log } : {}),
    ...(watchLog ? { onLogResult: watchLog } : {}),
    onError: reportFault,
    onDelivery: (delivery) => {
      // Taken on arrival, not when printed, so a slow forward cannot reorder a call's transitions.
      pipeline.push({ delivery, previousStatus: statuses.observe(delivery.detection), notes: [], extra: {} });
    },
  });
  let localUrl: string;
  try {
    ({ url: localUrl } = await receiver.listen());
  } catch (error) {
    await closeAll(forwarder, log);
    throw explainListenError(error, options.host, options.port);
  }

  // After the receiver (the tunnel needs its port), before the banner (which shows the public URL).
  const publicAddress = await openPublicAddress(io, options, localUrl, services.cancelled ?? new AbortController().signal);
  printBanner(io, options, {
    localUrl,
    ...(publicAddress.url !== undefined ? { publicUrl: publicAddress.url } : {}),
    host: options.host,
    secretMode: options.secret !== undefined ? 'verifying' : 'off',
    ...(options.logPath !== undefined ? { logPath: options.logPath } : {}),
    ...(options.forwardTo !== undefined ? { forwardTo: options.forwardTo } : {}),
  });
  bannerShown();

  return {
    localUrl,
    tunnelled: publicAddress.url !== undefined,
    pending: () => receiver.unanswered + pipeline.pending,
    idle: () => pipeline.drain(),
    async stop() {
      await publicAddress.stop();
      const received = await receiver.close();
      await pipeline.drain();
      await closeAll(forwarder, log);
      const summary = { ...received, ...forwardStats };
      printSummary(io, options, summary);
      return summary;
    },
  };
}

/** `voicehub-hooks listen`: runs until SIGINT or SIGTERM; a second signal forces exit 130. */
export async function runListen(io: Io, raw: RawListenOptions, proc: SignalSource & { exit(code: number): never } = process): Promise<ExitCode> {
  const options = parseListenOptions(raw, io.cwd, io.env);
  const signals = watchStopSignals(proc, () => {
    io.stderr.write(`${io.err.red('forced to stop')}: deliveries in flight were not finished\n`);
    proc.exit(130);
  });
  const cancelled = new AbortController();
  void signals.stopped.then(() => cancelled.abort());
  try {
    // Asked before anything starts, so a key prompt never interleaves with deliveries.
    const resultAccess = options.fetchAnalysis ? await (await import('../../api/access.js')).apiAccess(io, { ...raw, baseUrl: raw.baseUrl ?? defaultBaseUrl }, resultFetchTimeoutMs) : undefined;
    const session = await startListen(io, options, { cancelled: cancelled.signal, ...(resultAccess ? { resultAccess } : {}) });
    await signals.stopped;
    const inFlight = session.pending();
    const finishing = inFlight > 0 ? `finishing ${inFlight} ${inFlight === 1 ? 'delivery' : 'deliveries'} in flight` : session.tunnelled ? 'stopping the tunnel' : undefined;
    const spinner = finishing !== undefined ? await startSpinner(io, `${finishing} (Ctrl-C again to force)`) : undefined;
    await session.stop();
    spinner?.stop();
    return ExitCode.ok;
  } finally {
    signals.dispose();
  }
}
