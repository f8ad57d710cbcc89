// #15 Messages of one conversation in order across instances: a message waits while an earlier message of its
// conversation, recorded by another instance, is not processed yet; the wait is bounded, and old leftovers (a crash,
// recovered at the next start) never hold a conversation up.
import { afterEach, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { DEMO_PEOPLE } from '../../src/store/seed.js';
import { buildTestApp, say, type TestApp } from '../helpers/app.js';
import { forEachDatabase } from '../helpers/postgres.js';

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

it('CONVERSATION_ORDER_WAIT_MS defaults to 5 s on PostgreSQL and to 0 (no waiting) on SQLite', () => {
  expect(loadConfig({ DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/d' }).instances.conversationWaitMs).toBe(5000);
  expect(loadConfig({}).instances.conversationWaitMs).toBe(0);
  expect(loadConfig({ CONVERSATION_ORDER_WAIT_MS: '800' }).instances.conversationWaitMs).toBe(800);
});

forEachDatabase('conversation order across instances', (provider) => {
  async function twoInstances(waitMs: number) {
    const a = await buildTestApp({ provider, env: { CONVERSATION_ORDER_WAIT_MS: String(waitMs) } });
    apps.push(a);
    const b = await buildTestApp({ provider, dbFile: a.dbFile, clock: a.clock, env: { CONVERSATION_ORDER_WAIT_MS: String(waitMs) } });
    apps.push(b);
    const who = DEMO_PEOPLE[0]!.name;
    await say(a, who, '帮助');
    const first = (await a.prisma.inboundMessage.findFirstOrThrow({ orderBy: { id: 'desc' } }))!;
    /** A message of the same conversation that instance a has recorded and not processed yet. */
    const heldByA = async (msgId: string, receivedAt = a.clock.now()) => {
      const [id] = await a.stores.inbound.recordMany([{ platform: first.platform, msgId, chatId: first.chatId!, chatType: first.chatType!, senderId: first.senderId!, text: '报修 1栋101 灯不亮', receivedAt }], receivedAt);
      return id!;
    };
    return { a, b, who, heldByA };
  }

  it('a later message on another instance waits until the earlier one is processed', async () => {
    const { a, b, who, heldByA } = await twoInstances(10_000);
    const held = await heldByA('held-1');
    let releasedAt = 0;
    setTimeout(() => {
      releasedAt = performance.now();
      void a.stores.inbound.markProcessed(held, a.clock.now());
    }, 600);
    const reply = await say(b, who, '报修 2栋202 水管漏水');
    const answeredAt = performance.now();
    expect(reply).toContain('#');
    expect(releasedAt).toBeGreaterThan(0);
    expect(answeredAt).toBeGreaterThanOrEqual(releasedAt);
    expect(b.logs.some((l) => String(l.msg).includes('going ahead'))).toBe(false);
  });

  it('the wait is bounded: an earlier message nobody processes holds the conversation for CONVERSATION_ORDER_WAIT_MS only', async () => {
    const { b, who, heldByA } = await twoInstances(400);
    await heldByA('held-2');
    const started = performance.now();
    expect(await say(b, who, '报修 3栋303 门锁坏了')).toContain('#');
    expect(performance.now() - started).toBeGreaterThanOrEqual(400);
    expect(b.logs.some((l) => String(l.msg).includes('going ahead'))).toBe(true);
  });

  it('a leftover recorded long ago (recovered at the next start) does not hold the conversation', async () => {
    const { b, who, heldByA } = await twoInstances(60_000);
    await heldByA('old-1', new Date(b.clock.now().getTime() - 11 * 60_000));
    expect(await say(b, who, '报修 4栋404 窗户漏风')).toContain('#');
    expect(b.logs.some((l) => String(l.msg).includes('going ahead'))).toBe(false);
  });
});
