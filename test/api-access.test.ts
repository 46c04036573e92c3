import { screen } from '@inquirer/testing/vitest';
import { describe, expect, it } from 'vitest';
import { apiAccess, resolveApiKey } from '../src/api/access.js';
import { UsageError } from '../src/io/errors.js';
import { captureIo } from './helpers/receiver-client.js';

const fakeIo = (interactive: boolean) => ({ ...captureIo(process.cwd()), interactive });

describe('resolveApiKey', () => {
  it('uses the key it was given, trimmed, without asking', async () => {
    expect(await resolveApiKey(fakeIo(true), '  sk_given_1234\n')).toBe('sk_given_1234');
  });

  it('asks a person at a terminal with a masked prompt', async () => {
    const answer = resolveApiKey(fakeIo(true), undefined);
    await screen.next();
    expect(screen.getScreen()).toContain('VoiceHub API key (sent as x-dq-api-key)');
    screen.type('sk_typed_5678');
    expect(screen.getScreen()).not.toContain('sk_typed_5678');
    expect(screen.getScreen()).toContain('*************');
    screen.keypress('enter');
    expect(await answer).toBe('sk_typed_5678');
  });

  it('does not accept an empty key at the prompt', async () => {
    const answer = resolveApiKey(fakeIo(true), '');
    await screen.next();
    screen.keypress('enter');
    await screen.next();
    expect(screen.getScreen()).toContain('the key cannot be empty');
    screen.type('sk_second_try');
    screen.keypress('enter');
    expect(await answer).toBe('sk_second_try');
  });

  it('tells a script what to set instead of asking', async () => {
    const error = await resolveApiKey(fakeIo(false), undefined).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    expect((error as UsageError).hint).toContain('VOICEHUB_API_KEY');
  });
});

describe('apiAccess', () => {
  it('checks a known target before asking for the key', async () => {
    let asked = false;
    const ask = async () => {
      asked = true;
      return 'sk_x_1234';
    };
    const options = { baseUrl: 'https://voicehub.dataqueue.ai/api/v1', allowHost: [] };
    const refused = apiAccess(fakeIo(true), options, 1_000, { target: new URL('https://elsewhere.example/x'), ask });
    await expect(refused).rejects.toThrow(/refusing to send the API key to elsewhere\.example/);
    expect(asked).toBe(false);
    const granted = await apiAccess(fakeIo(true), options, 1_000, { ask });
    expect(granted).toMatchObject({ apiKey: 'sk_x_1234', allowHosts: [], timeoutMs: 1_000 });
    expect(granted.baseUrl.href).toBe('https://voicehub.dataqueue.ai/api/v1');
  });
});
