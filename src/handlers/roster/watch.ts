// What the shift watches (jobs/desk-staffing.ts, jobs/shift-handover.ts) share: they run on SHIFT_WATCH_CRON, wait a
// grace period in minutes, alert the team's lead at the property (else the supervisors) and queue what they found.
import { MINUTE } from '../../clock.js';
import type { DutyConfig } from '../../config.js';
import type { Person, Stores } from '../../store/index.js';
import type { Job, JobContext } from '../jobs/types.js';
import type { Notify } from '../outcome.js';

/** One run of a watch: its instant, the UTC offset, the grace in milliseconds, and the notices it queues. */
export interface WatchRun {
  now: Date;
  off: number;
  grace: number;
  notes: Notify[];
}

/** A job on SHIFT_WATCH_CRON; `watch` pushes its notices to run.notes and returns its own counts (queued is added). */
export function shiftWatch(name: string, graceMinutes: (duty: DutyConfig) => number, watch: (ctx: JobContext, run: WatchRun) => Promise<Record<string, number>>): Job {
  return {
    name,
    cron: (config) => config.duty.watchCron,
    async run(ctx) {
      const { now, config } = ctx;
      const run: WatchRun = { now, off: config.utcOffsetMinutes, grace: graceMinutes(config.duty) * MINUTE, notes: [] };
      const counts = await watch(ctx, run);
      let queued = 0;
      for (const n of run.notes) queued += await ctx.stores.outbox.enqueue(await ctx.notifyRouter.rows(n, now, ctx.stores), now);
      return { ...counts, queued };
    },
  };
}

/** The verified leads of a team at a property (not `exceptId`, the person concerned), else its verified supervisors. */
export async function leadsElseSupervisors(people: Stores['people'], team: string, propertyId: number, exceptId?: number): Promise<Person[]> {
  const leads = (await people.byRole('lead', team, propertyId)).filter((p) => p.verified && p.id !== exceptId);
  return leads.length ? leads : (await people.byRole('supervisor', null, propertyId)).filter((p) => p.verified);
}
