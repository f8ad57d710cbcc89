// A busy site: more overdue tickets than one SQL statement may name (SQLite: 999 parameters), and the earliest
// deadlines belonging to another team. The list's 仅超时 filter answers, the board counts them all, and a lead's
// board still shows their own team's late item.
import { afterEach, describe, expect, it } from 'vitest';
import { HOUR } from '../../src/clock.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { signIn } from './util.js';

let t: TestApp;
afterEach(async () => t?.close());

interface List { total: number; items: Array<{ id: number }> }
interface Board { overdue: Array<{ id: number }>; overdueCount: number }

/** `n` desk tickets (客服) whose response clock ran out `hoursLate` hours ago. */
async function lateTickets(n: number, team: string, hoursLate: number): Promise<number[]> {
  const now = t.clock.now();
  const created = new Date(now.getTime() - (hoursLate + 1) * HOUR);
  const first = (await t.prisma.ticket.aggregate({ _max: { id: true } }))._max.id ?? 0;
  await t.prisma.ticket.createMany({
    data: Array.from({ length: n }, (_, i) => ({ id: first + i + 1, kind: 'complaint', status: 'received', description: `楼道垃圾 ${i}`, team, createdAt: created, updatedAt: created })),
  });
  const ids = Array.from({ length: n }, (_, i) => first + i + 1);
  await t.prisma.slaClock.createMany({
    data: ids.map((itemId) => ({ itemType: 'ticket', itemId, clock: 'reply', startedAt: created, dueAt: new Date(now.getTime() - hoursLate * HOUR), nextFireAt: now, createdAt: created, updatedAt: created })),
  });
  return ids;
}

describe('dashboard with many overdue items', () => {
  it('仅超时 lists 1,200 late tickets, the board counts them, and a lead sees their own late item behind another team\'s', async () => {
    t = await buildTestApp();
    const desk = await lateTickets(1200, '客服', 5);
    const [mine] = await lateTickets(1, '工程', 1);

    const supervisor = await signIn(t, '陈静');
    const list = await supervisor.get('/api/tickets?overdue=1');
    expect(list.status).toBe(200);
    expect(list.json<List>().total).toBe(1201);
    expect(list.json<List>().items[0]!.id).toBe(mine);
    const board = (await supervisor.get('/api/board')).json<Board>();
    expect(board.overdueCount).toBe(1201);
    expect(board.overdue[0]!.id).toBe(desk[0]);

    // 赵强 leads 工程: the 1,200 earlier deadlines are the desk's; his board still shows his team's one.
    const lead = (await (await signIn(t, '赵强')).get('/api/board')).json<Board>();
    expect(lead.overdueCount).toBe(1);
    expect(lead.overdue.map((o) => o.id)).toEqual([mine]);
  });

  it('counts a broad list up to 10,000 and says 10000+ (an exact count would read every match)', async () => {
    t = await buildTestApp();
    await lateTickets(10_050, '客服', 2);
    const b = await signIn(t, '陈静');
    const list = (await b.get('/api/tickets')).json<List & { more: boolean; pages: number }>();
    expect([list.total, list.more, list.pages]).toEqual([10_000, true, 500]);
    expect((await b.get('/dashboard/tickets')).body).toContain('共 10000+ 条');
    const narrow = (await b.get('/api/tickets?q=%23' + list.items[0]!.id)).json<List & { more: boolean }>();
    expect([narrow.total, narrow.more]).toEqual([1, false]);
  });
});
