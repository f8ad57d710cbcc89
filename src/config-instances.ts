// #15 Several instances on one database: how cron ticks are claimed and caught up, and how long a claimed outbox row
// stays with the process that claimed it (README「多实例 / several instances」).
import { hostname } from 'node:os';
import { int, str, type Env } from './config-read.js';

export interface InstancesConfig {
  /** This process in the tick table and the logs (INSTANCE_NAME; default host:pid). */
  name: string;
  /** On start, a job's latest tick due within this many minutes that no instance ran is run once; 0 = no catch-up. */
  catchUpMinutes: number;
  /** Claimed ticks are kept this many days (pruned hourly by the scheduler). */
  tickKeepDays: number;
  /** A claimed outbox row not finished within this time (its process died) may be sent by another process. */
  outboxLeaseSeconds: number;
  /** Outbox rows claimed per statement on PostgreSQL (FOR UPDATE SKIP LOCKED). */
  outboxClaimBatch: number;
  /**
   * A message waits at most this long (ms) for earlier messages of its conversation that another instance recorded and
   * has not processed yet; 0 = no waiting. Default 5000 on PostgreSQL, 0 on SQLite (one instance). Rows recorded more than 10 times this long ago never hold it up.
   */
  conversationWaitMs: number;
  /**
   * Messages recorded this many seconds ago and still unprocessed (the instance that acknowledged them died) are
   * processed by another instance; 0 = only at start. Default 60 on PostgreSQL, 0 on SQLite (one instance).
   */
  inboundSweepSeconds: number;
}

const onPostgres = (env: Env): boolean => /^postgres/.test(str(env, 'DATABASE_URL') ?? '');

export function loadInstances(env: Env): InstancesConfig {
  return {
    name: (str(env, 'INSTANCE_NAME') ?? `${hostname()}:${process.pid}`).slice(0, 200),
    catchUpMinutes: int(env, 'SCHEDULER_CATCH_UP_MINUTES', 60, 0, 24 * 60),
    tickKeepDays: int(env, 'JOB_TICK_KEEP_DAYS', 7, 1, 366),
    outboxLeaseSeconds: int(env, 'OUTBOX_LEASE_SECONDS', 120, 1, 24 * 3600),
    outboxClaimBatch: int(env, 'OUTBOX_CLAIM_BATCH', 500, 1, 10_000),
    // Several instances share PostgreSQL only: on SQLite (one instance) there is nothing to wait for by default.
    conversationWaitMs: int(env, 'CONVERSATION_ORDER_WAIT_MS', onPostgres(env) ? 5000 : 0, 0, 60_000),
    inboundSweepSeconds: int(env, 'INBOUND_SWEEP_SECONDS', onPostgres(env) ? 60 : 0, 0, 24 * 3600),
  };
}
