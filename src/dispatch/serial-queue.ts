// Runs tasks one at a time in arrival order (SQLite has one writer) and estimates the wait.

export interface SerialQueue {
  /** Queues a task; the promise settles with its result. A failing task does not stop the queue. */
  push<T>(task: () => Promise<T>): Promise<T>;
  /** Tasks queued or running. */
  readonly pending: number;
  /** Expected time (ms) before a task queued now would finish. */
  expectedWaitMs(): number;
  /** Resolves when everything queued so far has finished. */
  idle(): Promise<void>;
}

export function createSerialQueue(initialEstimateMs = 10): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  let pending = 0;
  let averageMs = initialEstimateMs;
  return {
    push<T>(task: () => Promise<T>): Promise<T> {
      pending++;
      const run = tail.then(async () => {
        const started = performance.now();
        try {
          return await task();
        } finally {
          // Exponentially weighted average of recent task durations.
          averageMs = averageMs * 0.8 + (performance.now() - started) * 0.2;
          pending--;
        }
      });
      tail = run.catch(() => undefined);
      return run;
    },
    get pending() {
      return pending;
    },
    expectedWaitMs: () => (pending + 1) * averageMs,
    idle: () => tail.then(() => undefined),
  };
}
