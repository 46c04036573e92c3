import { select, Separator } from '@inquirer/prompts';
import { groupByPlatform, type FixtureInfo } from './fixture-info.js';

type PromptContext = Parameters<typeof select>[1];

export interface PickerConfig {
  fixtures: readonly FixtureInfo[];
}

/** Asks which bundled event to replay; resolves with its name. Shaped as a prompt so it can be driven by @inquirer/testing. */
export function pickFixture(config: PickerConfig, context?: PromptContext): Promise<string> {
  const choices = groupByPlatform(config.fixtures).flatMap(({ title, infos }) => [
    new Separator(`── ${title} ──`),
    ...infos.map((info) => ({
      value: info.fixture.name,
      name: info.fixture.name === info.eventType ? info.fixture.name : `${info.fixture.name} (${info.eventType})`,
      description: info.description,
    })),
  ]);
  return select({ message: 'Which event do you want to replay?', choices, pageSize: 16 }, context);
}
