// node-cron wiring: each job on its own cron, Asia/Shanghai (configurable), no overlap within a process. #15: every
// tick is claimed in the tick table first (unique (job, scheduledAt)), so with several instances on one database each
// tick runs exactly once; a tick missed while every instance was down runs once at the next start (bounded window).
import cron from 'node-cron';
import { cronMatches, secondMatches } from './cron-match.js';
import { jobs } from './handlers/jobs/index.js';
import type { Job, JobContext } from './handlers/jobs/types.js';
import type { Runtime } from './runtime.js';

export function jobContext(rt: Runtime, now: Date): JobContext {
  const { stores, db, clock, config, logger, notifyRouter, outboxChannels, media } = rt;
  return { now, stores, transaction: (fn) => db.transaction(fn), clock, config, logger, notifyRouter, channels: outboxChannels, media };
}

/** One run of a job, counted and timed in the metrics (ok | error); errors are rethrown. */
export async function runJob(rt: Runtime, job: Job, now: Date): Promise<unknown> {
  const started = performance.now();
  let outcome: 'ok' | 'error' = 'error';
  try {
    const result = await job.run(jobContext(rt, now));
    outcome = 'ok';
    return result;
  } finally {
    rt.metrics.jobRun(job.name, outcome, (performance.now() - started) / 1000);
  }
}

/**
 * Runs once, as of `now`, every job whose schedule fires in that local minute (for
 * `cli jobs run --now` and tests); `only` names jobs to run regardless of their schedule.
 * A manual run: it claims no tick.
 */
export async function runAllJobs(rt: Runtime, now: Date, only?: string[]): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {};
  for (const job of jobs) {
    const due = only?.length ? only.includes(job.name) : cronMatches(job.cron(rt.config), now, rt.config.utcOffsetMinutes);
    if (due) results[job.name] = await runJob(rt, job, now);
  }
  return results;
}

const MINUTE = 60_000;

/** The seconds field of a 6-field cron, or null for a 5-field one. */
const secondsField = (expr: string): string | null => {
  const fields = expr.trim().split(/\s+/);
  return fields.length === 6 ? fields[0]! : null;
};

/**
 * The instant a tick stands for in the tick table: its minute, or its second when the cron has a seconds field
 * (OUTBOX_CRON fires every 5 s: each of those is a tick of its own).
 */
export function tickInstant(expr: string, firedAt: Date): Date {
  const unit = secondsField(expr) === null ? MINUTE : 1000;
  return new Date(Math.floor(firedAt.getTime() / unit) * unit);
}

/**
 * The job's latest tick at or before `now` and within the last `windowMinutes` minutes (by its cron in the configured
 * time zone), or null. Crons that fire several times a minute (a seconds field other than one number) have none:
 * they fire again within seconds anyway.
 */
export function latestTickWithin(expr: string, now: Date, offsetMinutes: number, windowMinutes: number): Date | null {
  const seconds = secondsField(expr);
  if (seconds !== null && !/^\d+$/.test(seconds)) return null;
  const second = seconds === null ? 0 : Number(seconds);
  const minute = Math.floor(now.getTime() / MINUTE) * MINUTE;
  for (let i = 0; i < windowMinutes; i++) {
    const at = new Date(minute - i * MINUTE + second * 1000);
    if (at.getTime() > now.getTime() || now.getTime() - at.getTime() >= windowMinutes * MINUTE) continue;
    if (cronMatches(expr, at, offsetMinutes)) return at;
  }
  return null;
}

export type TickOutcome = { ran: true; result: unknown } | { ran: false };

/** One tick of a job: claimed in the tick table, run only by the process whose claim recorded it. */
export async function runTick(rt: Runtime, job: Job, scheduledAt: Date, opts: { catchUp?: boolean } = {}): Promise<TickOutcome> {
  const claimed = await rt.stores.jobTicks.claim({ job: job.name, scheduledAt, claimedAt: rt.clock.now(), instance: rt.config.instances.name, catchUp: opts.catchUp });
  if (!claimed) return { ran: false };
  return { ran: true, result: await runJob(rt, job, rt.clock.now()) };
}

/** Every job whose cron fires at `at` (its minute; crons with seconds at that second), each through runTick. */
export async function runDueTicks(rt: Runtime, at: Date): Promise<Record<string, TickOutcome>> {
  const out: Record<string, TickOutcome> = {};
  for (const job of jobs) {
    const expr = job.cron(rt.config);
    const s = secondsField(expr);
    const secondOk = s === null ? at.getUTCSeconds() === 0 : secondMatches(s, at.getUTCSeconds());
    if (secondOk && cronMatches(expr, at, rt.config.utcOffsetMinutes)) out[job.name] = await runTick(rt, job, tickInstant(expr, at));
  }
  return out;
}

/**
 * Start-up catch-up of one job: its latest tick within SCHEDULER_CATCH_UP_MINUTES runs once when no instance ran it
 * and the tick table shows the scheduler was running before that tick (some tick of any job is recorded earlier):
 * that tick was missed. A fresh database, or the first start after an upgrade, has no such record: nothing counts as
 * missed, nothing floods. True when this process ran it.
 */
export async function catchUpJob(rt: Runtime, job: Job, now: Date): Promise<boolean> {
  const window = rt.config.instances.catchUpMinutes;
  if (window <= 0) return false;
  const at = latestTickWithin(job.cron(rt.config), now, rt.config.utcOffsetMinutes, window);
  if (!at || (await rt.stores.jobTicks.isClaimed(job.name, at)) || !(await rt.stores.jobTicks.anyBefore(at))) return false;
  return (await runTick(rt, job, at, { catchUp: true })).ran;
}

const PRUNE_EVERY_MS = 60 * MINUTE;

export function startScheduler(rt: Runtime): { stop(): void; started: Promise<void> } {
  const { logger } = rt;
  const running = new Set<string>();
  let lastPrune = 0;
  let stopped = false;

  async function prune(now: Date) {
    if (now.getTime() - lastPrune < PRUNE_EVERY_MS) return;
    lastPrune = now.getTime();
    const pruned = await rt.stores.jobTicks.prune(new Date(now.getTime() - rt.config.instances.tickKeepDays * 24 * 60 * MINUTE));
    if (pruned) logger.info({ pruned }, '已清理旧的定时任务记录 old job ticks pruned');
  }

  /** One job at a time per process (a tick that finds its job still running is left to the other instances). */
  async function exclusive(job: Job, fn: () => Promise<unknown>) {
    if (running.has(job.name) || stopped) return;
    running.add(job.name);
    try {
      await fn();
    } catch (err) {
      logger.error({ err, job: job.name }, 'job failed');
    } finally {
      running.delete(job.name);
    }
  }

  const tasks: ReturnType<typeof cron.schedule>[] = [];
  const started = (async () => {
    const caught: string[] = [];
    await Promise.all(
      jobs.map((job) =>
        exclusive(job, async () => {
          if (await catchUpJob(rt, job, rt.clock.now())) caught.push(job.name);
        }),
      ),
    );
    if (caught.length) logger.info({ jobs: caught }, '已补跑停机期间错过的定时任务 missed ticks caught up');
    await prune(rt.clock.now()).catch((err) => logger.error({ err }, 'pruning job ticks failed'));
  })();

  for (const job of jobs) {
    const expr = job.cron(rt.config);
    tasks.push(
      cron.schedule(
        expr,
        (ctx) =>
          exclusive(job, async () => {
            await runTick(rt, job, tickInstant(expr, ctx.date));
            await prune(rt.clock.now());
          }),
        { name: job.name, timezone: rt.config.timeZone },
      ),
    );
  }
  return {
    started,
    stop() {
      stopped = true;
      for (const t of tasks) t.stop();
    },
  };
}
