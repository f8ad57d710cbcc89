import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE } from '../../src/clock.js';
import { buildTestApp, say, type TestApp } from '../helpers/app.js';
import { linkIn, pathOf, signIn, spend } from './util.js';

let t: TestApp;
afterEach(async () => t?.close());

describe('dashboard sign-in through a chat link', () => {
  it('登录 in a direct chat gives a one-time link to PUBLIC_URL that opens a session', async () => {
    t = await buildTestApp({ env: { PUBLIC_URL: 'https://duty.example.com/' } });
    const reply = await say(t, '陈静', '登录');
    expect(reply).toContain('10 分钟内有效');
    const link = linkIn(reply);
    expect(link.startsWith('https://duty.example.com/dashboard/login?token=')).toBe(true);
    // Opening the link shows a page that posts the token (a link preview does not spend it).
    const opened = await t.app.inject({ method: 'GET', url: pathOf(link) });
    expect(opened.statusCode).toBe(200);
    expect(opened.body).toContain('进入值班看板');
    const res = await spend(t, link);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/dashboard');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^dutydesk_session=[\w-]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200; Secure$/);
    const board = await t.app.inject({ method: 'GET', url: '/dashboard', headers: { cookie: cookie.split(';')[0]! } });
    expect(board.statusCode).toBe(200);
    expect(board.body).toContain('陈静（主管');
    expect(board.headers).toMatchObject({ 'cache-control': 'no-store', 'x-frame-options': 'DENY' });
    // Only hashes are stored.
    const token = new URL(link).searchParams.get('token')!;
    const rows = await t.prisma.webLoginLink.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).not.toContain(token);
    const sessions = await t.prisma.webSession.findMany();
    expect(sessions[0]!.tokenHash).not.toBe(cookie.split(';')[0]!.split('=')[1]);
  });

  it('the default PUBLIC_URL is this machine and PORT; 后台 works too', async () => {
    t = await buildTestApp({ env: { PORT: '3456' } });
    expect(linkIn(await say(t, '赵强', '后台'))).toMatch(/^http:\/\/127\.0\.0\.1:3456\/dashboard\/login\?token=/);
  });

  it('a reused or expired link is refused with a Chinese page', async () => {
    t = await buildTestApp();
    const link = linkIn(await say(t, '刘洋', '登录'));
    expect((await spend(t, link)).statusCode).toBe(303);
    const again = await spend(t, link);
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('已经使用过了');
    expect((await t.app.inject({ method: 'GET', url: pathOf(link) })).body).toContain('已经使用过了');

    const late = linkIn(await say(t, '刘洋', '登录'));
    t.clock.advance(10 * MINUTE + 1000);
    const expired = await spend(t, late);
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('登录链接已过期');
    expect(expired.headers['set-cookie']).toBeUndefined();
    expect((await spend(t, 'http://x/dashboard/login?token=forged')).body).toContain('链接无效');
  });

  it('residents and unverified people get a refusal and no link; groups are told to use a direct chat', async () => {
    t = await buildTestApp();
    const resident = await say(t, '王芳', '登录');
    expect(resident).toContain('仅供物业工作人员使用');
    expect(resident).not.toContain('token=');
    const stranger = await t.stores.people.create({ name: '新人', role: 'staff', team: '工程', phone: null, verified: false });
    const unverified = await say(t, String(stranger.id), '登录');
    expect(unverified).toContain('身份还未核实');
    expect(unverified).not.toContain('token=');
    const group = await say(t, '陈静', '登录', true);
    expect(group).toContain('私聊');
    expect(group).not.toContain('token=');
    expect(await t.prisma.webLoginLink.count()).toBe(0);
    // 登录不了 is a resident's question, not a sign-in.
    expect(await say(t, '王芳', '登录不了怎么办')).not.toContain('仅供物业工作人员使用');
  });

  it('pages and the API need a session; a write needs the CSRF token; logout ends the session', async () => {
    t = await buildTestApp();
    const page = await t.app.inject({ method: 'GET', url: '/dashboard' });
    expect(page.statusCode).toBe(401);
    expect(page.body).toContain('发送「登录」');
    const api = await t.app.inject({ method: 'GET', url: '/api/tickets' });
    expect(api.statusCode).toBe(401);
    expect(api.json()).toEqual({ error: '请先登录' });

    const b = await signIn(t, '陈静');
    expect((await b.get('/api/tickets')).status).toBe(200);
    const noCsrf = await b.post('/dashboard/logout', {}, { csrf: false });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body).toContain('CSRF');
    const wrong = await t.app.inject({ method: 'POST', url: '/dashboard/pushes/1/retry', headers: { cookie: b.cookie, 'x-csrf-token': 'nope' } });
    expect(wrong.statusCode).toBe(403);
    expect((await b.get('/dashboard')).status).toBe(200);
    const out = await b.post('/dashboard/logout', {});
    expect(out.status).toBe(200);
    expect(out.body).toContain('已退出');
    expect((await b.get('/dashboard')).status).toBe(401);
  });

  it('a session expires', async () => {
    t = await buildTestApp({ env: { WEB_SESSION_HOURS: '2' } });
    const b = await signIn(t, '周敏');
    t.clock.advance(2 * 60 * MINUTE + 1000);
    expect((await b.get('/dashboard')).status).toBe(401);
  });
});
