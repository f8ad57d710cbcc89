import { afterEach, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { forEachDatabase } from '../helpers/postgres.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const row = (dedupeKey: string, now: Date) => ({ dedupeKey, channel: 'console', recipient: '1', text: dedupeKey, nextAttemptAt: now });

forEachDatabase('outbox store', (provider) => {
  it('enqueue skips keys already queued (in the database or twice in one call)', async () => {
    t = await buildTestApp({ provider });
    const now = t.clock.now();
    expect(await t.stores.outbox.enqueue([row('k1', now), row('k2', now), row('k1', now)])).toBe(2);
    expect(await t.stores.outbox.enqueue([row('k2', now), row('k3', now)])).toBe(1);
    expect((await t.stores.outbox.list()).map((r) => r.dedupeKey)).toEqual(['k1', 'k2', 'k3']);
  });

  it('cancelPrefix cancels only the pending rows under that exact prefix', async () => {
    t = await buildTestApp({ provider });
    const now = t.clock.now();
    const keys = ['sla:ticket:1:response:1:L0:group@console-group', 'sla:ticket:1:response:1:L1:p5', 'sla:ticket:10:response:1:L0:p5', 'sla:ticket:1:arrival:1:L0:p3', 'sla:ticket:1:response:1:L2:p7'];
    await t.stores.outbox.enqueue(keys.map((k) => row(k, now)));
    const sent = await t.prisma.outbox.findFirstOrThrow({ where: { dedupeKey: keys[4] } });
    await t.stores.outbox.markSent(sent.id, now);
    // Plenty of unrelated pending rows: the cancel must not depend on them.
    await t.stores.outbox.enqueue(Array.from({ length: 300 }, (_, i) => row(`other:${i}`, now)));
    expect(await t.stores.outbox.cancelPrefix('sla:ticket:1:response:')).toBe(2);
    const status = Object.fromEntries((await t.stores.outbox.list()).map((r) => [r.dedupeKey, r.status]));
    expect(status).toMatchObject({ [keys[0]!]: 'cancelled', [keys[1]!]: 'cancelled', [keys[2]!]: 'pending', [keys[3]!]: 'pending', [keys[4]!]: 'sent' });
  });
});
