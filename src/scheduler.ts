// node-cron wiring only: each job on its own cron, Asia/Shanghai (configurable), no overlap.
import cron from 'node-cron';
import { jobs } from './handlers/jobs/index.js';
import type { JobContext } from './handlers/jobs/types.js';
import type { Runtime } from './runtime.js';

export function jobContext(rt: Runtime, now: Date): JobContext {
  const { prisma, stores, clock, config, logger, notifyRouter, senders } = rt;
  return { now, prisma, stores, clock, config, logger, notifyRouter, senders };
}

/** Runs every job once as of `now` (for `cli jobs run --now` and tests). */
export async function runAllJobs(rt: Runtime, now: Date): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {};
  for (const job of jobs) results[job.name] = await job.run(jobContext(rt, now));
  return results;
}

export function startScheduler(rt: Runtime): { stop(): void } {
  const tasks = jobs.map((job) =>
    cron.schedule(
      job.cron(rt.config),
      async () => {
        try {
          await job.run(jobContext(rt, rt.clock.now()));
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
