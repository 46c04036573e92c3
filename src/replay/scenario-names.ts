/** Kept apart from the scenarios themselves so `--help` can list them without loading fixtures. */
export const scenarioNames = ['call', 'callstudio-analysis', 'callstudio-transcript'] as const;
export type ScenarioName = (typeof scenarioNames)[number];
