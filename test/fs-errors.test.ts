import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fsProblem } from '../src/io/fs-errors.js';

/** The error a real filesystem call fails with. */
const failureOf = (work: Promise<unknown>) => work.then(() => undefined, (error: unknown) => error);

describe('fsProblem', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'voicehub-fs-errors-'));
    await writeFile(join(dir, 'file'), 'x');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('puts real filesystem failures in plain words, without repeating the path', async () => {
    expect(fsProblem(await failureOf(readFile(dir)))).toBe('it is a directory');
    expect(fsProblem(await failureOf(readFile(join(dir, 'missing'))))).toBe('no such file or folder');
    expect(fsProblem(await failureOf(readFile(join(dir, 'file', 'child'))))).toBe('a part of the path is not a folder');
    expect(fsProblem(await failureOf(writeFile(join(dir, 'file'), 'y', { flag: 'wx' })))).toBe('it already exists');
  });

  it('shows a code it has no words for as the code, and anything else as its message', () => {
    expect(fsProblem(Object.assign(new Error('EXDEV: cross-device link not permitted'), { code: 'EXDEV' }))).toBe('EXDEV');
    expect(fsProblem(new Error('something odd'))).toBe('something odd');
    expect(fsProblem('a string')).toBe('a string');
  });
});
