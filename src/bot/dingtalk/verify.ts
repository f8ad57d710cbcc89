// Signature check of the enterprise-internal robot callback (HTTP mode): headers `timestamp` + `sign`.
// sign = Base64(HMAC-SHA256(key = appSecret, msg = timestamp + "\n" + appSecret)), |now − timestamp| ≤ 1 h.
// https://open.dingtalk.com/document/development/receive-message  (docs/dingtalk.md#robot-callback-signature)
import { createHmac, timingSafeEqual } from 'node:crypto';

/** DingTalk rejects (and so do we) timestamps more than one hour away from now, in either direction. */
export const SIGN_WINDOW_MS = 60 * 60 * 1000;

export type VerifyFailure = 'missing' | 'stale' | 'mismatch';
export type VerifyResult = { ok: true } | { ok: false; reason: VerifyFailure };

/** Base64 HMAC-SHA256 of `${timestamp}\n${secret}` keyed by secret (no URL-encoding). */
export function computeSign(timestamp: string, secret: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
}

/**
 * Pure check of the robot callback headers. `now` comes from the injected clock.
 * Constant-time comparison of the decoded HMAC bytes.
 */
export function verifySign(input: { timestamp: string | undefined; sign: string | undefined; secret: string; now: Date }): VerifyResult {
  const { timestamp, sign, secret, now } = input;
  if (!timestamp || !sign || !/^\d{1,16}$/.test(timestamp)) return { ok: false, reason: 'missing' };
  if (Math.abs(now.getTime() - Number(timestamp)) > SIGN_WINDOW_MS) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(computeSign(timestamp, secret), 'base64');
  const given = Buffer.from(sign, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'mismatch' };
  // Base64 decoding is lenient (ignores junk characters); require the canonical spelling as well.
  if (given.toString('base64') !== sign) return { ok: false, reason: 'mismatch' };
  return { ok: true };
}

/** A signature can be presented until its timestamp is more than SIGN_WINDOW_MS old; remembered a little longer. */
export const SIGN_MEMORY_MS = SIGN_WINDOW_MS + 5 * 60_000;
/** Signatures remembered at most; beyond, the oldest are forgotten first (onEvict is told). */
export const SIGN_MEMORY_MAX = 50_000;

export type SignClaim = { ok: true; retry: boolean } | { ok: false; firstMsgId: string };

/**
 * The robot callback signs only the timestamp, never the body, so a captured timestamp/sign pair would carry any
 * body for an hour. This memory binds each verified pair to the msgId it first came with: the same msgId again is
 * DingTalk's redelivery (the dispatcher's dedupe answers it), another msgId is a replay. In-process, bounded.
 */
export interface SignMemory {
  claim(sign: string, timestamp: string, msgId: string, now: Date): SignClaim;
  readonly size: number;
}

export function createSignMemory(opts: { max?: number; onEvict?: () => void } = {}): SignMemory {
  const max = opts.max ?? SIGN_MEMORY_MAX;
  type Entry = { sign: string; msgId: string; until: number };
  const bySign = new Map<string, Entry>();
  /** Arrival order, oldest at `head` (an array, not Map iteration: that gets slow as entries are deleted from the front). */
  let queue: Entry[] = [];
  let head = 0;
  /** Drops the oldest entry; true when it was still remembered. */
  const dropOldest = () => {
    const e = queue[head++]!;
    if (head > 1024 && head * 2 > queue.length) {
      queue = queue.slice(head);
      head = 0;
    }
    if (bySign.get(e.sign) !== e) return false;
    bySign.delete(e.sign);
    return true;
  };
  return {
    claim(sign, timestamp, msgId, now) {
      const t = now.getTime();
      const known = bySign.get(sign);
      if (known && known.until > t) return known.msgId === msgId ? { ok: true, retry: true } : { ok: false, firstMsgId: known.msgId };
      // Forget what verifySign refuses as stale anyway (oldest first), then make room.
      while (head < queue.length && queue[head]!.until <= t) dropOldest();
      while (bySign.size >= max && head < queue.length) if (dropOldest()) opts.onEvict?.();
      const entry = { sign, msgId, until: Number(timestamp) + SIGN_MEMORY_MS };
      bySign.set(sign, entry);
      queue.push(entry);
      return { ok: true, retry: false };
    },
    get size() {
      return bySign.size;
    },
  };
}

/**
 * Custom group robot (自定义机器人, 加签) URL signature: the same HMAC, URL-encoded exactly once.
 * Returns the webhook URL with `timestamp` and `sign` appended.
 */
export function signWebhookUrl(webhook: string, secret: string, now: Date): string {
  const timestamp = String(now.getTime());
  const url = new URL(webhook);
  url.searchParams.set('timestamp', timestamp);
  url.searchParams.set('sign', computeSign(timestamp, secret)); // URLSearchParams encodes + / = once
  return url.toString();
}
