import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { listFixtures } from '../src/fixtures/catalog.js';
import { scratchDir } from './helpers/scratch.js';

describe('voicehub-hooks fixtures (built CLI)', () => {
  const scratch = scratchDir('vh-fixtures-');

  it('lists every bundled fixture under its platform, API responses in their own group', async () => {
    const result = await scratch.run(['fixtures']);
    expect(result.code).toBe(0);
    const out = result.stdout;
    const groups = ['VoiceHub call (voicehub-call)', 'VoiceHub Call Studio (callstudio)', 'Voxia campaign (voxia)', 'Post-call (postcall)', 'VoiceHub API responses (api)'];
    const positions = groups.map((group) => out.indexOf(`${group}\n`));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const fixture of listFixtures()) expect(out).toMatch(new RegExp(`^  ${fixture.name} +\\S`, 'm'));
    expect(out).toMatch(/^ {2}CallStatusChanged +CallStatusChanged +a call changed status$/m);
    expect(out).toMatch(/^ {2}POST_PROCESSING_FINISHED +POST_PROCESSING_FINISHED:INTERESTED +a Voxia campaign call event/m);
    expect(out).toMatch(/^ {2}callstudio-transcript +GET \/api\/v1\/playground\/<jobId> +a Call Studio job's transcript$/m);
    expect(out.indexOf('callstudio-transcript')).toBeGreaterThan(positions[4] ?? Infinity);
  });

  it('lists them as JSON with --json', async () => {
    const result = await scratch.run(['fixtures', '--json']);
    expect(result.code).toBe(0);
    const list = JSON.parse(result.stdout) as { name: string; platform: string; eventType: string; description: string; file: string }[];
    expect(list.map((f) => f.name).sort()).toEqual(listFixtures().map((f) => f.name).sort());
    expect(list.find((f) => f.name === 'PostCall')).toMatchObject({ platform: 'postcall', eventType: 'PostCall', description: expect.stringContaining('post-call') });
    expect(list.every((f) => f.description.length > 0)).toBe(true);
  });

  it('prints one fixture pretty, found case-insensitively', async () => {
    const result = await scratch.run(['fixtures', 'callstudiojobstatuschanged']);
    expect(result.code).toBe(0);
    const file = listFixtures().find((f) => f.name === 'CallStudioJobStatusChanged')?.file ?? '';
    expect(JSON.parse(result.stdout)).toEqual(JSON.parse(await readFile(file, 'utf8')));
    expect(result.stdout).toContain('  "status": "completed"');
  });

  it('prints the file byte for byte with --json', async () => {
    const result = await scratch.run(['fixtures', 'call-analysis', '--json']);
    expect(result.code).toBe(0);
    const file = listFixtures().find((f) => f.name === 'call-analysis')?.file ?? '';
    expect(result.stdout).toBe(await readFile(file, 'utf8'));
  });

  it('suggests the name a typo meant, with exit code 2', async () => {
    const result = await scratch.run(['fixtures', 'PostCal']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('error: unknown fixture "PostCal"');
    expect(result.stderr).toContain('did you mean PostCall?');
  });
});
