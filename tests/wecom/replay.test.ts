// Replay and abuse limits on the WeCom callbacks (issue #11): replayed 微信客服 callbacks cannot multiply
// kf/sync_msg calls (syncs of an account are coalesced, a callback seen before starts none), and the
// callback routes are rate-limited per client IP.
import { describe, expect, it } from 'vitest';
import type { KfSync } from '../../src/bot/wecom/kf.js';
import type { LateReplies } from '../../src/bot/late-replies.js';
import type { TestApp } from '../helpers/app.js';
import { deferred } from '../helpers/async.js';
import { closeAfterEach } from '../helpers/cleanup.js';
import type { FakeWecom } from '../fakes/wecom-server.js';
import { CORP_ID, KFID, REPAIR_TEXT, customer, customerWaiting, kfEvent, postCallback, setup, signedCallback, textXml } from './util.js';

const closeLater = closeAfterEach();
const start = async (extra: Record<string, string> = {}) => closeLater(await setup(extra));


/** Waits until the syncs, the processing and the replies they started are done. */
async function settled(t: TestApp): Promise<void> {
  const ch = t.runtime.channels.find((c) => c.name === 'wecom') as unknown as { kf: KfSync; late: LateReplies };
  await ch.kf.idle();
  await t.runtime.dispatcher.idle();
  await ch.late.drain();
}

const syncTokens = (fake: FakeWecom) => fake.requests.filter((r) => r.endpoint === 'kfSync').map((r) => r.body.token as string);

describe('微信客服 callback replays', () => {
  it('300 concurrent replays of one callback: one kf/sync_msg call, one ticket, one reply', async () => {
    const { t, fake } = await start();
    customerWaiting(fake);
    const cb = signedCallback(kfEvent('SYNC1'));
    const answers = await Promise.all(Array.from({ length: 300 }, () => postCallback(t, cb)));
    expect(new Set(answers.map((a) => a.statusCode))).toEqual(new Set([200]));
    await settled(t);
    expect(syncTokens(fake)).toEqual(['SYNC1']);
    expect(await t.prisma.ticket.count()).toBe(1);
    expect(fake.delivered('kfSend')).toHaveLength(1);
  });

  it('300 replays in a loop: one kf/sync_msg call and one ticket; a new callback afterwards still syncs', async () => {
    const { t, fake } = await start();
    customerWaiting(fake);
    const cb = signedCallback(kfEvent('SYNC1'));
    for (let i = 0; i < 300; i++) {
      expect((await postCallback(t, cb)).statusCode).toBe(200);
      if (i === 150) await settled(t); // half of them after the sync has finished
    }
    // Upper- and lower-case hex are the same signature: no way around the memory.
    const q = new URLSearchParams(cb.query);
    q.set('msg_signature', q.get('msg_signature')!.toUpperCase());
    expect((await postCallback(t, { query: q.toString(), body: cb.body })).statusCode).toBe(200);
    await settled(t);
    expect(syncTokens(fake)).toEqual(['SYNC1']);
    expect(await t.prisma.ticket.count()).toBe(1);

    fake.kfTokens.add('SYNC2');
    fake.kfMessages.push(customer(2, '投诉 楼上装修太吵了'));
    expect((await postCallback(t, signedCallback(kfEvent('SYNC2', 1795395800)))).statusCode).toBe(200);
    await settled(t);
    expect(syncTokens(fake)).toEqual(['SYNC1', 'SYNC2']);
    expect(await t.prisma.ticket.count()).toBe(2);
    expect(fake.delivered('kfSend')).toHaveLength(2);
  });

  it('new callbacks while a sync runs queue exactly one more sync, with the latest token', async () => {
    const { t, fake } = await start();
    const gate = deferred<void>();
    fake.fail('kfSync', { gate: gate.promise }); // the first sync waits on the fake until released
    for (let i = 0; i <= 40; i++) fake.kfTokens.add(`T${i}`);
    fake.kfMessages.push(customer(1, REPAIR_TEXT));
    expect((await postCallback(t, signedCallback(kfEvent('T0')))).statusCode).toBe(200);
    for (let i = 1; i <= 20; i++) expect((await postCallback(t, signedCallback(kfEvent(`T${i}`, 1795395700 + i)))).statusCode).toBe(200);
    const concurrent = await Promise.all(Array.from({ length: 20 }, (_, i) => postCallback(t, signedCallback(kfEvent(`T${21 + i}`, 1795395721 + i)))));
    expect(concurrent.every((a) => a.statusCode === 200)).toBe(true);
    gate.resolve();
    await settled(t);
    const tokens = syncTokens(fake);
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).toBe('T0');
    expect(Number(tokens[1]!.slice(1))).toBeGreaterThan(20); // one of the last callbacks' tokens, not one sync each
    expect(await t.prisma.ticket.count()).toBe(1);
  });
});

describe('webhook rate limit on /wecom/callback and /wecom/aibot', () => {
  it('429 past WEBHOOK_RATE_LIMIT_PER_MINUTE for one client; /healthz still answers', async () => {
    const { t } = await start({ WEBHOOK_RATE_LIMIT_PER_MINUTE: '3' });
    const cb = signedCallback(textXml({ text: REPAIR_TEXT, from: 'zhangsan' }));
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await postCallback(t, cb)).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const over = await postCallback(t, cb);
    expect(over.json()).toMatchObject({ code: 'RATE_LIMITED', error: expect.stringContaining('请求过于频繁') });
    expect(await t.prisma.ticket.count()).toBe(1);
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    // The URL verification (GET) and the AI bot have counts of their own.
    expect((await t.app.inject({ method: 'GET', url: '/wecom/callback' })).statusCode).toBe(401);
    expect((await postCallback(t, { query: '', body: '{}' }, '/wecom/aibot')).statusCode).toBe(401);
  });
});
