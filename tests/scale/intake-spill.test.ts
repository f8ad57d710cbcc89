// #15 Memory stays bounded under a burst: with more than INTAKE_QUEUE_MAX messages waiting for processing, a new
// delivery is recorded and acknowledged but not held in memory; the catch-up drain processes those rows from the
// database behind what was queued, in arrival order, and pushes each sender the reply. Nothing is lost or done twice.
import { afterEach, expect, it } from 'vitest';
import type { DispatchResult } from '../../src/bot/channel.js';
import { DEMO_PEOPLE } from '../../src/store/seed.js';
import { buildTestApp, say, type TestApp } from '../helpers/app.js';
import { sleep } from '../helpers/async.js';
import { forEachDatabase } from '../helpers/postgres.js';

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

forEachDatabase('a burst beyond the in-memory queue', (provider) => {
  it('is recorded, processed once each in arrival order, and every sender hears back once', async () => {
    const t = await buildTestApp({ provider, env: { INTAKE_QUEUE_MAX: '3' } });
    apps.push(t);
    const who = DEMO_PEOPLE.find((p) => p.role === 'staff')!.name;
    await say(t, who, '帮助');
    const first = await t.prisma.inboundMessage.findFirstOrThrow({ orderBy: { id: 'desc' } });
    const n = 40;
    const results: DispatchResult[] = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        t.runtime.dispatcher.handle({
          platform: first.platform,
          msgId: `spill-${i}`,
          chat: { id: 'g-spill', type: 'group' },
          sender: { id: first.senderId! },
          text: `报修 ${1 + (i % 9)}栋${301 + i} 第${i}号灯不亮`,
          mentionsBot: true,
          receivedAt: t.clock.now(),
        }),
      ),
    );
    const spilled = results.filter((r) => !r.reply && !r.later).length;
    expect(spilled).toBeGreaterThan(0);
    expect(t.logs.some((l) => String(l.msg).includes('intake queue full'))).toBe(true);

    for (let waited = 0; (await t.prisma.inboundMessage.count({ where: { processedAt: null } })) > 0 || t.runtime.dispatcher.recovering; waited += 50) {
      expect(waited).toBeLessThan(30_000);
      await sleep(50);
    }
    await t.runtime.dispatcher.idle();

    const number = (s: string | null | undefined) => Number(s?.match(/第(\d+)号/)?.[1]);
    const arrived = await t.prisma.inboundMessage.findMany({ where: { msgId: { startsWith: 'spill-' } }, orderBy: { id: 'asc' } });
    const made = await t.prisma.ticket.findMany({ where: { description: { contains: '号灯不亮' } }, orderBy: { id: 'asc' } });
    // One ticket per message, in the order the deliveries were recorded (one conversation).
    expect(made.map((m) => number(m.description))).toEqual(arrived.map((a) => number(a.text)));
    expect(arrived.every((a) => a.error === null)).toBe(true);

    // Each message answered once: in the call (reply or later), or, recorded only, by a push to the sender.
    const pushed = await t.prisma.outbox.findMany({ where: { dedupeKey: { in: arrived.map((a) => `recover:${a.id}`) } } });
    const answeredInCall = await Promise.all(results.map(async (r) => (r.reply ?? (await r.later))?.text));
    const byPush = new Set(pushed.map((p) => number(p.text)));
    results.forEach((r, i) => {
      const text = answeredInCall[i];
      if (text) expect(number(text)).toBe(i);
      expect(Boolean(text) !== byPush.has(i)).toBe(true);
    });
    expect(pushed).toHaveLength(spilled);
    expect(pushed.every((p) => p.text.includes('已登记') || p.text.includes('报修#'))).toBe(true);
  });
});
