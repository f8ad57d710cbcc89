// The outbox sender against a fake DingTalk: rate limits and failures delay, never drop or repeat.
import { describe, expect, it } from 'vitest';
import { MINUTE, SECOND } from '../../src/clock.js';
import { outboxSend } from '../../src/handlers/jobs/outbox-send.js';
import { jobContext } from '../../src/scheduler.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { closeAfterEach } from '../helpers/cleanup.js';
import type { FakeDingtalk } from '../fakes/dingtalk-server.js';
import { setup as setupDingtalk } from '../dingtalk/util.js';

const closeLater = closeAfterEach();

/** The app with the DingTalk robot app and custom group robot against a fake DingTalk; 张伟 has a DingTalk userId. */
async function setup() {
  const s = closeLater(await setupDingtalk({}, { groupRobot: true }));
  await s.t.prisma.personAccount.create({ data: { personId: 3, provider: 'dingtalk', externalId: 'zhangwei01' } }); // 张伟
  return s;
}

async function queue(t: TestApp, texts: string[], to: 'person' | 'group') {
  const person = await t.stores.people.byId(3);
  const rows = texts.flatMap((text, i) =>
    t.runtime.notifyRouter.rowsFor({ to: to === 'person' ? { kind: 'person', personId: 3 } : { kind: 'duty-group' }, message: { text }, dedupeKey: `test:${to}:${i}` }, t.clock.now(), person),
  );
  return t.stores.outbox.enqueue(rows.filter((r) => r.channel.startsWith('dingtalk')));
}

/** Runs the sender as of `at`, with the app's clock (used by the adapters' own limiters) moved there too. */
function send(t: TestApp, at: Date) {
  t.clock.set(at);
  return outboxSend.run(jobContext(t.runtime, at)) as Promise<Record<string, number>>;
}
const sentTexts = (fake: FakeDingtalk) => fake.delivered('oto').map((r) => JSON.parse(r.body.msgParam).content as string);

describe('outbox sender', () => {
  it('after throttling and a server error, delivers everything in order, exactly once', async () => {
    const { t, fake, clock } = await setup();
    const texts = ['第1条', '第2条', '第3条', '第4条', '第5条'];
    expect(await queue(t, texts, 'person')).toBe(5);
    fake.fail('oto', { status: 429, code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', message: 'qps', headers: { 'retry-after': '2' } }, { status: 503, message: 'down' });
    const t0 = clock.now().getTime();

    expect(await send(t, new Date(t0))).toMatchObject({ sent: 0, retry: 1 });
    expect(sentTexts(fake)).toEqual([]);
    // Still inside the throttle window: nothing is tried, and the later rows wait behind the first.
    expect(await send(t, new Date(t0 + SECOND))).toMatchObject({ sent: 0, retry: 0 });
    expect(await send(t, new Date(t0 + 3 * SECOND))).toMatchObject({ sent: 0, retry: 1 });
    const head = await t.prisma.outbox.findFirstOrThrow({ where: { dedupeKey: 'test:person:0' } });
    expect(head.attempts).toBe(2);
    expect(head.lastError).toContain('503');

    await send(t, new Date(t0 + 5 * MINUTE));
    expect(sentTexts(fake)).toEqual(texts);
    expect((await t.stores.outbox.list()).map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
    await send(t, new Date(t0 + 10 * MINUTE));
    expect(sentTexts(fake)).toEqual(texts);
  });

  it('keeps to the group robot limit of 20 a minute, sending the rest in the next window', async () => {
    const { t, fake, clock } = await setup();
    const texts = Array.from({ length: 25 }, (_, i) => `群消息${i + 1}`);
    await queue(t, texts, 'group');
    const t0 = clock.now().getTime();
    const first = await send(t, new Date(t0));
    expect(first.sent).toBe(20);
    expect(fake.delivered('custom')).toHaveLength(20);
    await send(t, new Date(t0 + 10 * SECOND));
    expect(fake.delivered('custom')).toHaveLength(20);
    await send(t, new Date(t0 + 61 * SECOND));
    const all = fake.delivered('custom').map((r) => r.body.text.content as string);
    expect(all).toEqual(texts);
  });

  it('gives up after giveUpAt and records the row as failed', async () => {
    const { t, fake, clock } = await setup();
    await queue(t, ['会失败的提醒'], 'person');
    const t0 = clock.now().getTime();
    fake.fail('oto', { status: 503 }, { status: 503 });
    await send(t, new Date(t0));
    const row = await t.prisma.outbox.findFirstOrThrow();
    expect(row.status).toBe('pending');
    await send(t, new Date(row.giveUpAt!.getTime() + MINUTE));
    const failed = await t.prisma.outbox.findFirstOrThrow();
    expect(failed.status).toBe('failed');
    expect(failed.lastError).toContain('已放弃重试');
    expect(sentTexts(fake)).toEqual([]);
  });

  it('a row claimed by a process that died is sent again after its lease, once', async () => {
    const { t, fake, clock } = await setup();
    await queue(t, ['租约'], 'person');
    const t0 = clock.now().getTime();
    await t.prisma.outbox.updateMany({ data: { status: 'sending', nextAttemptAt: new Date(t0 + 2 * MINUTE) } });
    await send(t, new Date(t0 + MINUTE));
    expect(sentTexts(fake)).toEqual([]);
    await send(t, new Date(t0 + 3 * MINUTE));
    expect(sentTexts(fake)).toEqual(['租约']);
  });

  it('console rows are left for the console page to pull', async () => {
    const t = closeLater(await buildTestApp());
    await t.stores.outbox.enqueue(t.runtime.notifyRouter.rowsFor({ to: { kind: 'person', personId: 3 }, message: { text: '控制台' }, dedupeKey: 'c1' }, t.clock.now(), await t.stores.people.byId(3)));
    expect(await send(t, t.clock.now())).toMatchObject({ sent: 0 });
    expect((await t.stores.outbox.list())[0]!.status).toBe('pending');
  });
});
