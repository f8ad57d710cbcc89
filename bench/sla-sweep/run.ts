// One SLA sweep over N open items of which D are due, against the same sweep over only the D due
// items (the baseline), in the same process. Usage: npx tsx bench/sla-sweep/run.ts [--open 1000000] [--due 1000] [--runs 5]
import Database from 'better-sqlite3';
import { fixedClock } from '../../src/clock.js';
import { slaSweep } from '../../src/handlers/jobs/sla-sweep.js';
import { jobContext } from '../../src/scheduler.js';
import { DEMO_PEOPLE } from '../../src/store/seed.js';
import { startRuntime } from '../lib/app.js';
import { readFlags, runMain } from '../lib/args.js';
import { migratedDatabase, tempDir } from '../lib/db.js';
import { ratio } from '../lib/report.js';

const NOW = new Date('2026-11-23T10:00:00+08:00');
const iso = (d: Date) => d.toISOString().replace('Z', '+00:00');

/** Creates a migrated database holding `open` repair tickets, each with a running response clock; `due` of them are due now. */
async function makeDb(dir: string, name: string, open: number, due: number): Promise<string> {
  const { file } = await migratedDatabase(dir, name);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const person = db.prepare('INSERT INTO Person (name, role, team, active, createdAt, updatedAt) VALUES (?, ?, ?, 1, ?, ?)');
  const ticket = db.prepare("INSERT INTO Ticket (id, kind, status, description, building, unit, room, urgent, team, createdAt, updatedAt) VALUES (?, 'repair', 'pending', '厨房水管漏水', ?, '2', '1502', 0, '工程', ?, ?)");
  const clock = db.prepare("INSERT INTO SlaClock (itemType, itemId, clock, startedAt, dueAt, nextLevel, nextFireAt, active, createdAt, updatedAt) VALUES ('ticket', ?, 'response', ?, ?, 0, ?, 1, ?, ?)");
  const now = iso(NOW);
  db.transaction(() => {
    for (const p of DEMO_PEOPLE) person.run(p.name, p.role, p.team, now, now);
    for (let id = 1; id <= open; id++) {
      // Due ones started 25 minutes ago (warning level crossed); the rest start later today.
      const isDue = id % Math.floor(open / due) === 0 && id / Math.floor(open / due) <= due;
      const start = new Date(NOW.getTime() + (isDue ? -25 : 1 + (id % 600)) * 60_000);
      const dueAt = new Date(start.getTime() + 30 * 60_000);
      const fire = new Date(start.getTime() + 24 * 60_000);
      ticket.run(id, String(1 + (id % 40)), iso(start), iso(start));
      clock.run(id, iso(start), iso(dueAt), iso(fire), iso(start), iso(start));
    }
  })();
  db.close();
  return file;
}

function plan(file: string): string {
  const db = new Database(file, { readonly: true });
  const rows = db.prepare('EXPLAIN QUERY PLAN SELECT * FROM SlaClock WHERE active = 1 AND nextFireAt <= ? ORDER BY nextFireAt ASC LIMIT 1000').all(iso(NOW)) as Array<{ detail: string }>;
  db.close();
  return rows.map((r) => r.detail).join(' | ');
}

async function measure(file: string, runs: number) {
  const { prisma, runtime: rt } = await startRuntime({ DATABASE_URL: `file:${file}`, LOG_LEVEL: 'silent' }, fixedClock(NOW));
  const times: number[] = [];
  let last: unknown;
  for (let i = 0; i < runs; i++) {
    // Reset: the due clocks back to "warning due", no alerts queued.
    await prisma.outbox.deleteMany();
    await prisma.slaClock.updateMany({ where: { nextLevel: { gt: 0 } }, data: { nextLevel: 0 } });
    await prisma.$executeRawUnsafe(`UPDATE SlaClock SET nextFireAt = '${iso(new Date(NOW.getTime() - 60_000))}' WHERE startedAt < '${iso(NOW)}'`);
    const t0 = performance.now();
    last = await slaSweep.run(jobContext(rt, NOW));
    times.push(performance.now() - t0);
  }
  const outbox = await prisma.outbox.count();
  await rt.app.close();
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)]!, minMs: times[0]!, result: last, outboxRows: outbox };
}

async function main() {
  const { open, due, runs } = readFlags({ open: 1_000_000, due: 1_000, runs: 5 });
  const dir = tempDir('dd-sla-bench-');
  console.log(`building databases: ${open.toLocaleString()} open / ${due} due, and ${due} open / ${due} due …`);
  const big = await makeDb(dir, 'big', open, due);
  const small = await makeDb(dir, 'small', due, due);
  console.log(`query plan (big): ${plan(big)}`);
  const base = await measure(small, runs);
  const full = await measure(big, runs);
  const report = {
    open,
    due,
    runs,
    baseline: { open: due, ...base },
    full: { open, ...full },
    ratio: ratio(full.medianMs, base.medianMs, 2),
    plan: plan(big),
    node: process.version,
  };
  console.log(JSON.stringify(report, null, 2));
}

await runMain(main);
