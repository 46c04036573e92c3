import { afterEach } from 'vitest';
import { listFixtures, readFixture } from '../../src/fixtures/catalog.js';
import { startSink, type Received, type Sink, type SinkBehaviour } from './sink.js';

/** A bundled fixture's payload, as the file has it. */
export function fixtureBody(name: string): Record<string, unknown> {
  const fixture = listFixtures().find((f) => f.name === name);
  if (!fixture) throw new Error(`no fixture ${name}`);
  return readFixture(fixture) as Record<string, unknown>;
}

export const bodyOf = (request: Received | undefined) => JSON.parse(request?.body ?? '{}') as Record<string, unknown>;

/** A loopback sink started by the test that needs it and closed after each test of the enclosing block. */
export function sinkPerTest() {
  let sink: Sink | undefined;
  afterEach(async () => {
    await sink?.close();
    sink = undefined;
  });
  const received = () => sink?.received ?? [];
  return {
    /** Starts the sink and returns the `--to` flag pointing at it. */
    to: async (behaviour?: SinkBehaviour) => {
      sink = await startSink(behaviour);
      return ['--to', `${sink.url}/hook`];
    },
    received,
    bodies: () => received().map(bodyOf),
  };
}
