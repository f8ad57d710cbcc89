// Settings of the AI-bot long connection (long.ts): timings with their defaults, and the SDK's logger and errors.
import type { Logger as SdkLogger } from '@wecom/aibot-node-sdk';
import type { Logger } from 'pino';
import { LEASE_RENEW_MS, LEASE_TTL_MS } from '../lease.js';

/** Lease row: ttl 60 s, renewed every 20 s; a crashed holder is replaced after at most ttl + renew. */
export const AIBOT_LEASE_TTL_MS = LEASE_TTL_MS;
export const AIBOT_LEASE_RENEW_MS = LEASE_RENEW_MS;
export const aibotLeaseKey = (botId: string) => `wecom-aibot-lease:${botId}`;
/** A `later` answer not ready after this long gets a 正在处理 stream frame first. */
export const AIBOT_PENDING_AFTER_MS = 1_000;
/** Authentication attempts (with the SDK's backoff 1 s, 2 s, 4 s, 8 s) before pausing. */
export const AIBOT_AUTH_ATTEMPTS = 5;
/** Pause after the authentication attempts failed: the BotID / Secret is wrong until someone fixes it. */
export const AIBOT_AUTH_RETRY_MS = 10 * 60_000;
/** Reconnect delay after WeCom dropped us for another connection of the same bot (later kicks: the long one). */
export const AIBOT_KICKED_RETRY_MS = 5_000;
export const AIBOT_KICKED_LONG_RETRY_MS = 5 * 60_000;
/** stop() lets messages being processed be answered for at most this long before it closes the socket. */
export const AIBOT_STOP_GRACE_MS = 10_000;

export interface AibotLongOptions {
  /** Identifies this process in the lease row (default host:pid:random). */
  holderId?: string;
  leaseTtlMs?: number;
  leaseRenewMs?: number;
  /** SDK reconnect base delay (doubles per attempt, capped at 30 s by the SDK). */
  reconnectBaseMs?: number;
  /** SDK heartbeat interval (default 30 s). */
  heartbeatMs?: number;
  authAttempts?: number;
  authRetryMs?: number;
  kickedRetryMs?: number;
  kickedLongRetryMs?: number;
  pendingAfterMs?: number;
  stopGraceMs?: number;
}

/** The SDK logs through console by default; route it to pino (its info chatter at debug). */
export function sdkLogger(log: Logger): SdkLogger {
  const text = (message: string, args: unknown[]) =>
    args.length ? `${message} ${args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : JSON.stringify(a))).join(' ')}` : message;
  return {
    debug: (m, ...a) => log.debug(text(m, a)),
    info: (m, ...a) => log.debug(text(m, a)),
    warn: (m, ...a) => log.warn(text(m, a)),
    // Errors the SDK logs also reach the 'error' event, where we log them with the operator's explanation.
    error: (m, ...a) => log.warn(text(m, a)),
  };
}

/** The SDK rejects a reply with the ack frame itself when errcode ≠ 0. */
export function describe(err: unknown): string {
  if (err instanceof Error) return err.message;
  const f = err as { errcode?: unknown; errmsg?: unknown } | undefined;
  if (f && typeof f === 'object' && 'errcode' in f) return `errcode=${String(f.errcode)} errmsg=${String(f.errmsg)}`;
  return String(err);
}
