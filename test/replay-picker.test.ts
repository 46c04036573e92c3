import { render } from '@inquirer/testing';
import { describe, expect, it } from 'vitest';
import { listEventFixtures } from '../src/fixtures/catalog.js';
import { describeFixture } from '../src/replay/fixture-info.js';
import { pickFixture } from '../src/replay/picker.js';

const fixtures = listEventFixtures().map(describeFixture);

describe('fixture picker', () => {
  it('lists the bundled events grouped by platform, without API responses', async () => {
    const { answer, getScreen, events } = await render(pickFixture, { fixtures });
    const screen = getScreen();
    const order = ['VoiceHub call', 'AnalysisResultReady', 'VoiceHub Call Studio', 'CallStudioJobStatusChanged', 'Voxia campaign', 'HANG_UP', 'Post-call', 'PostCall'];
    const positions = order.map((text) => screen.indexOf(text));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(screen).not.toContain('call-analysis');
    expect(screen).toContain('the call analysis can be fetched');
    events.keypress('enter');
    await expect(answer).resolves.toBe('AnalysisResultReady');
  });

  it('answers with the fixture the arrow keys land on, across a group separator', async () => {
    const { answer, events, getScreen } = await render(pickFixture, { fixtures });
    for (let i = 0; i < 3; i++) events.keypress('down');
    expect(getScreen()).toMatch(/❯ CallStudioJobAnalysisResultReady/);
    events.keypress('enter');
    await expect(answer).resolves.toBe('CallStudioJobAnalysisResultReady');
  });

  it('shows the Voxia event a fixture carries next to its name', async () => {
    const { answer, events, getScreen } = await render(pickFixture, { fixtures });
    events.keypress('up');
    events.keypress('up');
    expect(getScreen()).toMatch(/❯ POST_PROCESSING_FINISHED \(POST_PROCESSING_FINISHED:INTERESTED\)/);
    events.keypress('enter');
    await expect(answer).resolves.toBe('POST_PROCESSING_FINISHED');
  });
});
