// Reminders before a drill or periodic task is due (DRILL_REMINDER_HOURS, default 7天 / 1天 / 2小时;
// docs/desk-rules.md#drill-due-times-and-reminders).
// A reminder is never sent before its moment (due minus offset), and one whose moment had already passed when the
// drill was registered is skipped: a drill due tomorrow 15:00 registered at 16:00 gets no 1-day reminder, one due in
// 2 days no 7-day reminder. Only the most recent threshold crossed is sent (a job that was down does not send a burst).
// Exactly once through the outbox dedupe key drill:<id>:remind:<hours>h, so the job may run any number of times.
// After the due time the SLA sweep ('due' clock) takes over with breach alerts and escalation.
import { HOUR } from '../../clock.js';
import type { Drill } from '../../store/index.js';
import { drillReminder } from '../dedupe-keys.js';
import { plannedReminderHours } from '../drill/handlers.js';
import { drillName, drillRef, drillWhen, hoursZh, spanZh } from '../drill/states.js';
import { toGroup, toPerson, type Notify } from '../outcome.js';
import type { Job, JobContext } from './types.js';

/** The threshold (hours before due) to remind of at `now`, or null. */
export function reminderDue(d: Pick<Drill, 'dueAt' | 'createdAt' | 'intervalMonths' | 'intervalHours'>, now: Date, configured: readonly number[]): number | null {
  const left = d.dueAt.getTime() - now.getTime();
  if (left <= 0) return null;
  const crossed = plannedReminderHours(d, configured).filter((h) => left <= h * HOUR);
  return crossed.length ? Math.min(...crossed) : null;
}

async function recipients(ctx: JobContext, d: Drill): Promise<number[]> {
  if (d.ownerId) {
    const owner = await ctx.stores.people.byId(d.ownerId);
    if (owner?.active) return [owner.id];
  }
  if (!d.team) return [];
  return (await ctx.stores.people.byRole('lead', d.team)).filter((p) => p.active).map((p) => p.id);
}

export const drillReminders: Job = {
  name: 'drill-reminders',
  // As often as the SLA sweep: a 2-hour reminder must not wait for an hourly check. The query is an index range.
  cron: (config) => config.sla.sweepCron,
  async run(ctx) {
    const configured = ctx.config.sla.drillReminderHours;
    const horizon = Math.max(0, ...configured);
    if (!horizon) return { reminded: 0, enqueued: 0 };
    const off = ctx.config.utcOffsetMinutes;
    let reminded = 0;
    let enqueued = 0;
    for (const d of await ctx.stores.drills.openDueBetween(ctx.now, new Date(ctx.now.getTime() + horizon * HOUR))) {
      const h = reminderDue(d, ctx.now, configured);
      if (h === null) continue;
      const owners = await recipients(ctx, d);
      const ownerNames = (await Promise.all(owners.map((id) => ctx.stores.people.byId(id)))).map((p) => p?.name).filter(Boolean);
      const who = ownerNames.length ? ownerNames.join('、') : d.team ? `${d.team}组` : '值班组';
      const text =
        `【演练提醒】${drillRef(d)} ${drillName(d)} 将于${drillWhen(d.dueAt, ctx.now, off)}到期（还有${spanZh(d.dueAt.getTime() - ctx.now.getTime())}），负责人：${who}。` +
        `完成后请发送「演练 完成 #${d.id} 总结…」。`;
      const notes: Notify[] = [toGroup(text, drillReminder(d.id, h), d.propertyId), ...owners.map((id) => toPerson(id, text, drillReminder(d.id, h, id)))];
      let n = 0;
      for (const note of notes) n += await ctx.stores.outbox.enqueue(await ctx.notifyRouter.rows(note, ctx.now, ctx.stores));
      if (n) reminded++;
      enqueued += n;
      ctx.logger.debug({ drillId: d.id, hours: h, label: hoursZh(h), enqueued: n }, 'drill reminder');
    }
    return { reminded, enqueued };
  },
};
