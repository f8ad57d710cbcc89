// Every minute (SHIFT_WATCH_CRON): the desk (客服) must be staffed during its opening hours (DESK_SHIFT, 白班
// 08:30–20:00 by default; docs/desk-rules.md#shifts). At a property whose roster is in use that day, a desk with nobody
// on duty for UNSTAFFED_GRACE_MINUTES alerts the desk's lead there (else the supervisors), once per gap.
import { clockTime } from '../roster/shifts.js';
import { DAY } from '../../clock.js';
import { DESK_TEAM } from '../categories.js';
import { deskUnstaffed } from '../dedupe-keys.js';
import { toPerson } from '../outcome.js';
import { propertyTag } from '../properties.js';
import { onDutyAt } from '../roster/duty.js';
import { shiftAt, shiftsFor } from '../roster/shifts.js';
import { leadsElseSupervisors, shiftWatch } from '../roster/watch.js';
import type { Job } from './types.js';

export const deskStaffing: Job = shiftWatch('desk-staffing', (duty) => duty.unstaffedGraceMinutes, async (ctx, { now, off, grace, notes }) => {
  const { config } = ctx;
  const patterns = await ctx.stores.roster.patterns();
  const all = await ctx.stores.properties.list();
  for (const property of all) {
    const opening = shiftsFor(config.duty.shifts, patterns, property.id, DESK_TEAM).filter((s) => s.name === config.duty.deskShift);
    const open = shiftAt(opening, now, off);
    if (!open) continue;
    const around = await ctx.stores.roster.between(new Date(open.startsAt.getTime() - DAY), new Date(open.endsAt.getTime() + DAY), { propertyId: property.id });
    // A property that has not rostered this day is not watched (no roster in use there).
    if (!around.some((e) => e.date === open.date)) continue;
    const desk = around.filter((e) => e.team === DESK_TEAM);
    if (onDutyAt(desk, now).length) continue;
    const ends = desk.map((e) => e.endsAt).filter((t) => t > open.startsAt && t <= now);
    const since = new Date(Math.max(open.startsAt.getTime(), ...ends.map((t) => t.getTime())));
    if (now.getTime() - since.getTime() < grace) continue;
    const text = `【前台无人值守】${propertyTag(all, property.id)}客服前台${clockTime(since, off)}起无人在岗（营业时间 ${clockTime(open.startsAt, off)}-${clockTime(open.endsAt, off, true)}，排班中此刻没有客服值班）。请立即安排人员到岗，或登记「顶岗 姓名 小时数」。`;
    for (const p of await leadsElseSupervisors(ctx.stores.people, DESK_TEAM, property.id)) notes.push(toPerson(p.id, text, deskUnstaffed(property.id, since, p.id)));
  }
  return {};
});
