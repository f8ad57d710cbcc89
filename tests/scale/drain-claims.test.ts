// #15 Instances draining the same backlog (recovery at start, the stale sweep) take different rows instead of queueing
// behind each other's claims: on PostgreSQL a row another instance is processing is skipped (`SKIP LOCKED`), and so
// is a later row of a conversation whose earlier row is not processed yet, so each conversation stays in order.
import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { twoInstances } from '../helpers/two-instances.js';
import { forEachDatabase, postgresAvailable } from '../helpers/postgres.js';

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

const start = async (provider: 'sqlite' | 'postgresql') => {
  const two = await twoInstances(provider, apps);
  return { ...two, backlog: (texts: string[], chats = 1) => two.backlog(texts, chats) };
};

/** Holds the row's claim in an open transaction of instance a (it is processing the message) until release(). */
async function holdClaim(a: TestApp, id: number) {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let claimed!: () => void;
  const isClaimed = new Promise<void>((r) => (claimed = r));
  const done = a.prisma.$transaction(
    async (tx) => {
      await tx.inboundMessage.updateMany({ where: { id, processedAt: null }, data: { processedAt: a.clock.now() } });
      claimed();
      await released;
    },
    { timeout: 20_000 },
  );
  await isClaimed;
  return async () => {
    release();
    await done;
  };
}

describe.skipIf(!postgresAvailable())('drain claims on PostgreSQL', () => {
  it('a row another instance is processing is not drainable and its claim does not wait: it is taken', async () => {
    const { a, b, backlog } = await start('postgresql');
    const [held, other] = await backlog(['报修 1栋101 灯不亮', '报修 2栋202 水管漏水'], 2);
    const release = await holdClaim(a, held!);
    expect(await b.stores.inbound.drainable(held!)).toBe(false);
    const started = performance.now();
    expect(await b.stores.inbound.claim(held!, b.clock.now())).toBe(false);
    // Not blocked until a's transaction ends (it is still open here).
    expect(performance.now() - started).toBeLessThan(5_000);
    // Another conversation's row is free.
    expect(await b.stores.inbound.drainable(other!)).toBe(true);
    await release();
    expect(await b.stores.inbound.drainable(held!)).toBe(false);
    expect(await b.stores.inbound.claim(held!, b.clock.now())).toBe(false);
  });

  it("a conversation's later row waits until its earlier one, in another instance's hands, is processed", async () => {
    const { a, b, backlog } = await start('postgresql');
    const [earlier, later] = await backlog(['报修 3栋303 门锁坏了', '报修 4栋404 电梯异响'], 1);
    expect(await b.stores.inbound.drainable(later!)).toBe(false);
    const release = await holdClaim(a, earlier!);
    expect(await b.stores.inbound.drainable(later!)).toBe(false);
    await release();
    expect(await b.stores.inbound.drainable(later!)).toBe(true);
    expect(await b.stores.inbound.claim(later!, b.clock.now())).toBe(true);
  });
});

forEachDatabase('two instances draining one backlog', (provider) => {
  it('each message makes one ticket and each conversation is processed in order', async () => {
    const { a, b, backlog } = await start(provider);
    const problems = ['灯不亮', '水管漏水', '门锁坏了', '电梯异响', '窗户漏风', '马桶堵了'];
    const texts = Array.from({ length: 24 }, (_, i) => `报修 ${1 + (i % 6)}栋${101 + i} ${problems[i % problems.length]}（第${i}条）`);
    const ids = await backlog(texts, 4);
    const before = await a.prisma.ticket.count();
    const [ra, rb] = await Promise.all([a.runtime.dispatcher.recover(), b.runtime.dispatcher.recover()]);
    expect(await a.prisma.inboundMessage.count({ where: { id: { in: ids }, processedAt: null } })).toBe(0);
    expect(await a.prisma.inboundMessage.count({ where: { id: { in: ids }, error: { not: null } } })).toBe(0);
    expect(await a.prisma.ticket.count()).toBe(before + texts.length);
    const tickets = await a.prisma.ticket.findMany({ where: { description: { contains: '条）' } }, orderBy: { id: 'asc' }, select: { description: true, sourceChatId: true } });
    const numbers = tickets.map((t) => Number(/第(\d+)条/.exec(t.description)![1]));
    expect([...numbers].sort((x, y) => x - y)).toEqual(texts.map((_, i) => i));
    // Within each conversation, tickets were made in message order.
    for (let chat = 0; chat < 4; chat++) {
      const inChat = numbers.filter((n) => n % 4 === chat);
      expect(inChat).toEqual([...inChat].sort((x, y) => x - y));
    }
    expect(tickets.every((t, i) => t.sourceChatId?.endsWith(`-${numbers[i]! % 4}`))).toBe(true);
    // Every row was taken by at least one of them (two may both try a row; its claim lets one through).
    expect(ra + rb).toBeGreaterThanOrEqual(texts.length);
    const replies = await a.prisma.outbox.findMany({ where: { dedupeKey: { in: ids.map((id) => `recover:${id}`) } } });
    expect(replies.length).toBe(texts.length);
  });
});
