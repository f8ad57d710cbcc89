import { describe, expect, it } from 'vitest';
import { computeSign, signWebhookUrl, verifySign } from '../../src/bot/dingtalk/verify.js';

// docs/dingtalk.md#robot-callback-sign-vector: inputs of the official Java example, output computed with Node crypto and openssl.
const TS = '1577262236757';
const SECRET = 'this is a secret';
const SIGN = 'DJrE6qdyVGCQz9z5r2MDuNcNAhwYnuAkyj13cx169CA=';
const at = (ms: number) => new Date(ms);

describe('verifySign (robot callback headers)', () => {
  it('matches the documented check value', () => {
    expect(computeSign(TS, SECRET)).toBe(SIGN);
    expect(verifySign({ timestamp: TS, sign: SIGN, secret: SECRET, now: at(Number(TS)) })).toEqual({ ok: true });
  });

  it('accepts up to one hour of skew either way, on the injected clock', () => {
    const hour = 3_600_000;
    expect(verifySign({ timestamp: TS, sign: SIGN, secret: SECRET, now: at(Number(TS) + hour) }).ok).toBe(true);
    expect(verifySign({ timestamp: TS, sign: SIGN, secret: SECRET, now: at(Number(TS) - hour) }).ok).toBe(true);
    expect(verifySign({ timestamp: TS, sign: SIGN, secret: SECRET, now: at(Number(TS) + hour + 1) })).toEqual({ ok: false, reason: 'stale' });
    expect(verifySign({ timestamp: TS, sign: SIGN, secret: SECRET, now: at(Number(TS) - hour - 1) })).toEqual({ ok: false, reason: 'stale' });
  });

  it.each([
    ['wrong secret', { timestamp: TS, sign: SIGN, secret: 'other secret' }, 'mismatch'],
    ['signature of another timestamp', { timestamp: String(Number(TS) + 1), sign: SIGN, secret: SECRET }, 'mismatch'],
    ['truncated signature', { timestamp: TS, sign: SIGN.slice(0, 20), secret: SECRET }, 'mismatch'],
    ['junk inside the base64', { timestamp: TS, sign: `${SIGN.slice(0, 10)}!!${SIGN.slice(10)}`, secret: SECRET }, 'mismatch'],
    ['url-encoded signature', { timestamp: TS, sign: encodeURIComponent(SIGN), secret: SECRET }, 'mismatch'],
    ['missing sign', { timestamp: TS, sign: undefined, secret: SECRET }, 'missing'],
    ['missing timestamp', { timestamp: undefined, sign: SIGN, secret: SECRET }, 'missing'],
    ['timestamp in seconds with junk', { timestamp: '1577262236.757', sign: SIGN, secret: SECRET }, 'missing'],
  ])('rejects %s', (_name, input, reason) => {
    expect(verifySign({ ...input, now: at(Number(TS)) })).toEqual({ ok: false, reason });
  });
});

describe('signWebhookUrl (custom group robot 加签)', () => {
  it('matches the documented value, URL-encoded exactly once', () => {
    const url = signWebhookUrl('https://oapi.dingtalk.com/robot/send?access_token=abc', 'this is secret', at(Number(TS)));
    expect(url).toBe('https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1577262236757&sign=hmPWwU%2B7lVdm3ZZz0r9tSfx0L4Q26jWOZr9%2BGs6EZQM%3D');
    expect(new URL(url).searchParams.get('sign')).toBe('hmPWwU+7lVdm3ZZz0r9tSfx0L4Q26jWOZr9+Gs6EZQM=');
  });

  it('uses the time of each call', () => {
    const a = signWebhookUrl('https://oapi.dingtalk.com/robot/send?access_token=abc', 'SECx', at(1_000));
    const b = signWebhookUrl('https://oapi.dingtalk.com/robot/send?access_token=abc', 'SECx', at(2_000));
    expect(new URL(a).searchParams.get('timestamp')).toBe('1000');
    expect(new URL(b).searchParams.get('timestamp')).toBe('2000');
    expect(new URL(a).searchParams.get('sign')).not.toBe(new URL(b).searchParams.get('sign'));
  });
});
