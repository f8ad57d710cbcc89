// Replay and abuse limits on the DingTalk callbacks (issue #11): a timestamp/sign pair is good for one msgId only,
// and every webhook route is rate-limited per client IP while /healthz and /readyz never are.
import { describe, expect, it } from 'vitest';
import { createSignMemory, SIGN_MEMORY_MS } from '../../src/bot/dingtalk/verify.js';
import { MINUTE } from '../../src/clock.js';
import type { TestApp } from '../helpers/app.js';
import { closeAfterEach } from '../helpers/cleanup.js';
import { APP_SECRET, REPAIR_TEXT, robotText, setup, signedHeaders, expectRetryAnsweredEmpty } from './util.js';

const closeLater = closeAfterEach();
const start = async (extraEnv: Record<string, string> = {}) => closeLater(await setup(extraEnv, { events: true }));

const post = (t: TestApp, body: unknown, headers: Record<string, string>, remoteAddress?: string) =>
  t.app.inject({ method: 'POST', url: '/dingtalk/robot', headers, payload: typeof body === 'string' ? body : JSON.stringify(body), ...(remoteAddress ? { remoteAddress } : {}) });

describe('DingTalk timestamp/sign replay', () => {
  it('a captured pair sent again with a new body and msgId is refused 401, logged, and stores nothing', async () => {
    const { t, clock } = await start();
    const headers = signedHeaders(clock.now(), APP_SECRET);
    const genuine = robotText({ text: REPAIR_TEXT, createAt: clock.now().getTime() });
    expect((await post(t, genuine, headers)).json().text.content).toContain('#1');

    clock.advance(10 * MINUTE); // still inside the signature's hour
    const forged = robotText({ text: '投诉 3栋电梯坏了一周没人管', staffId: 'lina01', nick: '李娜', createAt: clock.now().getTime() });
    const res = await post(t, forged, headers);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ code: 'SIGNATURE_REPLAYED', error: expect.stringMatching(/签名已用于另一条消息.*another message/) });
    expect(await t.stores.inbound.count()).toBe(1);
    expect(await t.prisma.ticket.count()).toBe(1);
    expect(await t.stores.people.byAccount('dingtalk', 'lina01')).toBeNull();
    const line = t.logs.find((l) => String(l.msg).includes('replayed with another msgId'));
    expect(line).toMatchObject({ level: 40, msgId: forged.msgId, firstMsgId: genuine.msgId, timestamp: headers.timestamp });
  });

  it('the same delivery retried with the same pair goes through to the dedupe: one ticket, an empty answer', async () => {
    const { t, clock } = await start();
    const headers = signedHeaders(clock.now(), APP_SECRET);
    const body = robotText({ text: REPAIR_TEXT, createAt: clock.now().getTime() });
    const first = await post(t, body, headers);
    clock.advance(MINUTE);
    const again = await post(t, body, headers);
    await expectRetryAnsweredEmpty(t, first, again);
  });

  it('one pair with two msgIds at the same time: exactly one is accepted', async () => {
    const { t, clock } = await start();
    const headers = signedHeaders(clock.now(), APP_SECRET);
    const bodies = [1, 2].map((n) => robotText({ text: `${REPAIR_TEXT} ${n}`, createAt: clock.now().getTime() }));
    const answers = await Promise.all(bodies.map((b) => post(t, b, headers)));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 401]);
    expect(await t.prisma.ticket.count()).toBe(1);
  });

  it('a body that is refused before the check (malformed) does not use the pair up', async () => {
    const { t, clock } = await start();
    const headers = signedHeaders(clock.now(), APP_SECRET);
    expect((await post(t, '{"msgtype":"text",', headers)).statusCode).toBe(400);
    expect((await post(t, robotText({ text: REPAIR_TEXT, createAt: clock.now().getTime() }), headers)).statusCode).toBe(200);
    expect(await t.prisma.ticket.count()).toBe(1);
  });

  it('the memory is bounded (oldest forgotten first, reported) and forgets a pair once its signature is stale', () => {
    let evicted = 0;
    const memory = createSignMemory({ max: 3, onEvict: () => evicted++ });
    const now = new Date('2026-11-23T09:00:00+08:00');
    const ts = (offset: number) => String(now.getTime() + offset);
    for (let i = 0; i < 3; i++) expect(memory.claim(`s${i}`, ts(i), `m${i}`, now)).toEqual({ ok: true, retry: false });
    expect(memory.claim('s1', ts(1), 'm1', now)).toEqual({ ok: true, retry: true });
    expect(memory.claim('s1', ts(1), 'other', now)).toEqual({ ok: false, firstMsgId: 'm1' });
    expect(memory.claim('s3', ts(3), 'm3', now)).toEqual({ ok: true, retry: false });
    expect(memory.size).toBe(3);
    expect(evicted).toBe(1);
    expect(memory.claim('s0', ts(0), 'another', now).ok).toBe(true); // s0 was the oldest: forgotten
    const later = new Date(now.getTime() + SIGN_MEMORY_MS + 10);
    expect(memory.claim('s2', ts(2), 'another', later)).toEqual({ ok: true, retry: false }); // long stale: verifySign refuses it first
    expect(memory.size).toBe(1); // the expired ones were dropped on the way
  });
});

describe('webhook rate limit (WEBHOOK_RATE_LIMIT_PER_MINUTE)', () => {
  it('answers 429 past the limit per client IP and route, in Chinese and English; /healthz and /readyz are never limited', async () => {
    const { t, clock } = await start({ WEBHOOK_RATE_LIMIT_PER_MINUTE: '5' });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      clock.advance(1); // a fresh signature each time
      statuses.push((await post(t, robotText({ createAt: clock.now().getTime() }), signedHeaders(clock.now(), APP_SECRET))).statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    // Rejected requests count too: the limit runs before the signature check.
    const over = await post(t, robotText({ createAt: clock.now().getTime() }), { 'content-type': 'application/json' });
    expect(over.statusCode).toBe(429);
    expect(over.json()).toEqual({ code: 'RATE_LIMITED', error: expect.stringMatching(/请求过于频繁.*too many requests/) });
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect(await t.stores.inbound.count()).toBe(5);

    for (let i = 0; i < 20; i++) {
      expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    }
    // Another client, and another route, have their own counts.
    expect((await post(t, robotText({ createAt: clock.now().getTime() }), { 'content-type': 'application/json' }, '10.0.0.7')).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/dingtalk/events', payload: {} })).statusCode).toBe(401);
    expect(t.logs.filter((l) => String(l.msg).includes('webhook rate limit reached'))).toHaveLength(1);
  });

  it('0 turns it off', async () => {
    const { t } = await start({ WEBHOOK_RATE_LIMIT_PER_MINUTE: '0' });
    for (let i = 0; i < 30; i++) {
      const res = await post(t, '{}', { 'content-type': 'application/json' });
      expect(res.statusCode).toBe(401);
      expect(res.headers['x-ratelimit-limit']).toBeUndefined();
    }
  });
});
