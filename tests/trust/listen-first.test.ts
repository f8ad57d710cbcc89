// Listen first, then recover: after a crash left 3,000 messages unprocessed (600 on PostgreSQL) the port answers at once, /readyz
// reports the backlog, and a delivery arriving meanwhile is acknowledged now and processed after them, in order.
import { describe, expect, it } from 'vitest';
import { consoleMessage } from '../../src/bot/console/plugin.js';
import { serve } from '../../src/serve.js';
import { buildTestApp } from '../helpers/app.js';
import { closeAfterEach } from '../helpers/cleanup.js';

const closeLater = closeAfterEach();
// PostgreSQL handles a message several times slower than SQLite (recovering group chatter measured 3.6× slower on
// the same machine in the same run), so it gets a smaller backlog that still spans two recovery pages (500 rows each).
const BACKLOG = process.env.TEST_DATABASE === 'postgresql' ? 600 : 3_000;

describe('start after a crash with a backlog', () => {
  it('answers /healthz within a second, reports the backlog, and drains it in arrival order in the background', async () => {
    // The crashed process: BACKLOG deliveries recorded, none processed; the oldest is a 报修, the rest group chatter.
    // On the run's database (TEST_DATABASE): a SQLite file, or a PostgreSQL database reopened through its URL.
    const crashed = await buildTestApp();
    const dbFile = crashed.dbFile;
    const rows = Array.from({ length: BACKLOG }, (_, i) => ({
      platform: 'console',
      msgId: `crash-${i}`,
      chatId: i ? 'console-group' : 'console:2',
      chatType: i ? 'group' : 'direct',
      senderId: '2',
      text: i ? '收到' : '报修 3栋2单元1502 厨房水管漏水',
      receivedAt: crashed.clock.now(),
    }));
    for (let i = 0; i < rows.length; i += 500) await crashed.stores.inbound.recordMany(rows.slice(i, i + 500), crashed.clock.now());
    await crashed.close();

    const t = closeLater(await buildTestApp({ dbFile }));
    const started = performance.now();
    const serving = await serve(t.runtime, { port: 0, host: '127.0.0.1', announce: () => undefined });
    const health = await fetch(`${serving.baseUrl}/healthz`);
    const answeredAfterMs = performance.now() - started;
    expect(health.status).toBe(200);
    expect(answeredAfterMs).toBeLessThan(1_000);
    const ready = (await (await fetch(`${serving.baseUrl}/readyz`)).json()) as { status: string; recovering?: boolean; backlog?: number };
    expect(ready).toMatchObject({ status: 'ready', recovering: true });
    expect(ready.backlog).toBeGreaterThan(0);

    // A delivery now is recorded and acknowledged at once, and waits for the backlog: it answers later.
    const live = await t.runtime.dispatcher.handle(consoleMessage(3, '报修 5栋801 电梯异响', false, t.clock.now()));
    expect(live.duplicate).toBe(false);
    expect(live.reply).toBeUndefined();
    expect(await serving.recovery).toBe(BACKLOG);
    expect((await live.later)?.text).toContain('报修#2');
    expect((await t.stores.tickets.get(1))!.description).toBe('厨房水管漏水'); // the crashed one came first
    expect(await t.stores.inbound.countUnprocessed()).toBe(0);
    expect(await (await fetch(`${serving.baseUrl}/readyz`)).json()).toEqual({ status: 'ready' });
  }, 120_000);
});
