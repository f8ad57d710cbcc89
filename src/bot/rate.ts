// A small per-key sliding-window limiter on the injected clock (in-process only), used by the senders to
// stop before a platform does: e.g. a DingTalk custom robot over 20 messages a minute is blocked for
// 10 minutes (docs/dingtalk.md#rate-limits); WeCom allows 30 messages a minute per member, 20 per group robot (docs/wecom.md#rate-limits).
import type { Clock } from '../clock.js';
import { DeliveryError } from './channel.js';

export type Take = { ok: true } | { ok: false; retryAfterMs: number };

export interface RateLimiter {
  /** Claims one slot for `key`; when the window is full, says how long until the oldest slot frees up. */
  take(key: string): Take;
  /** Refuses every take for `key` during the next `ms` (DingTalk told us we are blocked). */
  block(key: string, ms: number): void;
}

export function createRateLimiter(opts: { limit: number; windowMs: number; clock: Clock }): RateLimiter {
  const { limit, windowMs, clock } = opts;
  const sent = new Map<string, number[]>();
  const blockedUntil = new Map<string, number>();
  return {
    take(key) {
      const now = clock.now().getTime();
      const until = blockedUntil.get(key);
      if (until !== undefined && until > now) return { ok: false, retryAfterMs: until - now };
      const list = (sent.get(key) ?? []).filter((t) => t > now - windowMs && t <= now);
      if (list.length >= limit) {
        sent.set(key, list);
        return { ok: false, retryAfterMs: Math.max(1, list[0]! + windowMs - now) };
      }
      list.push(now);
      sent.set(key, list);
      return { ok: true };
    },
    block(key, ms) {
      blockedUntil.set(key, clock.now().getTime() + ms);
    },
  };
}

/** When the platform itself refuses for a rate reason: block the key for a while so the next sends wait. */
export interface RatePenalty {
  codes: ReadonlyArray<number | string>;
  ms(err: DeliveryError): number;
}

/** Claims a slot and runs the send; over the limit → DeliveryError 'rate' (the outbox keeps the row) without calling the platform. */
export async function sendWithinLimit(limiter: RateLimiter, key: string, refusal: string, send: () => Promise<void>, penalty?: RatePenalty): Promise<void> {
  const slot = limiter.take(key);
  if (!slot.ok) throw new DeliveryError(refusal, 'rate', slot.retryAfterMs, 'localRateLimit');
  try {
    await send();
  } catch (err) {
    // The platform throttled us anyway (another process, a restart): stop trying for the whole block.
    if (penalty && err instanceof DeliveryError && err.platformCode !== undefined && penalty.codes.includes(err.platformCode)) limiter.block(key, penalty.ms(err));
    throw err;
  }
}
