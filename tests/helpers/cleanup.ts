// Closing what a test opened (apps, fake servers, gateways, connections), whether it passed or not.
import { afterEach } from 'vitest';

export interface Closable {
  close(): Promise<unknown> | void;
}

/** Something to close, or a clean-up step of its own. */
export type Cleanup = Closable | (() => Promise<unknown> | void);

/**
 * Registers an afterEach that runs, newest first, every clean-up handed to the returned function during the
 * test (closing a Closable, calling a function). Call it once at the top of a test file.
 */
export function closeAfterEach(): <T extends Cleanup>(cleanup: T) => T {
  const pending: Cleanup[] = [];
  afterEach(async () => {
    for (const cleanup of pending.splice(0).reverse()) await (typeof cleanup === 'function' ? cleanup() : cleanup.close());
  });
  return (cleanup) => {
    pending.push(cleanup);
    return cleanup;
  };
}
