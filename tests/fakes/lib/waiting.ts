// Waiting for what a fake sees: a list of recorded items that can be waited on (the first match, past or
// future), and conditions re-checked whenever the fake's state changes.

export interface RecordList<T> {
  /** Everything recorded so far, oldest first. */
  readonly items: T[];
  add(item: T): void;
  /** Resolves with the first item (already recorded or still to come) matching the predicate. */
  waitFor(pred: (item: T) => boolean, timeoutMs?: number): Promise<T>;
}

/** A record list; `label` names the fake in the error when a wait with a timeout runs out. */
export function createRecordList<T>(label: string, items: T[] = []): RecordList<T> {
  const waiters: Array<{ pred: (item: T) => boolean; resolve: (item: T) => void }> = [];
  return {
    items,
    add(item) {
      items.push(item);
      for (const w of [...waiters]) {
        if (w.pred(item)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(item);
        }
      }
    },
    waitFor(pred, timeoutMs) {
      const hit = items.find(pred);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const w = { pred, resolve };
        waiters.push(w);
        if (timeoutMs === undefined) return;
        setTimeout(() => {
          const i = waiters.indexOf(w);
          if (i >= 0) {
            waiters.splice(i, 1);
            reject(new Error(`${label}: no matching request`));
          }
        }, timeoutMs).unref();
      });
    },
  };
}

export interface Conditions {
  /** Resolves once the check holds (at once when it already does). */
  until(check: () => boolean): Promise<void>;
  /** Re-checks every pending condition; call after each change of state. */
  notify(): void;
}

export function createConditions(): Conditions {
  const waiters: Array<{ check: () => boolean; resolve: () => void }> = [];
  return {
    until: (check) => (check() ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ check, resolve }))),
    notify() {
      for (const w of [...waiters]) {
        if (w.check()) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      }
    },
  };
}
