import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/io/errors.js';
import { resolveReplayConfig, type ReplayFlags } from '../src/replay/options.js';

const flags = (extra: Partial<ReplayFlags> = {}): ReplayFlags => ({ to: 'http://127.0.0.1:3000/hooks', gap: 250, ...extra });

describe('resolveReplayConfig', () => {
  it('leaves unset policy flags to the platform and keeps the ones given, zero included', () => {
    expect(resolveReplayConfig(['CallStatusChanged'], flags()).overrides).toEqual({});
    expect(resolveReplayConfig(['PostCall'], flags({ retries: 0, retryDelay: 0, timeout: 50 })).overrides).toEqual({ retries: 0, retryDelayMs: 0, timeoutMs: 50 });
  });

  it('finds the source of events', () => {
    expect(resolveReplayConfig(['a', 'b'], flags()).source).toEqual({ kind: 'fixtures', args: ['a', 'b'] });
    expect(resolveReplayConfig([], flags({ scenario: 'call' })).source).toEqual({ kind: 'scenario', name: 'call' });
    expect(resolveReplayConfig([], flags({ fromLog: true })).source).toEqual({ kind: 'log', path: '.voicehub-hooks/events.jsonl' });
    expect(resolveReplayConfig([], flags({ fromLog: 'x.jsonl', event: 'e1' }))).toMatchObject({ source: { kind: 'log', path: 'x.jsonl', eventId: 'e1' }, keepIds: true });
    expect(resolveReplayConfig([], flags()).source).toEqual({ kind: 'none' });
  });

  it('sizes load mode, never with more in flight than deliveries', () => {
    expect(resolveReplayConfig(['x'], flags({ repeat: 100 })).load).toEqual({ total: 100, concurrency: 10 });
    expect(resolveReplayConfig(['x'], flags({ repeat: 3, concurrency: 50 })).load).toEqual({ total: 3, concurrency: 3 });
  });

  it('treats an empty secret as none and picks the output mode', () => {
    expect(resolveReplayConfig(['x'], flags({ secret: '' })).secret).toBeUndefined();
    expect(resolveReplayConfig(['x'], flags({ json: true, quiet: true })).output).toBe('json');
    expect(resolveReplayConfig(['x'], flags({ quiet: true })).output).toBe('quiet');
  });

  it('needs --to unless it is a dry run', () => {
    expect(() => resolveReplayConfig(['x'], flags({ to: undefined }))).toThrow('--to <url> is required');
    expect(resolveReplayConfig(['x'], flags({ to: undefined, dryRun: true })).target).toBeUndefined();
  });

  it.each<[string[], Partial<ReplayFlags>, string]>([
    [['x'], { scenario: 'call' }, 'fixture arguments and --scenario cannot be combined'],
    [[], { scenario: 'call', fromLog: true }, '--scenario and --from-log cannot be combined'],
    [[], { fromLog: true, set: ['a=1'] }, '--set cannot change a recorded delivery'],
    [[], { fromLog: true, keepIds: true }, '--keep-ids is implied by --from-log'],
    [[], { scenario: 'call', keepIds: true }, '--keep-ids cannot be used with --scenario'],
    [[], { scenario: 'call', repeat: 5 }, '--repeat cannot be used with --scenario'],
    [['x'], { repeat: 5, duplicate: true }, '--repeat cannot be used with --duplicate'],
    [['x'], { concurrency: 5 }, '--concurrency needs --repeat'],
    [['x'], { event: 'e' }, '--event selects a delivery of --from-log'],
    [['x'], { set: ['nope'] }, 'invalid --set "nope"'],
  ])('rejects %j with %j', (args, extra, message) => {
    expect(() => resolveReplayConfig(args, flags(extra))).toThrow(UsageError);
    expect(() => resolveReplayConfig(args, flags(extra))).toThrow(message);
  });
});
