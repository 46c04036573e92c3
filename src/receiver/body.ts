import type { IncomingMessage } from 'node:http';

export type BodyResult =
  | { kind: 'complete'; bytes: Buffer }
  /** `drained`: the rest of the body was read and discarded, so the answer reaches the client cleanly. */
  | { kind: 'too-large'; drained: boolean }
  /** The client went away or the request timed out before the body was complete. */
  | { kind: 'aborted' };

export interface BodyLimits {
  maxBytes: number;
  /**
   * How many bytes past the limit are read and thrown away so the client can
   * still read the 413 (closing a socket with unread input resets it). Beyond
   * this the receiver stops reading and closes the connection.
   */
  lingerBytes: number;
}

/** Reads a request body into memory, never holding more than `maxBytes` of it. */
export function readBody(req: IncomingMessage, limits: BodyLimits): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxBytes + limits.lingerBytes) {
    return Promise.resolve({ kind: 'too-large', drained: false });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let over = false;
    const finish = (result: BodyResult) => {
      req.off('data', onData).off('end', onEnd).off('close', onClose).off('error', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (!over && received > limits.maxBytes) {
        over = true;
        chunks.length = 0;
      }
      if (!over) chunks.push(chunk);
      else if (received > limits.maxBytes + limits.lingerBytes) finish({ kind: 'too-large', drained: false });
    };
    const onEnd = () => finish(over ? { kind: 'too-large', drained: true } : { kind: 'complete', bytes: Buffer.concat(chunks, received) });
    const onClose = () => finish({ kind: 'aborted' });
    req.on('data', onData).on('end', onEnd).on('close', onClose).on('error', onClose);
  });
}
