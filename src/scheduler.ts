// node-cron wiring only: each job on its own cron, Asia/Shanghai (configurable), no overlap.
import cron from 'node-cron';
import { cronMatches } from './cron-match.js';
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
 */
export async function runAllJobs(rt: Runtime, now: Date, only?: string[]): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {};
  for (const job of jobs) {
    const due = only?.length ? only.includes(job.name) : cronMatches(job.cron(rt.config), now, rt.config.utcOffsetMinutes);
    if (due) results[job.name] = await runJob(rt, job, now);
  }
  return results;
}

export function startScheduler(rt: Runtime): { stop(): void } {
  const tasks = jobs.map((job) =>
    cron.schedule(
      job.cron(rt.config),
      async () => {
        try {
          await runJob(rt, job, rt.clock.now());
        } catch (err) {
          rt.logger.error({ err, job: job.name }, 'job failed');
        }
      },
      { name: job.name, timezone: rt.config.timeZone, noOverlap: true },
    ),
  );
  return {
    stop() {
      for (const t of tasks) t.stop();
    },
  };
}
