// The stores whose SQL is hand-written (set-based inserts, clock updates, the channel-pause insert) and one whole
// workflow, on SQLite and on PostgreSQL (tests/helpers/postgres.ts).
import { afterEach, expect, it } from 'vitest';
import { MINUTE } from '../../src/clock.js';
import { buildTestApp, say, type TestApp } from '../helpers/app.js';
import { forEachDatabase } from '../helpers/postgres.js';
import { newRepair } from '../workflows/util.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const delivery = (msgId: string, receivedAt: Date) => ({ platform: 'console', msgId, chatId: 'c1', chatType: 'single', senderId: 'u1', text: `报修 ${msgId}`, receivedAt });

forEachDatabase('stores with hand-written SQL', (provider) => {
  it('inbound: one row per (platform, msgId), retries and repeats in one batch get null, unprocessed in id order', async () => {
    t = await buildTestApp({ provider, seed: false });
    const now = t.clock.now();
    const first = await t.stores.inbound.recordMany([delivery('m1', now), delivery('m2', now), delivery('m1', now)], now);
    expect(first[0]).toBeGreaterThan(0);
    expect(first[1]).toBeGreaterThan(first[0]!);
    expect(first[2]).toBeNull();
    expect(await t.stores.inbound.recordMany([delivery('m2', now), delivery('m3', now)], now)).toEqual([null, expect.any(Number)]);
    expect(await t.stores.inbound.count()).toBe(3);
    await t.stores.inbound.markProcessed(first[0]!, now);
    const open = await t.stores.inbound.unprocessed(0, 10);
    expect(open.map((r) => r.msgId)).toEqual(['m2', 'm3']);
    expect(open[0]!.receivedAt.toISOString()).toBe(now.toISOString());
    expect(await t.stores.inbound.countUnprocessed()).toBe(2);
  });

  it('SLA clocks: updateMany sets level, next fire time and active per row in one statement', async () => {
    t = await buildTestApp({ provider, seed: false });
    const now = t.clock.now();
    const start = { itemType: 'ticket' as const, clock: 'response' as const, startedAt: now, dueAt: new Date(now.getTime() + 30 * MINUTE), nextFireAt: now };
    const a = await t.stores.slaClocks.upsert({ ...start, itemId: 1 });
    const b = await t.stores.slaClocks.upsert({ ...start, itemId: 2 });
    const later = new Date(now.getTime() + 5 * MINUTE);
    await t.stores.slaClocks.updateMany([{ id: a.id, nextLevel: 2, nextFireAt: later }, { id: b.id, active: false, nextFireAt: null }], later);
    const [ra, rb] = [await t.stores.slaClocks.get('ticket', 1, 'response'), await t.stores.slaClocks.get('ticket', 2, 'response')];
    expect({ level: ra?.nextLevel, fire: ra?.nextFireAt?.toISOString(), active: ra?.active }).toEqual({ level: 2, fire: later.toISOString(), active: true });
    expect({ level: rb?.nextLevel, fire: rb?.nextFireAt, active: rb?.active }).toEqual({ level: 0, fire: null, active: false });
  });

  it('channel pause: of two pauses only the first creates the episode', async () => {
    t = await buildTestApp({ provider, seed: false });
    const since = t.clock.now();
    const pause = { channel: 'console', since, nextProbeAt: new Date(since.getTime() + MINUTE), reason: '限流', code: '429' };
    expect((await t.stores.outbox.pauseChannel(pause)).created).toBe(true);
    const again = await t.stores.outbox.pauseChannel({ ...pause, since: new Date(since.getTime() + 1000) });
    expect(again.created).toBe(false);
    expect(again.pause.since.toISOString()).toBe(since.toISOString());
    expect((await t.stores.outbox.channelPause('console'))?.nextProbeAt.toISOString()).toBe(pause.nextProbeAt.toISOString());
  });

  it('a whole 报修 workflow: report, dispatch, accept, query', async () => {
    t = await buildTestApp({ provider });
    await newRepair(t, '王芳');
    t.clock.advance(7 * MINUTE);
    await say(t, '赵强', '派单 #1 张伟');
    t.clock.advance(3 * MINUTE);
    await say(t, '张伟', '接单 #1');
    const shown = await say(t, '李娜', '查询 #1');
    expect(shown).toContain('报修#1 已接单');
    expect(shown).toContain('11月23日 09:10 张伟 接单 → 已接单');
  });
});
