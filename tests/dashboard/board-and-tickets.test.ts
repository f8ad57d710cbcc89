import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE } from '../../src/clock.js';
import { buildTestApp, say, type TestApp } from '../helpers/app.js';
import { signIn } from './util.js';

let t: TestApp;
afterEach(async () => t?.close());

const XSS = '报修 3栋2单元1502 <script>alert("x")</script><img src=x onerror=alert(1)> 厨房水管漏水';

interface ListRow { id: number; type: string; status: string; assignee: string | null; description: string }
interface List { total: number; page: number; pages: number; items: ListRow[] }
interface Board { openByKind: Array<{ kind: string; n: number }>; overdue: Array<{ id: number; clock: string }>; dueSoon: Array<{ id: number; clock: string }>; today: { created: number } }

describe('dashboard: board, list, detail, scope', () => {
  it('resident text with HTML shows as text on the list, the detail page and inside the board data', async () => {
    t = await buildTestApp();
    await say(t, '王芳', XSS);
    const b = await signIn(t, '陈静');
    for (const url of ['/dashboard/tickets', '/dashboard/tickets/1', '/dashboard']) {
      const page = await b.get(url);
      expect(page.status).toBe(200);
      expect(page.body).not.toContain('<script>alert');
      expect(page.body).not.toContain('<img src=x');
    }
    expect((await b.get('/dashboard/tickets/1')).body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    // The board's first data is inline JSON: "<" is written as \u003c, so nothing can close the script early.
    expect((await b.get('/dashboard')).body).toContain('\\u003cscript>');
    await expect(b.get('/api/tickets').then((r) => r.json<List>().items[0]!.description)).resolves.toContain('<script>');
  });

  it('a lead sees their team only: another team\'s item by URL is 404; staff see their own items', async () => {
    t = await buildTestApp();
    await say(t, '王芳', '报修 3栋2单元1502 厨房水管漏水');
    await say(t, '王芳', '投诉 7栋1单元803 楼道垃圾没人清理');
    const engineering = await signIn(t, '赵强');
    const desk = await signIn(t, '周敏');
    expect((await engineering.get('/dashboard/tickets/1')).status).toBe(200);
    expect((await engineering.get('/dashboard/tickets/2')).status).toBe(404);
    const refused = await desk.get('/dashboard/tickets/1');
    expect(refused.status).toBe(404);
    expect(refused.body).toContain('不在您的查看范围内');
    expect(refused.body).not.toContain('厨房水管漏水');
    expect((await desk.post('/dashboard/tickets/1/action', { verb: '关闭', arg: '' })).status).toBe(404);
    expect((await engineering.get('/api/tickets')).json<List>().items.map((i) => i.id)).toEqual([1]);
    expect((await desk.get('/api/tickets')).json<List>().items.map((i) => i.id)).toEqual([2]);
    // A filter cannot widen the scope.
    expect((await desk.get('/api/tickets?team=工程')).json<List>().total).toBe(0);
    const zhang = await signIn(t, '张伟');
    expect((await zhang.get('/api/tickets')).json<List>().total).toBe(0);
    await say(t, '赵强', '派单 #1 张伟');
    expect((await zhang.get('/api/tickets')).json<List>().items.map((i) => i.id)).toEqual([1]);
    expect((await zhang.get('/dashboard/tickets/2')).status).toBe(404);
  });

  it('dispatching from the page runs the chat command: same reply, same history, same pushes', async () => {
    t = await buildTestApp();
    await say(t, '王芳', '报修 3栋2单元1502 厨房水管漏水');
    const b = await signIn(t, '陈静');
    const page = await b.get('/dashboard/tickets/1');
    expect(page.body).toContain('data-verb="派单"');
    const missing = await b.post('/dashboard/tickets/1/action', { verb: '派单', arg: '' });
    expect(missing.status).toBe(400);
    expect(missing.body).toContain('请填写派给谁');
    const noCsrf = await b.post('/dashboard/tickets/1/action', { verb: '派单', arg: '张伟' }, { csrf: false });
    expect(noCsrf.status).toBe(403);
    expect((await t.stores.tickets.get(1))!.assigneeId).toBeNull();

    const done = await b.post('/dashboard/tickets/1/action', { verb: '派单', arg: '张伟' });
    expect(done.status).toBe(200);
    expect(done.body).toContain('已发送「派单 #1 张伟」');
    expect(done.body).toContain('报修#1 → 张伟');
    const zhang = (await t.stores.people.find('张伟'))!;
    expect((await t.stores.tickets.get(1))!.assigneeId).toBe(zhang.id);
    const events = await t.stores.tickets.events(1);
    const dispatched = events.at(-1)!;
    expect(dispatched).toMatchObject({ action: 'dispatched', toStatus: 'dispatched', actorId: (await t.stores.people.find('陈静'))!.id });
    const inbound = await t.prisma.inboundMessage.findUnique({ where: { id: dispatched.inboundId! } });
    expect(inbound).toMatchObject({ platform: 'dashboard', chatType: 'direct', text: '派单 #1 张伟' });
    expect(done.body).toMatch(/<ul class="timeline" id="timeline">.*陈静 [^<]*派单/s);
    // The engineer hears of it exactly as from chat.
    expect(await t.prisma.outbox.count({ where: { personId: zhang.id } })).toBeGreaterThan(0);
    // A command the rules refuse is refused the same way.
    const again = await b.post('/dashboard/tickets/1/action', { verb: '到场', arg: '' });
    expect(again.body).not.toContain('服务器内部错误');
    expect((await t.stores.tickets.get(1))!.status).toBe('dispatched');
  });

  it('the board after a scripted morning: open by type, missed deadlines, due within the hour, today', async () => {
    t = await buildTestApp();
    await say(t, '王芳', '报修 3栋2单元1502 厨房水管漏水');
    t.clock.advance(20 * MINUTE);
    await say(t, '王芳', '投诉 7栋1单元803 楼道垃圾没人清理');
    await say(t, '王芳', '小区游泳池几点开门');
    t.clock.advance(15 * MINUTE);
    const b = await signIn(t, '刘洋');
    const board = (await b.get('/api/board')).json<Board>();
    expect(board.openByKind).toEqual([{ kind: '报修', n: 1 }, { kind: '投诉', n: 1 }, { kind: '咨询', n: 1 }]);
    // 09:35: the repair's 30-minute response is missed; the complaint's 2-hour reply is not within the hour yet.
    expect(board.overdue.map((o) => [o.id, o.clock])).toContainEqual([1, '响应']);
    expect(board.overdue.map((o) => o.id)).not.toContain(2);
    expect(board.today.created).toBe(3);
    t.clock.advance(70 * MINUTE);
    const later = (await b.get('/api/board')).json<Board>();
    expect(later.dueSoon.map((o) => [o.id, o.clock])).toContainEqual([2, '响应']);
    // Filters: type, overdue, search, status, paging.
    expect((await b.get('/api/tickets?type=complaint')).json<List>().items.map((i) => i.id)).toEqual([2]);
    expect((await b.get('/api/tickets?overdue=1')).json<List>().items.map((i) => i.id)).toContain(1);
    expect((await b.get('/api/tickets?q=游泳池')).json<List>().items.map((i) => i.type)).toEqual(['inquiry']);
    expect((await b.get('/api/tickets?q=%233')).json<List>().items.map((i) => i.id)).toEqual([3]);
    expect((await b.get('/api/tickets?status=closed')).json<List>().total).toBe(0);
    expect((await b.get('/api/tickets?from=2026-11-24')).json<List>().total).toBe(0);
    expect((await b.get('/api/tickets?from=2026-11-23&to=2026-11-23')).json<List>().total).toBe(3);
    const bad = await b.get('/api/tickets?from=11月1日');
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('from=2026-11-01');
    // Exports: the same filters, handed to the streamed export.
    const csv = await t.app.inject({ method: 'GET', url: '/api/tickets?type=complaint&from=2026-11-01&format=csv', headers: { cookie: b.cookie } });
    expect([csv.statusCode, csv.headers.location]).toEqual([307, '/api/tickets/export?type=complaint&from=2026-11-01&format=csv']);
    expect((await b.get('/api/tickets?format=pdf')).status).toBe(400);
    const page = await b.get('/dashboard/tickets?type=repair');
    expect(page.body).toContain('共 1 条');
  });

  it('paging', async () => {
    t = await buildTestApp({ env: { WEB_PAGE_SIZE: '5' } });
    for (let i = 1; i <= 7; i++) await say(t, '李娜', `报修 ${i}栋1单元101 灯不亮`);
    const b = await signIn(t, '陈静');
    const p1 = (await b.get('/api/tickets')).json<List>();
    expect([p1.total, p1.pages, p1.items.length, p1.items[0]!.id]).toEqual([7, 2, 5, 7]);
    const p2 = (await b.get('/api/tickets?page=2')).json<List>();
    expect(p2.items.map((i) => i.id)).toEqual([2, 1]);
    expect((await b.get('/dashboard/tickets?page=2')).body).toContain('上一页');
  });
});
