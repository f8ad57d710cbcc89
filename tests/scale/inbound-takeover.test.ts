// #15 Inbound rows across instances: a message is claimed inside its own transaction, so two instances recovering
// the same rows make each item once; rows an instance acknowledged but never processed (it died) are taken over by
// another one after INBOUND_SWEEP_SECONDS.
import { afterEach, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { sleep } from '../helpers/async.js';
import type { TestApp } from '../helpers/app.js';
import { twoInstances } from '../helpers/two-instances.js';
import { forEachDatabase } from '../helpers/postgres.js';

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

it('INBOUND_SWEEP_SECONDS defaults to 60 on PostgreSQL and to 0 (only at start) on SQLite', () => {
  expect(loadConfig({ DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/d' }).instances.inboundSweepSeconds).toBe(60);
  expect(loadConfig({}).instances.inboundSweepSeconds).toBe(0);
  expect(loadConfig({ INBOUND_SWEEP_SECONDS: '5' }).instances.inboundSweepSeconds).toBe(5);
});

forEachDatabase('inbound rows across instances', (provider) => {
  async function start() {
    const { a, b, backlog } = await twoInstances(provider, apps);
    /** Messages instance a acknowledged (recorded) and never processed: it died right after. */
    return { a, b, leftByA: (texts: string[]) => backlog(texts) };
  }

  it('claim: the first caller takes the row, every later one is told it is taken', async () => {
    const { a, b, leftByA } = await start();
    const [id] = await leftByA(['报修 1栋101 灯不亮']);
    expect(await a.stores.inbound.claim(id!, a.clock.now())).toBe(true);
    expect(await b.stores.inbound.claim(id!, a.clock.now())).toBe(false);
    expect(await a.stores.inbound.claim(id!, a.clock.now())).toBe(false);
  });

  it('two instances recovering the same unprocessed messages at once make each ticket once and reply once', async () => {
    const { a, b, leftByA } = await start();
    const texts = ['报修 1栋101 灯不亮', '报修 2栋202 水管漏水', '报修 3栋303 门锁坏了', '报修 4栋404 电梯异响', '报修 5栋505 窗户漏风'];
    const ids = await leftByA(texts);
    const before = await a.prisma.ticket.count();
    await Promise.all([a.runtime.dispatcher.recover(), b.runtime.dispatcher.recover()]);
    expect(await a.prisma.ticket.count()).toBe(before + texts.length);
    for (const t of texts) expect(await a.prisma.ticket.count({ where: { description: { contains: t.split(' ')[2]! } } })).toBe(1);
    expect(await a.prisma.inboundMessage.count({ where: { id: { in: ids }, processedAt: null } })).toBe(0);
    // One pushed reply per recovered message (the original conversation is gone), not two.
    const replies = await a.prisma.outbox.findMany({ where: { dedupeKey: { startsWith: 'recover:' } } });
    expect(replies.map((r) => r.dedupeKey).sort()).toEqual(ids.map((id) => `recover:${id}`).sort());
  });

  it('what a dead instance acknowledged is processed by another after INBOUND_SWEEP_SECONDS, and not before', async () => {
    const { a, b, leftByA } = await start();
    const [id] = await leftByA(['报修 6栋606 楼道灯坏了']);
    b.runtime.dispatcher.sweepStale(1);
    // Recorded "now" on the shared clock: not stale yet, so the sweep leaves it to its owner.
    await sleep(1500);
    expect((await a.prisma.inboundMessage.findUniqueOrThrow({ where: { id } })).processedAt).toBeNull();
    a.clock.advance(2_000);
    for (let i = 0; i < 100 && (await a.prisma.inboundMessage.findUniqueOrThrow({ where: { id } })).processedAt === null; i++) await sleep(100);
    expect(await a.prisma.ticket.count({ where: { description: { contains: '楼道灯坏了' } } })).toBe(1);
    expect(await a.prisma.outbox.count({ where: { dedupeKey: `recover:${id}` } })).toBe(1);
    expect(b.logs.some((l) => String(l.msg).includes('took over unprocessed messages'))).toBe(true);
  });
});
