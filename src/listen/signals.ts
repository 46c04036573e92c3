export interface SignalSource {
  on(signal: NodeJS.Signals, listener: () => void): unknown;
  off(signal: NodeJS.Signals, listener: () => void): unknown;
}

export interface StopSignals {
  /** Resolves at the first SIGINT or SIGTERM. */
  stopped: Promise<NodeJS.Signals>;
  dispose(): void;
}

const signals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/** The first signal asks for a clean stop; a second one, while stopping, calls `force`. */
export function watchStopSignals(source: SignalSource, force: (signal: NodeJS.Signals) => void): StopSignals {
  let resolveStopped: (signal: NodeJS.Signals) => void = () => undefined;
  const stopped = new Promise<NodeJS.Signals>((resolve) => (resolveStopped = resolve));
  let stopping = false;
  const listeners = signals.map((signal) => {
    const listener = () => {
      if (stopping) force(signal);
      stopping = true;
      resolveStopped(signal);
    };
    source.on(signal, listener);
    return { signal, listener };
  });
  return {
    stopped,
    dispose: () => listeners.forEach(({ signal, listener }) => source.off(signal, listener)),
  };
}
