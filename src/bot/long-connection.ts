// What the two long connections (DingTalk Stream, WeCom AI-bot long connection) share around their socket:
// the lease that lets only one process of the installation connect, the messages being processed, the replies
// sent after them, and a start / stop / drain that waits for both.
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { TokenStore } from '../store/index.js';
import { createLease, LEASE_RENEW_MS, LEASE_TTL_MS } from './lease.js';

export interface LongConnection {
  start(): Promise<void>;
  /** Lets in-flight answers go out (bounded), closes the socket (no reconnect) and gives the lease back. */
  stop(): Promise<void>;
  /** Resolves when every message received so far has been dispatched and answered. */
  drain(): Promise<void>;
  /** Socket open (and subscribed). */
  readonly connected: boolean;
  /** True while this process holds the lease (always true without a lease). */
  readonly holder: boolean;
}

export interface LeaseSettings {
  /** Where the lease row lives: the token store (database), shared by every process of the installation. */
  tokens: TokenStore;
  /** Identifies this process in the lease row (default host:pid:random). */
  holderId?: string;
  ttlMs?: number;
  renewMs?: number;
}

/** What a connection's late replies must offer: waiting for them, and closing them at stop. */
export interface Drainable {
  drain(): Promise<void>;
  close(): Promise<void>;
}

export interface HeldConnectionOptions<L extends Drainable> {
  logger: Logger;
  clock: Clock;
  /** Opens the socket (called again on every lease check this process holds it: must be idempotent). */
  connect(): void;
  /** Closes the socket without reconnecting. */
  disconnect(): void;
  /** A fresh set of late replies (after a stop closed the previous one). */
  newLateReplies(): L;
  /** Without a lease every start() connects. */
  lease?: LeaseSettings & { key: string; what: string };
  /** stop() lets answers go out for at most this long before it closes the socket (0: close at once). */
  stopGraceMs?: number;
}

export interface HeldConnection<L extends Drainable> {
  readonly running: boolean;
  readonly holder: boolean;
  /** The late replies of the current run. */
  readonly late: L;
  /** Keeps a message being processed, so that stop and drain wait for it. */
  track(p: Promise<void>): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  drain(): Promise<void>;
}

export function holdConnection<L extends Drainable>(opts: HeldConnectionOptions<L>): HeldConnection<L> {
  let running = false;
  let late = opts.newLateReplies();
  let lateClosed = false;
  const inflight = new Set<Promise<void>>();
  const lease = opts.lease
    ? createLease({
        tokens: opts.lease.tokens,
        key: opts.lease.key,
        clock: opts.clock,
        logger: opts.logger,
        what: opts.lease.what,
        holderId: opts.lease.holderId,
        ttlMs: opts.lease.ttlMs ?? LEASE_TTL_MS,
        renewMs: opts.lease.renewMs ?? LEASE_RENEW_MS,
        onHold: () => {
          if (running) opts.connect();
        },
        onStandby: () => opts.disconnect(),
      })
    : null;

  const settle = async () => {
    while (inflight.size) await Promise.allSettled([...inflight]);
  };
  const drain = async () => {
    await settle();
    await late.drain();
  };

  return {
    get running() {
      return running;
    },
    get holder() {
      return lease ? lease.holding : true;
    },
    get late() {
      return late;
    },
    track(p) {
      const q: Promise<void> = p.finally(() => inflight.delete(q));
      inflight.add(q);
    },
    async start() {
      if (running) return;
      running = true;
      if (lateClosed) {
        late = opts.newLateReplies();
        lateClosed = false;
      }
      if (lease) await lease.start();
      else opts.connect();
    },
    async stop() {
      running = false;
      // Answer what is being processed while the socket is still open, but do not hold the shutdown for long.
      if (opts.stopGraceMs) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([drain(), new Promise<void>((resolve) => (timer = setTimeout(resolve, opts.stopGraceMs)))]);
        clearTimeout(timer);
      }
      opts.disconnect();
      await settle();
      await late.close();
      lateClosed = true;
      await lease?.stop(); // gives the lease back: the next process takes over at once
    },
    drain,
  };
}
