/** A loopback port that was just free and is closed again: connecting to it is refused. */
export { freePort as closedPort } from './receiver-client.js';
