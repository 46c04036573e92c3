import { describe, expect, it } from 'vitest';
import { palette } from '../src/io/colour.js';
import { renderBanner, renderQuietBanner, type BannerInfo } from '../src/listen/banner.js';

const c = palette(0);
const local: BannerInfo = { localUrl: 'http://127.0.0.1:4000/', host: '127.0.0.1', secretMode: 'verifying' };
const tunnelled: BannerInfo = { ...local, publicUrl: 'https://plenty-rover-fancy-lake.trycloudflare.com', secretMode: 'off' };
const openToAll = '⚠ anyone with the public URL can post events: set --secret (or VOICEHUB_WEBHOOK_SECRET) to verify them';

describe('--quiet banner', () => {
  it('is one line when only this machine can post', () => {
    expect(renderQuietBanner(local, c)).toBe('listening on http://127.0.0.1:4000/\n');
  });

  it('leads with the public URL, the one to paste, and keeps the warnings the full banner has', () => {
    expect(renderQuietBanner(tunnelled, c)).toBe(`listening on https://plenty-rover-fancy-lake.trycloudflare.com (local http://127.0.0.1:4000/)\n${openToAll}\n`);
    expect(renderBanner(tunnelled, '/', c)).toContain(`  ${openToAll}\n`);
  });

  it('warns when the receiver is reachable from other machines', () => {
    expect(renderQuietBanner({ ...local, host: '0.0.0.0', localUrl: 'http://0.0.0.0:4000/' }, c)).toBe(
      'listening on http://0.0.0.0:4000/\n⚠ listening on all interfaces (0.0.0.0): anyone who can reach this machine can post to it\n',
    );
  });
});
