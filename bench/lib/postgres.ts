// A throw-away PostgreSQL cluster for benchmarks (the project's own: src/store/postgres/throwaway-cluster.ts, i.e.
// mktemp -d, initdb as user postgres, pg_ctl start on a free port, `pg_ctl -m fast stop` and removal at the end),
// a migrated template database the runs clone, and the CPU its processes use (from /proc).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { deployMigrations } from '../../src/store/migrate/engine.js';
import { findPostgresBin, startThrowawayCluster, type ThrowawayCluster } from '../../src/store/postgres/throwaway-cluster.js';

export type { ThrowawayCluster };

/** Starts the cluster; throws when PostgreSQL is not installed. Stop it with cluster.stop() in a finally. */
export async function startBenchCluster(): Promise<ThrowawayCluster> {
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL (initdb) is not installed: `apt-get install -y postgresql`.');
  return startThrowawayCluster(bin);
}

/** postgresql:// URL of database `name` in the cluster. */
export const databaseUrl = (cluster: ThrowawayCluster, name: string) => cluster.url.replace(/\/postgres$/, `/${name}`);

/** Runs one statement on the cluster's `postgres` database (CREATE / DROP DATABASE). */
export async function admin(cluster: ThrowawayCluster, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A new database with every PostgreSQL migration applied (the offline migration path, as server.ts runs it). */
export async function migratedPostgres(cluster: ThrowawayCluster, name: string): Promise<string> {
  await admin(cluster, `CREATE DATABASE ${name}`);
  const url = databaseUrl(cluster, name);
  await deployMigrations(url);
  return url;
}

/** A copy of `template` (which must have no open connections). */
export async function cloneDatabase(cluster: ThrowawayCluster, template: string, name: string): Promise<string> {
  await admin(cluster, `CREATE DATABASE ${name} TEMPLATE ${template}`);
  return databaseUrl(cluster, name);
}

const TICKS_PER_SECOND = 100;

/** Fields of /proc/<pid>/stat after the command name: [state, ppid, …]; utime is fields[11], stime fields[12]. */
function statFields(pid: string): string[] | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return s.slice(s.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/**
 * CPU milliseconds the cluster's processes have used so far: the postmaster and every live child (backends,
 * walwriter, …), plus what its exited children used (the postmaster's cutime / cstime).
 */
export function clusterCpuMs(cluster: ThrowawayCluster): number {
  const postmaster = readFileSync(path.join(cluster.dir, 'postmaster.pid'), 'utf8').split('\n')[0]!.trim();
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    const f = statFields(pid);
    if (!f) continue;
    if (pid === postmaster) ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    else if (f[1] === postmaster) ticks += Number(f[11]) + Number(f[12]);
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** The whole machine's CPU time so far (ms, all cores): busy and idle (idle + iowait), from /proc/stat. */
export function machineCpuMs(): { busy: number; idle: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = cpu[3]! + cpu[4]!;
  const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: ((total - idle) * 1000) / TICKS_PER_SECOND, idle: (idle * 1000) / TICKS_PER_SECOND };
}

/**
 * Samples pg_stat_activity of database `name` every `everyMs` until stop(): how many of its sessions were running a
 * statement, and how many of those were waiting for a lock (e.g. a row another instance's transaction holds).
 */
export async function sampleSessions(cluster: ThrowawayCluster, name: string, everyMs = 100) {
  const client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  let samples = 0;
  let active = 0;
  let waitingForLock = 0;
  let busy: Promise<void> | null = null;
  const timer = setInterval(() => {
    busy ??= client
      .query<{ active: string; lock: string }>(
        `SELECT count(*) FILTER (WHERE state = 'active') AS active, count(*) FILTER (WHERE state = 'active' AND wait_event_type = 'Lock') AS lock
           FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
        [name],
      )
      .then((r) => {
        samples++;
        active += Number(r.rows[0]!.active);
        waitingForLock += Number(r.rows[0]!.lock);
      })
      .finally(() => (busy = null));
  }, everyMs);
  return async () => {
    clearInterval(timer);
    await busy;
    await client.end();
    // Mean number of sessions running a statement, and of those waiting for a lock, per sample.
    return { samples, activeSessions: Math.round((active / Math.max(1, samples)) * 100) / 100, waitingForLock: Math.round((waitingForLock / Math.max(1, samples)) * 100) / 100 };
  };
}
