import { describe, expect, it } from 'vitest';
import { parseCloudflaredLine } from '../src/tunnel/parse.js';

// Lines as real cloudflared prints them (from public bug reports).
describe('parseCloudflaredLine', () => {
  it('finds the quick-tunnel URL in the banner box', () => {
    const line = '2023-04-28T16:27:15Z INF |  https://fare-write-waste-gadgets.trycloudflare.com                                        |';
    expect(parseCloudflaredLine(line)).toMatchObject({ kind: 'url', url: 'https://fare-write-waste-gadgets.trycloudflare.com' });
  });

  it('finds the URL through colour codes and a CRLF ending', () => {
    const line = '\u001b[90m2024-01-01T00:00:00Z\u001b[0m \u001b[32mINF\u001b[0m |  https://four-dashed-word-url.trycloudflare.com   |\r';
    expect(parseCloudflaredLine(line)).toMatchObject({ kind: 'url', url: 'https://four-dashed-word-url.trycloudflare.com' });
  });

  it('does not take the API host in a failure for the tunnel URL', () => {
    const line =
      'failed to request quick Tunnel: Post "https://api.trycloudflare.com/tunnel": dial tcp: lookup api.trycloudflare.com on 127.0.0.11:53: no such host';
    expect(parseCloudflaredLine(line)).toEqual({ kind: 'error', message: line });
  });

  it('rejects look-alike hosts', () => {
    expect(parseCloudflaredLine('INF |  https://amber-river-7.trycloudflare.com.evil.example |')?.kind).toBe('info');
    expect(parseCloudflaredLine('INF |  http://amber-river-7.trycloudflare.com |')?.kind).toBe('info');
  });

  it('reads ERR and FTL lines as errors, without timestamp and level', () => {
    const line =
      '2026-05-29T09:25:34Z ERR Error unmarshaling QuickTunnel response: error code: 1015 error="invalid character \'e\' looking for beginning of value" status_code="429 Too Many Requests"';
    expect(parseCloudflaredLine(line)).toEqual({
      kind: 'error',
      message: 'Error unmarshaling QuickTunnel response: error code: 1015 error="invalid character \'e\' looking for beginning of value" status_code="429 Too Many Requests"',
    });
    expect(parseCloudflaredLine('2024-01-01T00:00:00Z FTL no origin')).toEqual({ kind: 'error', message: 'no origin' });
  });

  it('reads WRN lines as warnings (edge connection trouble)', () => {
    const line =
      '2024-02-08T06:25:54Z WRN Failed to create new quic connection error="failed to dial to edge with quic: timeout: no recent network activity" connIndex=2 event=0 ip=198.41.192.57';
    expect(parseCloudflaredLine(line)).toMatchObject({ kind: 'warning', message: expect.stringMatching(/^Failed to create new quic connection/) });
  });

  it('keeps other lines as info and ignores blank ones', () => {
    expect(parseCloudflaredLine('2024-01-01T00:00:00Z INF Requesting new quick Tunnel on trycloudflare.com...')).toEqual({
      kind: 'info',
      message: 'Requesting new quick Tunnel on trycloudflare.com...',
    });
    // "Cannot determine default configuration path" is routine INF, not a failure.
    expect(parseCloudflaredLine('2024-01-01T00:00:00Z INF Cannot determine default configuration path.')?.kind).toBe('info');
    expect(parseCloudflaredLine('   ')).toBeUndefined();
  });
});
