import { constants } from 'node:fs';
import { access, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { apiAccess } from '../../api/access.js';
import { renderResult } from '../../api/result.js';
import { retrieve } from '../../api/retrieve.js';
import { parseBaseUrl, resultUrl, type ResultKind } from '../../api/target.js';
import type { Io } from '../../io/context.js';
import { CliError, UsageError } from '../../io/errors.js';
import { ExitCode } from '../../io/exit-codes.js';
import { fsProblem } from '../../io/fs-errors.js';
import { redactText } from '../../io/redact.js';
import { startSpinner } from '../../io/spinner.js';
import { driftWarnings, viewWidth } from '../../render/layout.js';
import type { FetchOptions } from './define.js';

/**
 * Checked before the request, so a typo in --out never costs a fetched
 * result. What still goes wrong while saving is reported after the result
 * is shown (see runFetch).
 */
async function writableTarget(io: Io, out: string, kind: ResultKind): Promise<string> {
  const path = resolve(io.cwd, out);
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw new UsageError(`--out ${path} is a folder`, `give a file path, e.g. --out ${join(path, `${kind}.json`)}`);
  try {
    await access(existing ? path : dirname(path), constants.W_OK);
  } catch (error) {
    const why = existing ? fsProblem(error) : 'its folder does not exist or is not writable';
    throw new UsageError(`cannot write ${path}: ${why}`, 'choose another --out path');
  }
  return path;
}

async function save(io: Io, path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text);
  } catch (error) {
    throw new CliError(`cannot write ${path}: ${fsProblem(error)}`, 'the result is shown above; to keep it, choose another --out path, or use --json and redirect stdout');
  }
  io.stderr.write(`${io.err.dim('saved the raw JSON to')} ${path}\n`);
}

export async function runFetch(io: Io, kind: ResultKind, idOrUrl: string, options: FetchOptions): Promise<ExitCode> {
  const url = resultUrl(kind, idOrUrl, parseBaseUrl(options.baseUrl), { call: options.call });
  const outPath = options.out === undefined ? undefined : await writableTarget(io, options.out, kind);
  const api = await apiAccess(io, options, options.timeout, { target: url });

  const spinner = await startSpinner(io, `fetching the ${kind} from ${url.host}`);
  // Without a spinner (a pipe, a CI log) retries and polls still deserve a line each.
  const narrate = !io.stderr.isTTY;
  const onProgress = (note: string) => {
    spinner.update(note);
    if (narrate) io.stderr.write(`${io.err.dim(note)}\n`);
  };
  const wait = { wait: options.wait ?? false, waitTimeoutMs: options.waitTimeout * 1000, pollIntervalMs: options.pollInterval * 1000 };
  const { response, checked } = await retrieve(kind, url, api, wait, { onProgress }).finally(() => spinner.stop());

  // The key appears in no output, even from a server that echoes the request headers back.
  const keyFree = (text: string) => redactText(text, [api.apiKey]);
  const raw = keyFree(response.text);
  const view = { c: io.out, width: viewWidth(io.stdout, io.env) };
  if (options.json) {
    io.stdout.write(raw);
    const drift = driftWarnings(checked.warnings, { c: io.err, width: view.width });
    if (drift.length > 0) io.stderr.write(`${drift.join('\n')}\n`);
  } else {
    io.stdout.write(keyFree(renderResult(checked, view, { words: options.words })));
  }
  if (checked.kind === 'transcript' && checked.pending && !options.wait) {
    io.stderr.write(`${io.err.yellow('note:')} the job is still pending; add --wait to poll until it completes\n`);
  }
  // Saved only once the result is on screen: a failure here must not swallow it.
  if (outPath) await save(io, outPath, raw);
  return ExitCode.ok;
}
