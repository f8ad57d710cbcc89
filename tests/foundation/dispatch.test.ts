import { afterEach, describe, expect, it } from 'vitest';
import { consoleMessage } from '../../src/bot/console/plugin.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const repair = (n: number, at: Date) => ({ ...consoleMessage(1, `报修 3栋2单元${1500 + n} 厨房水管漏水`, false, at), msgId: `m-${n}` });

describe('dispatcher: answer now, or ack and answer later', () => {
  it('answers in the same call when processing fits in REPLY_WAIT_MS', async () => {
    t = await buildTestApp();
    const result = await t.runtime.dispatcher.handle(repair(1, t.clock.now()));
    expect(result.later).toBeUndefined();
    expect(result.reply?.text).toMatch(/报修#\d+/);
  });

  it('with no time to wait, records the message, returns `later`, and the reply follows', async () => {
    t = await buildTestApp({ env: { REPLY_WAIT_MS: '0' } });
    const result = await t.runtime.dispatcher.handle(repair(1, t.clock.now()));
    expect(result.duplicate).toBe(false);
    expect(result.reply).toBeUndefined();
    expect(await t.prisma.inboundMessage.count({ where: { msgId: 'm-1' } })).toBe(1);
    const late = await result.later;
    expect(late?.text).toMatch(/报修#\d+/);
    expect(await t.prisma.ticket.count()).toBe(1);
  });

  it('a burst is processed one at a time in arrival order, each exactly once', async () => {
    t = await buildTestApp({ env: { REPLY_WAIT_MS: '20' } });
    const now = t.clock.now();
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => t!.runtime.dispatcher.handle(repair(i, now))));
    expect(results.some((r) => r.later)).toBe(true);
    const replies = await Promise.all(results.map(async (r) => (r.reply ?? (await r.later))?.text ?? ''));
    expect(replies.every((x) => /报修#\d+/.test(x))).toBe(true);
    const tickets = await t.prisma.ticket.findMany({ orderBy: { id: 'asc' }, select: { room: true } });
    expect(tickets.map((x) => x.room)).toEqual(Array.from({ length: 30 }, (_, i) => String(1500 + i)));
    const again = await t.runtime.dispatcher.handle(repair(3, now));
    expect(again).toEqual({ duplicate: true });
    expect(await t.prisma.ticket.count()).toBe(30);
  });

  it('closing the app waits for acknowledged messages to finish processing', async () => {
    t = await buildTestApp({ env: { REPLY_WAIT_MS: '0' } });
    const now = t.clock.now();
    for (let i = 0; i < 5; i++) await t.runtime.dispatcher.handle(repair(i, now));
    const prisma = t.prisma;
    const file = t.dbFile;
    await t.close();
    t = undefined;
    const { createPrisma } = await import('../../src/store/prisma/client.js');
    // The same database, opened anew: the SQLite file, or on PostgreSQL (TEST_DATABASE=postgresql) the test database's URL.
    const reopened = await createPrisma(file.startsWith('postgresql://') ? file : `file:${file}`);
    expect(await reopened.ticket.count()).toBe(5);
    expect(await reopened.inboundMessage.count({ where: { processedAt: null } })).toBe(0);
    await reopened.$disconnect();
    void prisma;
  });

  it('the same delivery arriving three times at once is recorded and processed once', async () => {
    t = await buildTestApp();
    const msg = repair(7, t.clock.now());
    const results = await Promise.all([t.runtime.dispatcher.handle(msg), t.runtime.dispatcher.handle(msg), t.runtime.dispatcher.handle(msg)]);
    expect(results.map((r) => r.duplicate).sort()).toEqual([false, true, true]);
    await t.runtime.dispatcher.idle();
    expect(await t.prisma.ticket.count()).toBe(1);
    expect(await t.prisma.inboundMessage.count()).toBe(1);
  });

  it('after a crash, recover() processes every recorded but unprocessed message, beyond one page', async () => {
    t = await buildTestApp();
    const { insertInbound } = await import('../../src/store/prisma/bulk.js');
    const rows = Array.from({ length: 520 }, (_, i) => ({ platform: 'console', msgId: `crash-${i}`, chatId: 'c', chatType: 'direct', senderId: '2', text: '帮助', receivedAt: t!.clock.now() }));
    await insertInbound(t.prisma, rows, t.clock.now());
    expect(await t.runtime.dispatcher.recover()).toBe(520);
    expect(await t.prisma.inboundMessage.count({ where: { processedAt: null } })).toBe(0);
    expect(await t.runtime.dispatcher.recover()).toBe(0);
  }, 60_000);
});
