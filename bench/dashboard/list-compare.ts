// The ticket list's store query before and after the #14 list work, on the same seeded database in one process:
// every filter of http.ts, as the supervisor (all properties) and the lead of 工程, pages 1–3, the two versions
// interleaved request by request so a busy machine slows them alike. Each answer of the new query is checked against
// the previous one: same ids in the same order, same total (counted up to 10,001).
// "Before" is the query as of commit 257b213, kept here: Prisma's `contains` (LIKE '%…%') for text, and for 仅超时
// the ids of every late clock checked against the filters in slices of 500.
// Usage: npx tsx bench/dashboard/list-compare.ts [--tickets 1000000] [--runs 6] [--out last-list-compare.json]
// (reuses bench/.tmp/dashboard-<tickets>.db as http.ts keeps it; run http.ts once first to seed it).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { COUNT_CAP, TICKET_OPEN_STATUSES, type TicketQuery } from '../../src/store/index.js';
import { openDatabase } from '../../src/store/index.js';
import { deployMigrations } from '../../src/store/migrate/engine.js';
import type { PrismaClient } from '../../src/store/prisma/client.js';
import { ticketWhere } from '../../src/store/prisma/dashboard.js';
import type { Prisma } from '../../src/store/generated/client.js';
import { ticketQuery } from '../../src/web/ticket-query.js';
import type { Viewer } from '../../src/web/viewer.js';
import { readFlags, runMain } from '../lib/args.js';
import { ratio, writeJsonResult } from '../lib/report.js';
import { ALL_FILTERS, MORE_FILTERS, NOW } from './filters.js';
import { stats } from './stats.js';

/** The list query as it was (257b213), for the comparison. */
async function before(db: PrismaClient, q: TicketQuery, page: number, size: number): Promise<{ total: number; ids: number[] }> {
  const where = ticketWhere(q);
  const skip = (page - 1) * size;
  if (q.overdueAt) {
    const late = await db.slaClock.findMany({ where: { itemType: 'ticket', active: true, pausedAt: null, metAt: null, dueAt: { lt: q.overdueAt } }, select: { itemId: true }, distinct: ['itemId'] });
    const ids: number[] = [];
    for (let i = 0; i < late.length; i += 500) {
      const slice = late.slice(i, i + 500).map((c) => c.itemId);
      ids.push(...(await db.ticket.findMany({ where: { AND: [where, { id: { in: slice } }] }, select: { id: true } })).map((r) => r.id));
    }
    ids.sort((a, b) => b - a);
    return { total: ids.length, ids: ids.slice(skip, skip + size) };
  }
  const [total, rows] = await Promise.all([
    db.ticket.count({ where, take: COUNT_CAP + 1 }),
    db.ticket.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip, take: size, select: { id: true } }),
  ]);
  return { total, ids: rows.map((r) => r.id) };
}

async function main() {
  const { tickets, runs, out } = readFlags({ tickets: 1_000_000, runs: 6, out: 'last-list-compare.json' });
  const file = path.join(fileURLToPath(new URL('../.tmp/', import.meta.url)), `dashboard-${tickets}.db`);
  await deployMigrations(`file:${file}`);
  const database = await openDatabase(`file:${file}`);
  const db = database.prisma;
  const scopes = { supervisor: { propertyIds: null, team: null, personId: null }, lead: { propertyIds: null, team: '工程', personId: null } };
  const cases: Array<{ name: string; q: TicketQuery; page: number }> = [];
  for (const [role, scope] of Object.entries(scopes)) {
    for (const f of [...ALL_FILTERS, ...MORE_FILTERS]) {
      const parsed = ticketQuery(Object.fromEntries(new URLSearchParams(f)), { scope } as unknown as Viewer, NOW, 480);
      if ('error' in parsed) throw new Error(parsed.error);
      for (const page of [1, 2, 3]) cases.push({ name: `${role} ${f || '(none)'}`, q: parsed.query, page });
    }
  }
  const t = new Map<string, { before: number[]; after: number[] }>();
  const mismatches: string[] = [];
  const size = 20;
  for (let i = 0; i < runs; i++) {
    for (const c of cases) {
      const times = t.get(c.name) ?? { before: [], after: [] };
      t.set(c.name, times);
      const order = (i + cases.indexOf(c)) % 2 === 0 ? (['before', 'after'] as const) : (['after', 'before'] as const);
      const got: Record<string, { total: number; ids: number[] }> = {};
      for (const which of order) {
        const a = performance.now();
        got[which] = which === 'before' ? await before(db, c.q, c.page, size) : await (async () => {
          const r = await database.stores.dashboard.search(c.q, c.page, size);
          return { total: r.total, ids: r.rows.map((x) => x.id) };
        })();
        times[which].push(performance.now() - a);
      }
      const b = got.before!, n = got.after!;
      if (i === 0 && (JSON.stringify(b.ids) !== JSON.stringify(n.ids) || Math.min(b.total, COUNT_CAP + 1) !== n.total)) {
        mismatches.push(`${c.name} page ${c.page}: before ${b.total} [${b.ids.slice(0, 5)}…] after ${n.total} [${n.ids.slice(0, 5)}…]`);
      }
    }
    console.log(`round ${i + 1}/${runs}`);
  }
  const rows = [...t].map(([name, x]) => {
    const b = stats(x.before), n = stats(x.after);
    return { filter: name, before: b, after: n, p95Ratio: ratio(b.p95Ms, n.p95Ms, 1) };
  });
  const all = (k: 'before' | 'after', role: string) => stats([...t].filter(([n]) => n.startsWith(role)).flatMap(([, x]) => x[k]));
  const summary = Object.fromEntries(['supervisor', 'lead'].map((role) => [role, { before: all('before', role), after: all('after', role) }]));
  for (const r of rows) console.log(`${r.filter.padEnd(60)} before p50 ${r.before.p50Ms} p95 ${r.before.p95Ms} | after p50 ${r.after.p50Ms} p95 ${r.after.p95Ms} | ×${r.p95Ratio}`);
  console.log(JSON.stringify(summary, null, 1));
  console.log(mismatches.length ? `MISMATCHES:\n${mismatches.join('\n')}` : 'every answer identical (ids, order, total)');
  await database.close();
  console.log(`written ${writeJsonResult(new URL('.', import.meta.url), out, { tickets, runs, pageSize: size, now: NOW.toISOString(), summary, rows, mismatches, node: process.version })}`);
  if (mismatches.length) process.exitCode = 1;
}

await runMain(main);
