// #15 A backlog, and a burst of live messages, are processed in batches: several recorded messages in one transaction,
// a savepoint each. A message that fails inside a batch is rolled back alone (nothing of it written, marked with its
// error, the sender told), while the messages before and after it in the same batch commit; order, exactly-once and
// each message's own reply hold across batches.
import { afterEach, expect, it } from 'vitest';
import { DEMO_PEOPLE } from '../../src/store/seed.js';
import { buildTestApp, say, type TestApp } from '../helpers/app.js';
import { forEachDatabase } from '../helpers/postgres.js';

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

/** A real failure inside the database: inserting a ticket whose description holds 爆管 raises an error. */
async function failOnBurstPipe(t: TestApp, provider: string) {
  if (provider === 'postgresql') {
    await t.prisma.$executeRawUnsafe(`CREATE FUNCTION fail_burst() RETURNS trigger AS $$ BEGIN IF NEW."description" LIKE '%爆管%' THEN RAISE EXCEPTION 'ticket refused by test trigger'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
    await t.prisma.$executeRawUnsafe('CREATE TRIGGER fail_burst BEFORE INSERT ON "Ticket" FOR EACH ROW EXECUTE FUNCTION fail_burst()');
  } else {
    await t.prisma.$executeRawUnsafe(`CREATE TRIGGER fail_burst BEFORE INSERT ON "Ticket" WHEN NEW."description" LIKE '%爆管%' BEGIN SELECT RAISE(ABORT, 'ticket refused by test trigger'); END`);
  }
}

forEachDatabase('processing in batches', (provider) => {
  async function appWithBacklog(texts: string[]) {
    const t = await buildTestApp({ provider });
    apps.push(t);
    const who = DEMO_PEOPLE.find((p) => p.role === 'staff')?.name ?? DEMO_PEOPLE[0]!.name;
    await say(t, who, '帮助');
    const first = await t.prisma.inboundMessage.findFirstOrThrow({ orderBy: { id: 'desc' } });
    const now = t.clock.now();
    const rows = texts.map((text, i) => ({ platform: first.platform, msgId: `backlog-${i}`, chatId: first.chatId!, chatType: first.chatType!, senderId: first.senderId!, text, receivedAt: now }));
    const ids = (await t.stores.inbound.recordMany(rows, now)) as number[];
    return { t, ids };
  }

  it('one failing message in a batch is rolled back alone; the others in the same batch commit with their replies', async () => {
    const texts = ['报修 1栋101 灯不亮', '报修 2栋202 水管爆管了', '报修 3栋303 门锁坏了'];
    const { t, ids } = await appWithBacklog(texts);
    await failOnBurstPipe(t, provider);
    const tickets0 = await t.prisma.ticket.count();
    const events0 = await t.prisma.ticketEvent.count();

    expect(await t.runtime.dispatcher.recover()).toBe(3);

    expect(await t.prisma.ticket.count()).toBe(tickets0 + 2);
    expect(await t.prisma.ticket.count({ where: { description: { contains: '爆管' } } })).toBe(0);
    expect(await t.prisma.ticketEvent.count()).toBe(events0 + 2);
    const rows = await t.prisma.inboundMessage.findMany({ where: { id: { in: ids } }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => r.processedAt !== null)).toEqual([true, true, true]);
    expect(rows.map((r) => r.error)).toEqual([null, expect.stringContaining('ticket refused by test trigger'), null]);
    // Each sender hears back once: the two repairs registered, the failed one the apology.
    const replies = await t.prisma.outbox.findMany({ where: { dedupeKey: { in: ids.map((id) => `recover:${id}`) } }, orderBy: { id: 'asc' } });
    expect(replies.map((r) => r.dedupeKey)).toEqual(ids.map((id) => `recover:${id}`));
    expect(replies[0]!.text).toContain('灯不亮');
    expect(replies[1]!.text).toContain('系统处理这条消息时出错了');
    expect(replies[2]!.text).toContain('门锁坏了');
    // Nothing else of the failed message reached the outbox (its duty-group push was rolled back with it).
    const texts1 = (await t.prisma.outbox.findMany()).map((r) => r.text);
    expect(texts1.filter((x) => x.includes('爆管'))).toEqual([]);
    // Rolled back to its savepoint inside the batch, not by giving the batch up and going one by one.
    expect(t.logs.some((l) => String(l.msg).includes('batch transaction failed'))).toBe(false);
  });

  it('a backlog larger than a batch is processed once each, in arrival order, and a second recovery finds nothing', async () => {
    const texts = Array.from({ length: 60 }, (_, i) => `报修 ${1 + (i % 9)}栋${101 + i} 第${i}号灯不亮`);
    const { t, ids } = await appWithBacklog(texts);
    const before = await t.prisma.ticket.findFirst({ orderBy: { id: 'desc' } });

    const lagCount = async () => (await t.runtime.metrics.registry.getSingleMetric('dutydesk_processing_lag_seconds')!.get()).values.filter((v) => (v as { metricName?: string }).metricName === 'dutydesk_processing_lag_seconds_count').reduce((n, v) => n + v.value, 0);
    const lag0 = await lagCount();
    expect(await t.runtime.dispatcher.recover()).toBe(60);
    expect(await t.runtime.dispatcher.recover()).toBe(0);
    // Each batched message counts in the processing-lag metric, as one processed alone does.
    expect((await lagCount()) - lag0).toBe(60);

    const made = await t.prisma.ticket.findMany({ where: { id: { gt: before?.id ?? 0 } }, orderBy: { id: 'asc' } });
    expect(made.map((m) => m.description.match(/第(\d+)号/)?.[1])).toEqual(texts.map((_, i) => String(i)));
    expect(await t.prisma.inboundMessage.count({ where: { id: { in: ids }, processedAt: null } })).toBe(0);
    expect(await t.prisma.outbox.count({ where: { dedupeKey: { in: ids.map((id) => `recover:${id}`) } } })).toBe(60);
    expect(await t.prisma.slaClock.count({ where: { itemType: 'ticket', itemId: { in: made.map((m) => m.id) } } })).toBe(120);
  });

  it('a burst of live messages: each sender gets the reply to their own message, the failing one the apology', async () => {
    const t = await buildTestApp({ provider });
    apps.push(t);
    await failOnBurstPipe(t, provider);
    const staff = DEMO_PEOPLE.filter((p) => p.role === 'staff').slice(0, 3);
    const texts = Array.from({ length: 30 }, (_, i) => (i === 13 ? `报修 9栋913 水管爆管了第${i}号` : `报修 ${1 + (i % 9)}栋${201 + i} 第${i}号灯不亮`));
    const replies = await Promise.all(texts.map((text, i) => say(t, staff[i % staff.length]!.name, text)));
    replies.forEach((reply, i) => {
      if (i === 13) expect(reply).toContain('系统处理这条消息时出错了');
      else expect(reply).toContain(`第${i}号灯不亮`);
    });
    const made = await t.prisma.ticket.findMany({ where: { description: { contains: '号' } }, orderBy: { id: 'asc' } });
    // In arrival order: the order the deliveries were recorded in (concurrent requests may be recorded in any order).
    const arrived = await t.prisma.inboundMessage.findMany({ where: { text: { contains: '号' } }, orderBy: { id: 'asc' } });
    const number = (s: string | null) => Number(s?.match(/第(\d+)号/)?.[1]);
    expect(made.map((m) => number(m.description))).toEqual(arrived.map((a) => number(a.text)).filter((i) => i !== 13));
    expect(await t.prisma.inboundMessage.count({ where: { processedAt: null } })).toBe(0);
    expect(await t.prisma.inboundMessage.count({ where: { error: { contains: 'ticket refused by test trigger' } } })).toBe(1);
  });
});
