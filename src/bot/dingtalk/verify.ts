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
