import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { signIn } from './util.js';

let t: TestApp;
afterEach(async () => t?.close());

describe('推送 page and the report page', () => {
  it('lists failed and waiting pushes (phones masked); a supervisor retries a failed one with the CSRF token', async () => {
    t = await buildTestApp();
    const now = t.clock.now();
    await t.stores.outbox.enqueue([
      { dedupeKey: 'test:failed', channel: 'console', recipient: '7', text: '报修#9 联系电话 13812345678', nextAttemptAt: now },
      { dedupeKey: 'test:waiting', channel: 'console', recipient: '7', text: '请查看 <b>值班</b>', nextAttemptAt: now },
      { dedupeKey: 'test:link', channel: 'console', recipient: '8', text: '登录链接 http://127.0.0.1:3000/dashboard/login?token=abcDEF123_-x', nextAttemptAt: now },
    ]);
    const failed = (await t.stores.outbox.list()).find((r) => r.dedupeKey === 'test:failed')!;
    await t.stores.outbox.markFailed(failed.id, 'errcode 60020 not allow to access from your ip');
    const b = await signIn(t, '陈静');
    const page = await b.get('/dashboard/pushes');
    expect(page.body).toContain('发送失败');
    expect(page.body).toContain('等待发送');
    expect(page.body).toContain('&lt;b&gt;值班&lt;/b&gt;');
    expect(page.body).not.toContain('13812345678');
    expect(page.body).toContain('token=***');
    expect(page.body).not.toContain('abcDEF123');
    expect(page.body).toContain(`action="/dashboard/pushes/${failed.id}/retry"`);
    expect((await b.post(`/dashboard/pushes/${failed.id}/retry`, {}, { csrf: false })).status).toBe(403);
    expect((await t.stores.outbox.list({ status: 'failed' })).length).toBe(1);
    const retried = await b.post(`/dashboard/pushes/${failed.id}/retry`, {});
    expect(retried.body).toContain('已重新排队');
    expect((await t.prisma.outbox.findUnique({ where: { id: failed.id } }))).toMatchObject({ status: 'pending', nextAttemptAt: now });
    // Pushes are other people's messages: staff and leads see no push log and retry nothing.
    expect((await (await signIn(t, '张伟')).get('/dashboard/pushes')).status).toBe(403);
    expect((await (await signIn(t, '赵强')).get('/dashboard/pushes')).status).toBe(403);
    expect((await (await signIn(t, '赵强')).post(`/dashboard/pushes/${failed.id}/retry`, {})).status).toBe(403);
  });

  it('the report page loads ECharts from this server, not a CDN', async () => {
    t = await buildTestApp();
    const b = await signIn(t, '刘洋');
    const page = await b.get('/dashboard/reports');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script src="/dashboard/assets/echarts.min.js"></script>');
    expect(page.body).not.toMatch(/https?:\/\/[^"']*echarts/);
    expect(page.body).toContain('value="2026-10"');
    const js = await t.app.inject({ method: 'GET', url: '/dashboard/assets/echarts.min.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toContain('javascript');
    expect(js.body.length).toBeGreaterThan(500_000);
  });
});
