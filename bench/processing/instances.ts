// Processing with several instances on one PostgreSQL: the same fixed backlog of N distinct 报修 messages from known
// staff, spread over many conversations (a central desk serves hundreds of estates, each its own group chat), drained
// by 1 instance and then by 2 (each a child process running the real runtime and what a starting server runs for
// rows recorded but not processed: dispatcher.recover()). Each run gets a fresh copy of one seeded database.
//   npx tsx bench/processing/instances.ts [--messages 2000] [--conversations 40] [--instances 1,2] [--rounds 2]
// Per run: wall time from the first instance's start of drain to the last one's end, tickets/s, CPU per instance
// (process.cpuUsage) and of PostgreSQL (/proc), the machine's busy share, PostgreSQL sessions running a statement and
// waiting for a lock (pg_stat_activity every 100 ms); checks: every row processed, exactly one
// ticket per message, no errors, each conversation's tickets in message order. Per round: the ratio k / 1 instance.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase } from '../../src/store/index.js';
import { readFlags, runMain } from '../lib/args.js';
import { admin, cloneDatabase, clusterCpuMs, machineCpuMs, migratedPostgres, sampleSessions, startBenchCluster, type ThrowawayCluster } from '../lib/postgres.js';
import { ratio, writeJsonResult } from '../lib/report.js';
import { BENCH_APP_ENV, backlogRows, recordBacklog, seedStaff } from './backlog.js';
import type { DrainResult } from './instance-child.js';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'instance-child.ts');
const TEMPLATE = 'bench_seeded';

const APP_ENV = BENCH_APP_ENV;

/** The message number a ticket was made from: every text ends in （第i条）, so each message's ticket is findable. */
const MARK = /（第(\d+)条）/;

interface Child {
  child: ChildProcess;
  drain(): Promise<DrainResult>;
  close(): Promise<void>;
}

function startChild(url: string): Promise<Child> {
  const child = fork(CHILD, [], { execArgv: ['--import', 'tsx'], env: { PATH: process.env.PATH ?? '', ...APP_ENV, DATABASE_URL: url }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`instance exited (${code}) before it was ready`)));
    child.once('message', () => {
      child.removeAllListeners('exit');
      resolve({
        child,
        drain: () =>
          new Promise((res, rej) =>
            child.once('message', (m: { drained?: DrainResult; error?: string }) => (m.drained ? res(m.drained) : rej(new Error(m.error)))),
          ),
        close: () =>
          new Promise((res) => {
            if (child.exitCode !== null) return res();
            child.once('exit', () => res());
            child.send({ type: 'close' });
          }),
      });
    });
  });
}

/** What the database holds after a drain. */
async function verify(url: string, n: number) {
  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  try {
    const one = async (q: string) => Number((await sql.query<{ n: string }>(q)).rows[0]!.n);
    const tickets = (await sql.query<{ id: number; description: string; sourceChatId: string }>('SELECT "id", "description", "sourceChatId" FROM "Ticket" ORDER BY "id"')).rows;
    const perMessage = new Map<number, number>();
    const lastInChat = new Map<string, number>();
    let outOfOrder = 0;
    for (const t of tickets) {
      const i = Number(MARK.exec(t.description)?.[1] ?? -1);
      perMessage.set(i, (perMessage.get(i) ?? 0) + 1);
      if ((lastInChat.get(t.sourceChatId) ?? -1) > i) outOfOrder++;
      lastInChat.set(t.sourceChatId, i);
    }
    const exactlyOnce = perMessage.size === n && [...perMessage].every(([i, c]) => i >= 0 && i < n && c === 1);
    return {
      tickets: tickets.length,
      exactlyOneTicketPerMessage: exactlyOnce,
      unprocessed: await one('SELECT COUNT(*) AS n FROM "InboundMessage" WHERE "processedAt" IS NULL'),
      errors: await one('SELECT COUNT(*) AS n FROM "InboundMessage" WHERE "error" IS NOT NULL'),
      ticketsOutOfConversationOrder: outOfOrder,
    };
  } finally {
    await sql.end();
  }
}

/** One drain by `k` instances of a fresh copy of the seeded database. */
async function drainWith(cluster: ThrowawayCluster, k: number, n: number, name: string) {
  const url = await cloneDatabase(cluster, TEMPLATE, name);
  const children = await Promise.all(Array.from({ length: k }, () => startChild(url)));
  try {
    const pg0 = clusterCpuMs(cluster);
    const machine0 = machineCpuMs();
    const stopSampling = await sampleSessions(cluster, name);
    const drains = await Promise.all(children.map((c) => (c.child.send({ type: 'drain' }), c.drain())));
    const sessions = await stopSampling();
    const pgCpuMs = clusterCpuMs(cluster) - pg0;
    const machine1 = machineCpuMs();
    const wallMs = Math.max(...drains.map((d) => d.endedAt)) - Math.min(...drains.map((d) => d.startedAt));
    await Promise.all(children.map((c) => c.close()));
    const check = await verify(url, n);
    const busy = machine1.busy - machine0.busy;
    const appCpuMs = drains.reduce((a, d) => a + d.cpuMs, 0);
    return {
      instances: k,
      wallMs: Math.round(wallMs),
      ticketsPerSecond: Math.round((1000 * check.tickets) / wallMs),
      ...check,
      perInstance: drains.map((d) => ({ recovered: d.recovered, drainMs: Math.round(d.endedAt - d.startedAt), cpuMs: Math.round(d.cpuMs), cpuShareOfWall: ratio(d.cpuMs, wallMs, 2), peakRssMb: d.peakRssMb })),
      postgres: { cpuMs: Math.round(pgCpuMs), cpuShareOfWall: ratio(pgCpuMs, wallMs, 2), sessions },
      cpuMsPerMessage: { app: ratio(appCpuMs, n, 2), postgres: ratio(pgCpuMs, n, 2) },
      // All cores: 2.0 would be both cores busy the whole drain. `others` is what the rest of the machine used.
      machine: { coresBusy: ratio(busy, wallMs, 2), othersCoresBusy: ratio(Math.max(0, busy - appCpuMs - pgCpuMs), wallMs, 2) },
    };
  } finally {
    for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
    await admin(cluster, `DROP DATABASE IF EXISTS ${name}`).catch(() => undefined);
  }
}

async function main() {
  const flags = readFlags({ messages: 2000, staff: 40, conversations: 40, instances: '1,2', rounds: 2, out: 'last-instances-run.json' });
  const n = flags.messages;
  const counts = flags.instances.split(',').map(Number);
  if (!counts.length || counts.some((k) => !Number.isInteger(k) || k < 1)) throw new Error('--instances takes a list such as 1,2');
  const cluster = await startBenchCluster();
  try {
    const seededUrl = await migratedPostgres(cluster, TEMPLATE);
    const db = await openDatabase(seededUrl);
    await seedStaff(db.stores, flags.staff);
    const at = new Date();
    const rows = backlogRows(n, flags.staff, flags.conversations, at).map((r, i) => ({ ...r, text: `${r.text}（第${i}条）` }));
    await recordBacklog(db.stores, rows, at);
    await db.close();

    const rounds = [];
    for (let round = 1; round <= flags.rounds; round++) {
      // Alternate the order of the instance counts from round to round, so neither always runs first.
      const order = round % 2 ? counts : [...counts].reverse();
      const runs = [];
      for (const k of order) runs.push(await drainWith(cluster, k, n, `bench_r${round}_k${k}`));
      runs.sort((a, b) => a.instances - b.instances);
      const one = runs.find((r) => r.instances === 1);
      const ratios = one ? Object.fromEntries(runs.filter((r) => r !== one).map((r) => [`${r.instances}/1`, ratio(r.ticketsPerSecond, one.ticketsPerSecond, 2)])) : {};
      rounds.push({ round, order, ratios, runs });
      console.log(`round ${round}: ${runs.map((r) => `${r.instances} instance(s) ${r.ticketsPerSecond} tickets/s`).join(', ')}; ${JSON.stringify(ratios)}`);
    }
    const report = {
      messages: n,
      staff: flags.staff,
      conversations: flags.conversations,
      instances: counts,
      postgres: 'throw-away cluster: fsync=off, synchronous_commit=off, full_page_writes=off (src/store/postgres/throwaway-cluster.ts)',
      allOk: rounds.every((r) => r.runs.every((x) => x.exactlyOneTicketPerMessage && x.unprocessed === 0 && x.errors === 0 && x.ticketsOutOfConversationOrder === 0)),
      rounds,
      node: process.version,
    };
    console.log(JSON.stringify(report, null, 2));
    console.log(`results: ${writeJsonResult(new URL('.', import.meta.url), flags.out, report)}`);
  } finally {
    cluster.stop();
  }
}

await runMain(main);
