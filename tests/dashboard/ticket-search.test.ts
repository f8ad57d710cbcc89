// The ticket list's query (DashboardStore.search) against a plain reading of the same rows: text search with 1-, 2-
// and 3+-character terms (Chinese, ASCII in another case, % and _ taken literally, a ticket number), 仅超时 with
// other filters, the viewer's scope, paging and the capped total — on SQLite (trigram index, vocabulary look-up,
// the plain LIKE for common terms) and on PostgreSQL (ILIKE). Every answer must equal the plain reading exactly.
import { afterEach, describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../../src/clock.js';
import { TICKET_OPEN_STATUSES, type TicketQuery } from '../../src/store/index.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { forEachDatabase } from '../helpers/postgres.js';

let t: TestApp;
afterEach(async () => t?.close());

interface Row { id: number; kind: string; status: string; team: string; propertyId: number; description: string; createdAt: Date; late: boolean }

/** Descriptions cycled over the tickets: 漏水 is common (the plain LIKE path), 门锁 rare (the index's vocabulary). */
const TEXTS = ['厨房水管漏水', '楼道漏水严重', '漏水', '卫生间漏水了', '门锁坏了', '电梯门锁故障', 'ABC灯不亮', '打折50%_活动', '水', '楼下噪音扰民', '车位被占#12'];

async function seed(): Promise<Row[]> {
  const now = t.clock.now();
  const rows: Row[] = [];
  for (let i = 1; i <= 240; i++) {
    const kind = i % 3 === 0 ? 'complaint' : 'repair';
    // Some tickets share a creation time: the order falls back to the id.
    const createdAt = new Date(now.getTime() - (300 - Math.floor(i / 2)) * MINUTE * 7);
    const description = i % 17 === 0 ? `报修#${i}` : TEXTS[i % TEXTS.length]!;
    rows.push({ id: i, kind, status: ['received', 'pending', 'closed', 'resolved'][i % 4]!, team: kind === 'repair' ? '工程' : '客服', propertyId: 1 + (i % 3), description, createdAt, late: false });
  }
  await t.prisma.ticket.createMany({ data: rows.map(({ late: _l, ...r }) => ({ ...r, updatedAt: r.createdAt })) });
  // Clocks: running and past due (late), running but due later, met, paused; a ticket with two late clocks counts once.
  const clocks: Array<{ itemId: number; clock: string; dueAt: Date; metAt?: Date; pausedAt?: Date }> = [];
  for (const r of rows) {
    const k = r.id % 5;
    if (k === 0) clocks.push({ itemId: r.id, clock: 'response', dueAt: new Date(now.getTime() - HOUR) }, { itemId: r.id, clock: 'resolve', dueAt: new Date(now.getTime() - MINUTE) });
    if (k === 1) clocks.push({ itemId: r.id, clock: 'response', dueAt: new Date(now.getTime() + HOUR) });
    if (k === 2) clocks.push({ itemId: r.id, clock: 'response', dueAt: new Date(now.getTime() - HOUR), metAt: new Date(now.getTime() - 2 * HOUR) });
    if (k === 3) clocks.push({ itemId: r.id, clock: 'response', dueAt: new Date(now.getTime() - HOUR), pausedAt: new Date(now.getTime() - 2 * HOUR) });
    if (k === 0) r.late = true;
  }
  await t.prisma.slaClock.createMany({ data: clocks.map((c) => ({ itemType: 'ticket', startedAt: new Date(now.getTime() - 3 * HOUR), nextFireAt: now, createdAt: now, updatedAt: now, ...c })) });
  // A changed description and a removed ticket: the index follows both.
  await t.prisma.ticket.update({ where: { id: 5 }, data: { description: '窗户关不上' } });
  rows.find((r) => r.id === 5)!.description = '窗户关不上';
  await t.prisma.ticket.delete({ where: { id: 7 } });
  return rows.filter((r) => r.id !== 7);
}

/** What the list must answer, read plainly: every filter in JS, newest first, then id. */
function expected(rows: Row[], q: TicketQuery): number[] {
  const fold = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const text = q.text?.trim();
  const n = text ? /^#?(\d{1,9})$/.exec(text) : null;
  return rows
    .filter((r) => (!q.propertyIds || q.propertyIds.includes(r.propertyId)) && (!q.scopeTeam || r.team === q.scopeTeam))
    .filter((r) => (!q.kind || r.kind === q.kind) && (!q.status || (q.status === 'open' ? (TICKET_OPEN_STATUSES as readonly string[]).includes(r.status) : r.status === q.status)))
    .filter((r) => (!q.propertyId || r.propertyId === q.propertyId) && (!q.overdueAt || r.late))
    .filter((r) => !text || fold(r.description).includes(fold(text)) || (n !== null && r.id === Number(n[1])))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id)
    .map((r) => r.id);
}

forEachDatabase('ticket list search', (provider) => {
  it('text search, 仅超时 and scope answer exactly what a plain reading of the rows does, page by page', async () => {
    t = await buildTestApp({ provider });
    const rows = await seed();
    const now = t.clock.now();
    const lead: TicketQuery = { scopeTeam: '工程' };
    const queries: TicketQuery[] = [
      { text: '漏水' }, // 2 characters, common
      { text: '门锁' }, // 2 characters, rare: the index's vocabulary
      { text: '锁坏' },
      { text: '水管漏水' }, // 3+ characters: the trigram phrase
      { text: '门锁坏了' },
      { text: '漏' }, // 1 character: the plain LIKE
      { text: 'abc' }, // another case
      { text: '50%' }, // % taken literally
      { text: '%_' },
      { text: '_' },
      { text: '窗户关' }, // the changed description
      { text: '不存在的词' },
      { text: '水漏' },
      { text: '#12' }, // ticket number 12, and "#12" in a description
      { text: '34' }, // ticket 34, and "报修#34"
      { overdueAt: now },
      { overdueAt: now, kind: 'repair' },
      { overdueAt: now, propertyId: 2, status: 'open' },
      { overdueAt: now, text: '门锁' },
      { overdueAt: now, ...lead },
      { text: '漏水', ...lead },
      { text: '门锁', ...lead, kind: 'repair' },
      { text: '门锁', propertyIds: [1, 3] },
      { text: '漏水', kind: 'complaint', status: 'closed' },
      { kind: 'repair', status: 'pending', ...lead },
      { kind: 'complaint', status: 'closed', ...lead }, // no complaints in 工程
      { propertyIds: [] },
    ];
    for (const q of queries) {
      const want = expected(rows, q);
      for (const page of [1, 2, 3]) {
        const got = await t.stores.dashboard.search(q, page, 7);
        expect({ q, page, total: got.total, ids: got.rows.map((r) => r.id) }).toEqual({ q, page, total: want.length, ids: want.slice((page - 1) * 7, page * 7) });
      }
    }
    // Sanity: the interesting paths found something.
    expect(expected(rows, { text: '门锁' }).length).toBeGreaterThan(10);
    expect(expected(rows, { overdueAt: now }).length).toBe(48);
  });
});

describe('ticket list search: a term in most recent tickets', () => {
  it('takes the plain scan and still pages and counts exactly (SQLite)', async () => {
    t = await buildTestApp();
    const now = t.clock.now();
    const data = Array.from({ length: 300 }, (_, i) => ({ id: i + 1, kind: 'repair', status: 'pending', team: '工程', description: i % 2 ? '水管漏水' : '门窗', createdAt: new Date(now.getTime() - i * MINUTE), updatedAt: now }));
    await t.prisma.ticket.createMany({ data });
    const got = await t.stores.dashboard.search({ text: '漏水' }, 2, 20);
    expect(got.total).toBe(150);
    expect(got.rows.map((r) => r.id)).toEqual(Array.from({ length: 20 }, (_, i) => 2 + 2 * (20 + i)));
  });
});
