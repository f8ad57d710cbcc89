// Processing benchmark: how fast the app drains a fixed backlog of N distinct 报修 messages from known staff (the
// inbound rows the intake records, drained by the dispatcher's recovery in arrival order), against a raw
// better-sqlite3 loop that writes the same rows (one transaction per message), in the same process.
//   npx tsx bench/processing/run.ts [--messages 5000] [--staff 40] [--conversations 1] [--batch 25] [--profile false] [--out last-run.json]
// --batch: messages per transaction of the batched raw baseline (the app's recovery batch, src/dispatch/intake.ts).
// --profile true: CPU profile of the drain (.cpuprofile in the temp folder) and the top self-time functions.
import Database from 'better-sqlite3';
import { startRuntime } from '../lib/app.js';
import { readFlags, runMain } from '../lib/args.js';
import { migratedDatabase, tempDir } from '../lib/db.js';
import { printProfileSummary, startCpuProfile, summarizeProfile, writeCpuProfile } from '../lib/profile.js';
import { ratio, writeJsonResult } from '../lib/report.js';
import { BENCH_APP_ENV, backlogRows, recordBacklog, seedStaff } from './backlog.js';
import { rawBaseline, tableCounts } from './baseline.js';

/**
 * Counts the statements the app runs on SQLite: every execution (run / all / get / iterate) and script (exec); with
 * `timed`, also the time spent in each SQL text (BENCH_SQL_TIME=1 prints the top ones). `enabled` false
 * (BENCH_NO_COUNT=1): better-sqlite3 is left as it is and the count stays 0 (the wrapper costs the app 3–5 % of its rate).
 */
function countStatements(enabled: boolean): { readonly count: number; print: boolean; timed: boolean; readonly time: Map<string, { n: number; ms: number }> } {
  const counter = { count: 0, print: false, timed: false, time: new Map<string, { n: number; ms: number }>() };
  if (!enabled) return counter;
  const probe = new Database(':memory:');
  const stmtProto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, (...args: unknown[]) => unknown>;
  probe.close();
  for (const method of ['run', 'all', 'get', 'iterate']) {
    const original = stmtProto[method]!;
    stmtProto[method] = function (this: { source: string }, ...args: unknown[]) {
      counter.count++;
      if (counter.print) console.log('SQL', this.source.slice(0, 200));
      if (!counter.timed) return original.apply(this, args);
      const t0 = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        const ms = performance.now() - t0;
        const key = this.source.replace(/\s+/g, ' ').slice(0, 90);
        const e = counter.time.get(key) ?? { n: 0, ms: 0 };
        e.n++;
        e.ms += ms;
        counter.time.set(key, e);
      }
    };
  }
  const dbProto = Database.prototype as unknown as { exec(sql: string): unknown };
  const exec = dbProto.exec;
  dbProto.exec = function (this: unknown, sql: string) {
    counter.count++;
    return exec.call(this, sql);
  };
  return counter;
}

async function main() {
  const flags = readFlags({ messages: 5000, staff: 40, conversations: 1, batch: 25, profile: 'false', out: 'last-run.json' });
  const n = flags.messages;
  const dir = tempDir('dd-processing-bench-');
  const db = await migratedDatabase(dir, 'app');
  const counter = countStatements(!process.env.BENCH_NO_COUNT);

  const { prisma, runtime } = await startRuntime({ DATABASE_URL: db.url, ...BENCH_APP_ENV });
  const stores = runtime.stores;
  // Known staff: engineers and clerks who report, and the 工程 lead who is told of every new repair.
  await seedStaff(stores, flags.staff);
  const receivedAt = new Date();
  // Every message in one group chat (--conversations spreads them, as instances.ts does).
  const rows = backlogRows(n, flags.staff, flags.conversations, receivedAt);
  await recordBacklog(stores, rows, receivedAt);
  const before = await tableCounts(db.file);

  const profiler = flags.profile === 'true' ? await startCpuProfile() : null;
  const statements0 = counter.count;
  counter.print = !!process.env.BENCH_PRINT_SQL;
  counter.timed = !!process.env.BENCH_SQL_TIME;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let peakRss = process.memoryUsage().rss;
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 100);
  const recovered = await runtime.dispatcher.recover();
  const drainMs = performance.now() - t0;
  clearInterval(rssTimer);
  const cpu = process.cpuUsage(cpu0);
  const statements = counter.count - statements0;
  counter.print = false;
  counter.timed = false;
  const profile = await profiler?.stop();

  const unprocessed = await stores.inbound.countUnprocessed();
  const tickets = await prisma.ticket.count();
  const errors = await prisma.inboundMessage.count({ where: { error: { not: null } } });
  const after = await tableCounts(db.file);
  const written = Object.fromEntries(Object.entries(after).map(([t, c]) => [t, c - (before[t] ?? 0)]).filter(([, c]) => c !== 0));
  await runtime.app.close();

  // The raw baseline: the same rows per message, one better-sqlite3 transaction each, prepared statements.
  const baseDb = await migratedDatabase(dir, 'raw');
  const base = rawBaseline(baseDb.file, rows);
  // The same, RECOVERY_BATCH messages per transaction as the app's recovery commits them.
  const batchedDb = await migratedDatabase(dir, 'raw-batched');
  const batched = rawBaseline(batchedDb.file, rows, flags.batch);

  const appRate = (1000 * tickets) / drainMs;
  const report = {
    messages: n,
    recovered,
    tickets,
    unprocessed,
    errors,
    app: { drainMs: Math.round(drainMs), ticketsPerSecond: Math.round(appRate), cpuMsPerMessage: Math.round(((cpu.user + cpu.system) / 1000 / n) * 1000) / 1000, statementsPerMessage: Math.round((statements / n) * 10) / 10, peakRssMb: Math.round(peakRss / 2 ** 20) },
    rowsWrittenPerMessage: Object.fromEntries(Object.entries(written).map(([t, c]) => [t, Math.round(((c as number) / n) * 100) / 100])),
    baseline: { drainMs: Math.round(base.ms), ticketsPerSecond: Math.round((1000 * n) / base.ms), rowsWrittenPerMessage: base.rowsPerMessage },
    batchedBaseline: { messagesPerTransaction: flags.batch, drainMs: Math.round(batched.ms), ticketsPerSecond: Math.round((1000 * n) / batched.ms) },
    ratio: ratio(appRate, (1000 * n) / base.ms),
    ratioToBatched: ratio(appRate, (1000 * n) / batched.ms),
    node: process.version,
  };
  console.log(JSON.stringify(report, null, 2));
  console.log(
    `app ${report.app.ticketsPerSecond} tickets/s, raw baseline ${report.baseline.ticketsPerSecond}/s (ratio ${report.ratio}), batched raw baseline ${report.batchedBaseline.ticketsPerSecond}/s (ratio ${report.ratioToBatched}); ${report.app.statementsPerMessage} statements and ${report.app.cpuMsPerMessage} ms CPU per message`,
  );
  for (const [sql, t] of [...counter.time].sort((a, b) => b[1].ms - a[1].ms).slice(0, 20)) {
    console.log(`${(t.ms / n).toFixed(3).padStart(7)} ms/msg ${(t.n / n).toFixed(2).padStart(5)}×  ${sql}`);
  }
  if (profile) {
    printProfileSummary(summarizeProfile(profile), 'drain');
    console.log(`profile: ${writeCpuProfile(dir, 'processing', profile)}`);
  }
  console.log(`results: ${writeJsonResult(new URL('.', import.meta.url), flags.out, report)}`);
  if (!process.env.BENCH_KEEP_DB) {
    db.remove();
    baseDb.remove();
    batchedDb.remove();
  } else console.log(`kept: ${db.file} ${baseDb.file} ${batchedDb.file}`);
}

await runMain(main);
