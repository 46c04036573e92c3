import { constants } from 'node:fs';
import { access, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { apiAccess } from '../../api/access.js';
import { renderResult } from '../../api/result.js';
import { retrieve } from '../../api/retrieve.js';
import { parseBaseUrl, resultUrl, type ResultKind } from '../../api/target.js';
import type { Io } from '../../io/context.js';
import { CliError, UsageError } from '../../io/errors.js';
import { ExitCode } from '../../io/exit-codes.js';
import { redactText } from '../../io/redact.js';
import { startSpinner } from '../../io/spinner.js';
import { driftWarnings, viewWidth } from '../../render/layout.js';
import type { FetchOptions } from './define.js';

/** Checked before the request, so a typo in --out never costs a fetched result. */
async function writableTarget(io: Io, out: string): Promise<string> {
  const path = resolve(io.cwd, out);
  try {
    await access(dirname(path), constants.W_OK);
  } catch {
    throw new UsageError(`cannot write ${path}: its folder does not exist or is not writable`, 'choose another --out path');
  }
  return path;
}

async function save(io: Io, path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new CliError(`cannot write ${path} (${code})`, 'choose another --out path, or use --json and redirect stdout');
  }
  io.stderr.write(`${io.err.dim('saved the raw JSON to')} ${path}\n`);
}

export async function runFetch(io: Io, kind: ResultKind, idOrUrl: string, options: FetchOptions): Promise<ExitCode> {
  const url = resultUrl(kind, idOrUrl, parseBaseUrl(options.baseUrl), { call: options.call });
  const outPath = options.out === undefined ? undefined : await writableTarget(io, options.out);
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

  if (outPath) await save(io, outPath, response.text);
  const view = { c: io.out, width: viewWidth(io.stdout, io.env) };
  if (options.json) {
    io.stdout.write(response.text);
    const drift = driftWarnings(checked.warnings, { c: io.err, width: view.width });
    if (drift.length > 0) io.stderr.write(`${drift.join('\n')}\n`);
  } else {
    io.stdout.write(redactText(renderResult(checked, view, { words: options.words }), [api.apiKey]));
  }
  if (checked.kind === 'transcript' && checked.pending && !options.wait) {
    io.stderr.write(`${io.err.yellow('note:')} the job is still pending; add --wait to poll until it completes\n`);
  }
  return ExitCode.ok;
}
