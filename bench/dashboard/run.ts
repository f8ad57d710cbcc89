// The dashboard's reads over a million tickets: a filtered list page (newest first, 50 rows) and the monthly
// complaint report, each run many times; p50 / p95 / max. Baseline in the same run: the bare indexed COUNT of the
// month's complaints, the least any monthly report must read.
// Usage: npx tsx bench/dashboard/run.ts [--tickets 1000000] [--list-runs 200] [--report-runs 30] [--out last-run.json]
import Database from 'better-sqlite3';
import { fixedClock } from '../../src/clock.js';
import { monthReport, trend } from '../../src/handlers/reports/load.js';
import { monthsRange } from '../../src/handlers/reports/months.js';
import type { ReportScope, TicketExportFilter } from '../../src/store/index.js';
import { startRuntime } from '../lib/app.js';
import { readFlags, runMain } from '../lib/args.js';
import { tempDir } from '../lib/db.js';
import { ratio, writeJsonResult } from '../lib/report.js';
import { LAST, seedDashboard } from './seed.js';
import { stats, timed } from './stats.js';

const NOW = new Date(LAST + 33 * 3600_000); // 2 November 2026, 09:00 Beijing time
const ALL: ReportScope = { propertyIds: null, team: null, personId: null };

function plans(file: string): Record<string, string> {
  const db = new Database(file, { readonly: true });
  const plan = (sql: string, ...p: unknown[]) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...p) as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
  const from = '2026-09-30T16:00:00.000+00:00';
  const to = '2026-10-31T16:00:00.000+00:00';
  const out = {
    list: plan('SELECT t.* FROM "Ticket" t WHERE t."kind" = ? AND t."status" = ? AND t."createdAt" >= ? AND t."createdAt" < ? ORDER BY t."createdAt" DESC, t."id" DESC LIMIT 50', 'repair', 'closed', from, to),
    complaints: plan('SELECT COUNT(*) FROM "Ticket" t WHERE t."kind" = \'complaint\' AND t."createdAt" >= ? AND t."createdAt" < ?', from, to),
  };
  db.close();
  return out;
}

async function main() {
  const { tickets, 'list-runs': listRuns, 'report-runs': reportRuns, out } = readFlags({ tickets: 1_000_000, 'list-runs': 200, 'report-runs': 30, out: 'last-run.json' });
  const dir = tempDir('dd-dashboard-bench-');
  console.log(`seeding ${tickets.toLocaleString()} tickets …`);
  const t0 = performance.now();
  const { file, rows } = await seedDashboard(dir, tickets);
  const seedSeconds = Math.round((performance.now() - t0) / 100) / 10;
  console.log(`seeded in ${seedSeconds} s: ${JSON.stringify(rows)}`);
  const { prisma, runtime: rt } = await startRuntime({ DATABASE_URL: `file:${file}`, LOG_LEVEL: 'silent', REPORT_HOUSEHOLDS: '1:3000,2:3000,3:3000,4:3000' }, fixedClock(NOW));
  const stores = rt.stores;
  const deps = { stores, config: rt.config, now: NOW };
  const off = rt.config.utcOffsetMinutes;
  const month = (m: string) => monthsRange(m, m, off);

  // The filtered lists a supervisor clicks through: by type, status, month, property; newest first, page 1–3.
  const months = ['2026-10', '2026-09', '2026-06', '2025-12', '2025-03'];
  const filters: Array<{ filter: TicketExportFilter; scope: ReportScope; month?: string }> = [];
  for (const m of months) {
    const { from, to } = month(m);
    filters.push({ month: m, filter: { kind: 'complaint', from, to }, scope: ALL });
    filters.push({ month: m, filter: { kind: 'repair', status: 'closed', from, to }, scope: ALL });
    filters.push({ month: m, filter: { kind: 'repair', status: 'cancelled', from, to }, scope: { propertyIds: [2, 3], team: null, personId: null } });
    filters.push({ month: m, filter: { kind: 'complaint', status: 'invalid', from, to }, scope: { propertyIds: null, team: '客服', personId: null } });
  }
  filters.push({ filter: {}, scope: ALL }, { filter: { kind: 'repair', status: 'pending' }, scope: ALL }, { filter: { kind: 'inquiry' }, scope: { propertyIds: [4], team: null, personId: null } });
  await stores.reports.latestTickets(filters[0]!.filter, ALL, 50, 0); // warm up
  const listTimes = await timed(listRuns, (i) => {
    const f = filters[i % filters.length]!;
    return stores.reports.latestTickets(f.filter, f.scope, 50, 50 * (i % 3));
  });
  const list = stats(listTimes);
  // The slowest filter (by its own median), to see which shape needs an index.
  const perFilter = filters.map((f, k) => ({ filter: JSON.stringify({ kind: f.filter.kind, status: f.filter.status, month: f.month, scope: f.scope }), ...stats(listTimes.filter((_, i) => i % filters.length === k)) }));
  const slowest = perFilter.sort((a, b) => b.p50Ms - a.p50Ms)[0];
  console.log('list', list, 'slowest filter', slowest);

  const oct = month('2026-10');
  const baseline = stats(await timed(reportRuns, () => prisma.$queryRawUnsafe('SELECT COUNT(*) AS n FROM "Ticket" WHERE "kind" = \'complaint\' AND "createdAt" >= ? AND "createdAt" < ?', oct.from.toISOString().replace('Z', '+00:00'), oct.to.toISOString().replace('Z', '+00:00'))));
  const complaints = stats(await timed(reportRuns, () => monthReport('complaints', '2026-10', ALL, deps)));
  const repairs = stats(await timed(Math.min(reportRuns, 10), () => monthReport('repairs', '2026-10', ALL, deps)));
  const complaintTrend = stats(await timed(3, () => trend('complaints', '2026-10', ALL, deps)));
  const sample = await monthReport('complaints', '2026-10', ALL, deps);
  const report = {
    tickets,
    rows,
    seedSeconds,
    list: { ...list, page: 50, filters: filters.length, slowest },
    monthlyComplaintReport: complaints,
    baselineCount: baseline,
    ratio: ratio(complaints.p50Ms, baseline.p50Ms, 2),
    monthlyRepairReport: repairs,
    complaintTrend12Months: complaintTrend,
    sample: { total: sample.total, valid: sample.valid, validRate: sample.validRate, firstReplyOnTimeRate: sample.firstReplyOnTimeRate, followUpRate: sample.followUpRate, satisfaction: sample.satisfaction },
    plans: plans(file),
    node: process.version,
  };
  await rt.app.close();
  console.log(JSON.stringify(report, null, 2));
  console.log(`written ${writeJsonResult(new URL('.', import.meta.url), out, report)}`);
}

await runMain(main);
