// A lease row in the token store (shared by every process of the installation) so that only one process holds a
// long connection (DingTalk Stream, WeCom AI-bot long connection). Claimed or renewed every `renewMs` when it is
// free, expired or ours, then read back to see who won a simultaneous claim (the store is last-writer-wins). A holder
// that finds someone else's live lease lets go, so two processes starting together overlap for at most one renewal.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { TokenStore } from '../store/index.js';

/** ttl 60 s, renewed every 20 s: a crashed holder is replaced after at most ttl + renew. */
export const LEASE_TTL_MS = 60_000;
export const LEASE_RENEW_MS = 20_000;

export interface Lease {
  /** Claims (or stands by) now, then keeps checking every renewMs. */
  start(): Promise<void>;
  /** Stops checking and gives the lease back if this process holds it, so the next one takes over at once. */
  stop(): Promise<void>;
  readonly holding: boolean;
}

export interface LeaseOptions {
  tokens: TokenStore;
  key: string;
  clock: Clock;
  logger: Logger;
  /** What is held, for the logs, e.g. "钉钉 Stream 连接 DingTalk stream". */
  what: string;
  /** Called (again) on every check this process holds the lease: connect if not connected. */
  onHold(): void;
  /** Called on every check another process holds it: disconnect if connected. */
  onStandby(): void;
  holderId?: string;
  ttlMs?: number;
  renewMs?: number;
}

export function createLease(opts: LeaseOptions): Lease {
  const { tokens, key, clock, logger: log, what } = opts;
  const holderId = opts.holderId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const ttl = opts.ttlMs ?? LEASE_TTL_MS;
  let running = false;
  let holding = false;
  let standbyLogged = false;
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> | undefined;

  async function check(): Promise<void> {
    if (!running) return;
    try {
      const now = clock.now().getTime();
      const cur = await tokens.get(key);
      if (!cur || cur.value === holderId || cur.expiresAt.getTime() <= now) await tokens.put(key, holderId, new Date(now + ttl));
      const after = await tokens.get(key);
      if (!running) return;
      if (after?.value === holderId) {
        if (!holding) log.info({ holder: holderId }, `本进程持有${what} this process holds the connection`);
        holding = true;
        standbyLogged = false;
        opts.onHold();
      } else {
        if (holding) log.warn({ holder: after?.value }, `${what}由其他进程持有，断开 another process holds the connection, disconnecting`);
        else if (!standbyLogged) log.info({ holder: after?.value }, `${what}由其他进程持有，本进程待命 another process holds the connection; standing by`);
        standbyLogged = true;
        holding = false;
        opts.onStandby();
      }
    } catch (err) {
      log.warn({ err }, `${what}租约读写失败 lease check failed`);
    }
  }
  const tick = () => (ticking ??= check().finally(() => (ticking = undefined)));

  return {
    async start() {
      if (running) return;
      running = true;
      await tick();
      timer = setInterval(() => void tick(), opts.renewMs ?? LEASE_RENEW_MS);
      timer.unref();
    },
    async stop() {
      running = false;
      if (timer) clearInterval(timer);
      timer = undefined;
      await ticking;
      if (holding) {
        try {
          const cur = await tokens.get(key);
          if (cur?.value === holderId) await tokens.drop(key);
        } catch (err) {
          log.warn({ err }, `${what}租约释放失败 lease release failed`);
        }
      }
      holding = false;
      standbyLogged = false;
    },
    get holding() {
      return holding;
    },
  };
}
