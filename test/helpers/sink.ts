import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** What the sink does with request number `n` (1-based): answer a status, hang, or run custom code. */
export type SinkBehaviour = (n: number, req: Received, res: ServerResponse) => void;

export const answer =
  (status: number, body = '') =>
  (_n: number, _req: Received, res: ServerResponse) => {
    res.statusCode = status;
    res.end(body);
  };

export interface Sink {
  url: string;
  received: Received[];
  /** Replace how the sink answers from now on. */
  behave(behaviour: SinkBehaviour): void;
  close(): Promise<void>;
}

/** A real HTTP target on 127.0.0.1, port 0, recording every request it gets. */
export async function startSink(behaviour: SinkBehaviour = answer(200, 'ok')): Promise<Sink> {
  let current = behaviour;
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const record: Received = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      received.push(record);
      current(received.length, record, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    behave: (next) => {
      current = next;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
