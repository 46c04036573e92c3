import { describe, expect, it } from 'vitest';
import { assertKeyMayGo, endpointUrl, isLoopbackHost, parseBaseUrl, resultUrl } from '../src/api/target.js';
import { UsageError } from '../src/io/errors.js';
import { usageError } from './helpers/usage-error.js';

const base = parseBaseUrl('https://voicehub.dataqueue.ai/api/v1/');

describe('resultUrl', () => {
  it('builds the documented endpoints from an id', () => {
    expect(resultUrl('analysis', 'job_123', base).href).toBe('https://voicehub.dataqueue.ai/api/v1/call-analysis/callstudio/job_123');
    expect(resultUrl('analysis', 'call_9', base, { call: true }).href).toBe('https://voicehub.dataqueue.ai/api/v1/call-analysis/call_9');
    expect(resultUrl('transcript', ' job_123 ', base).href).toBe('https://voicehub.dataqueue.ai/api/v1/playground/job_123');
  });

  it('uses a pasted URL as given', () => {
    const url = 'https://voicehub.dataqueue.ai/api/v1/call-analysis/call_7f3a9c2e41b8?x=1';
    expect(resultUrl('analysis', url, base).href).toBe(url);
  });

  it('refuses what is neither an id nor a usable URL, with exit code 2', () => {
    expect(usageError(() => resultUrl('analysis', 'voicehub.dataqueue.ai/api/v1/x', base)).message).toContain('neither an id nor a URL');
    expect(usageError(() => resultUrl('analysis', '', base)).exitCode).toBe(2);
    expect(usageError(() => resultUrl('analysis', 'ftp://host/x', base)).message).toBe('the result URL must be an http:// or https:// URL (got "ftp://host/x")');
    expect(usageError(() => resultUrl('analysis', 'https://', base)).message).toBe('the result URL must be an http:// or https:// URL (got "https://")');
  });

  it('keeps an odd id inside its path segment', () => {
    expect(endpointUrl('transcript', '../admin?x', base).pathname).toBe('/api/v1/playground/..%2Fadmin%3Fx');
  });
});

describe('parseBaseUrl', () => {
  it('drops trailing slashes, query and fragment', () => {
    expect(parseBaseUrl('http://127.0.0.1:4010/api/v1//?a=b#c').href).toBe('http://127.0.0.1:4010/api/v1');
  });

  it('refuses a base URL that is not http(s)', () => {
    expect(usageError(() => parseBaseUrl('voicehub.dataqueue.ai')).message).toBe('--base-url must be an http:// or https:// URL (got "voicehub.dataqueue.ai")');
  });
});

describe('isLoopbackHost', () => {
  it('knows 127.0.0.0/8, ::1 and localhost, and nothing else', () => {
    for (const host of ['127.0.0.1', '127.4.5.6', '[::1]', '::1', 'localhost', 'LOCALHOST']) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['128.0.0.1', '10.0.0.1', '0.0.0.0', 'localhost.evil.example', '127.0.0.1.nip.io', '[::2]']) {
      expect(isLoopbackHost(host)).toBe(false);
    }
  });
});

describe('assertKeyMayGo', () => {
  const policy = { baseUrl: base, allowHosts: [] };

  it('lets the key go to the base host over https', () => {
    expect(() => assertKeyMayGo(new URL('https://voicehub.dataqueue.ai/api/v1/playground/j'), policy)).not.toThrow();
  });

  it('refuses plain http to a host that is not loopback, whatever the allow list', () => {
    const httpBase = { baseUrl: parseBaseUrl('http://api.example.com/api/v1'), allowHosts: ['api.example.com'] };
    const error = usageError(() => assertKeyMayGo(new URL('http://api.example.com/api/v1/playground/j'), httpBase));
    expect(error.message).toBe('refusing to send the API key over plain http to api.example.com');
    expect(error.hint).toContain('https://');
  });

  it('allows plain http to loopback hosts', () => {
    const local = { baseUrl: parseBaseUrl('http://127.0.0.1:4010/api/v1'), allowHosts: ['localhost', '[::1]:4011'] };
    expect(() => assertKeyMayGo(new URL('http://127.0.0.1:4010/api/v1/x'), local)).not.toThrow();
    expect(() => assertKeyMayGo(new URL('http://localhost:9999/x'), local)).not.toThrow();
    expect(() => assertKeyMayGo(new URL('http://[::1]:4011/x'), local)).not.toThrow();
    expect(() => assertKeyMayGo(new URL('http://[::1]:4012/x'), local)).toThrow(UsageError);
  });

  it('refuses another host unless --allow-host names it, and says how to allow it', () => {
    const error = usageError(() => assertKeyMayGo(new URL('https://collector.evil.example/api/v1/x'), policy));
    expect(error.message).toBe('refusing to send the API key to collector.evil.example: the API host is voicehub.dataqueue.ai');
    expect(error.hint).toContain('--allow-host collector.evil.example');
    expect(() => assertKeyMayGo(new URL('https://collector.evil.example/x'), { ...policy, allowHosts: ['Collector.Evil.Example'] })).not.toThrow();
  });

  it('treats another port on the base host as another host unless allowed', () => {
    const local = { baseUrl: parseBaseUrl('http://127.0.0.1:4010/api/v1'), allowHosts: [] };
    expect(() => assertKeyMayGo(new URL('http://127.0.0.1:4011/x'), local)).toThrow(/refusing to send the API key to 127\.0\.0\.1:4011/);
    expect(() => assertKeyMayGo(new URL('http://127.0.0.1:4011/x'), { ...local, allowHosts: ['127.0.0.1:4011'] })).not.toThrow();
    expect(() => assertKeyMayGo(new URL('http://127.0.0.1:4012/x'), { ...local, allowHosts: ['127.0.0.1:4011'] })).toThrow(UsageError);
  });
});
