import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, consoleAuth, say, type TestApp } from '../helpers/app.js';

let t: TestApp;
afterEach(async () => t?.close());

describe('health', () => {
  it('/healthz is up and /readyz checks the database and migrations', async () => {
    t = await buildTestApp();
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject('/readyz')).statusCode).toBe(200);
    await t.prisma.$executeRawUnsafe('DELETE FROM _prisma_migrations');
    const res = await t.app.inject('/readyz');
    expect(res.statusCode).toBe(503);
    expect(res.json().status).toBe('migrations pending');
  });
});

describe('local console channel', () => {
  it('serves the page and the demo people on 127.0.0.1 only', async () => {
    t = await buildTestApp();
    const page = await t.app.inject({ url: '/console', headers: consoleAuth(t) });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const people = (await t.app.inject({ url: '/console/api/people', headers: consoleAuth(t) })).json() as Array<{ name: string; role: string }>;
    expect(people.map((p) => p.role)).toEqual(expect.arrayContaining(['resident', 'staff', 'supervisor']));
    const remote = await t.app.inject({ url: '/console', remoteAddress: '10.0.0.8' });
    expect(remote.statusCode).toBe(404);
  });

  it('is absent when CONSOLE_ENABLED=false', async () => {
    t = await buildTestApp({ env: { CONSOLE_ENABLED: 'false' } });
    expect((await t.app.inject('/console')).statusCode).toBe(404);
  });

  it('a message typed in the console reaches the dispatcher and is stored', async () => {
    t = await buildTestApp();
    const reply = await say(t, '李娜', '帮助');
    expect(reply).toContain('报修');
    const rows = await t.prisma.inboundMessage.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ platform: 'console', text: '帮助', chatType: 'direct' });
    expect(rows[0]!.processedAt).not.toBeNull();
  });

  it('ordinary chat in the group gets no reply; a direct chat gets a hint', async () => {
    t = await buildTestApp();
    expect(await say(t, '李娜', '收到', true)).toBe('');
    expect(await say(t, '李娜', '收到')).toContain('帮助');
  });

  it('rejects bad input with a Chinese error', async () => {
    t = await buildTestApp();
    const res = await t.app.inject({ method: 'POST', url: '/console/api/say', payload: { as: 'x', text: '' }, headers: consoleAuth(t) });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/请选择身份/);
    expect(await t.stores.inbound.count()).toBe(0);
  });

  it('shows pushes addressed to a person in their inbox once', async () => {
    t = await buildTestApp();
    const zhao = (await t.stores.people.find('赵强'))!;
    await t.stores.outbox.enqueue([{ dedupeKey: 'k1', channel: 'console', recipient: String(zhao.id), text: '【提醒】测试推送', nextAttemptAt: t.clock.now() }]);
    const first = (await t.app.inject({ url: `/console/api/inbox?as=${zhao.id}`, headers: consoleAuth(t) })).json() as Array<{ text: string }>;
    expect(first.map((m) => m.text)).toEqual(['【提醒】测试推送']);
    expect((await t.app.inject({ url: `/console/api/inbox?as=${zhao.id}`, headers: consoleAuth(t) })).json()).toEqual([]);
    expect((await t.stores.outbox.list())[0]!.status).toBe('sent');
  });
});
