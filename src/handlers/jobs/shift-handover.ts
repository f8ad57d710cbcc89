// Every minute (SHIFT_WATCH_CRON): a handover tied to the roster (docs/desk-rules.md#shifts). Near the end of a shift
// that ends with a handover (HANDOVER_SHIFTS), whoever works it is reminded to send 交班; no 交班 by
// HANDOVER_GRACE_MINUTES after the end alerts the team's lead at the property (else the supervisors), once.
import { clockTime } from '../roster/shifts.js';
import { HOUR, MINUTE } from '../../clock.js';
import type { RosterEntry } from '../../store/index.js';
import { shiftPush } from '../dedupe-keys.js';
import { toPerson } from '../outcome.js';
import { propertyTag } from '../properties.js';
import { leadsElseSupervisors, shiftWatch } from '../roster/watch.js';
import type { Job } from './types.js';

/** The reminder goes this long before the end of the shift. */
const REMIND_BEFORE = 10 * MINUTE;

const slot = (e: RosterEntry) => `${e.propertyId}|${e.team}|${e.date}|${e.shift}`;

/** Who works each ending shift: the rostered person, or whoever took it over by an approved 换班. */
function workers(ending: RosterEntry[], shifts: readonly string[]): RosterEntry[] {
  const swappedOut = new Set(ending.filter((e) => e.kind === 'swap').map((e) => `${slot(e)}|${e.coversPersonId}`));
  return ending.filter((e) => e.kind !== 'cover' && shifts.includes(e.shift) && !(e.kind === 'shift' && swappedOut.has(`${slot(e)}|${e.personId}`)));
}

export const shiftHandover: Job = shiftWatch('shift-handover', (duty) => duty.handoverGraceMinutes, async (ctx, { now, off, grace, notes }) => {
  const ending = await ctx.stores.roster.endedBetween(new Date(now.getTime() - grace - HOUR), new Date(now.getTime() + REMIND_BEFORE + 1));
  const all = await ctx.stores.properties.list();
  for (const e of workers(ending, ctx.config.duty.handoverShifts)) {
    if (await ctx.stores.handovers.handedOverSince(e.personId, e.startsAt)) continue;
    const who = await ctx.stores.people.byId(e.personId);
    if (!who?.active) continue;
    const span = `${e.shift}（${clockTime(e.startsAt, off)}-${clockTime(e.endsAt, off, true)}）`;
    const late = now.getTime() - e.endsAt.getTime();
    if (late < grace) {
      const text = `【交班提醒】您的${span}${late >= 0 ? '已结束' : '即将结束'}，请发送「交班 值班情况…」（有未完成的工单请写「移交 #单号」），并等接班同事发送「接班」确认。`;
      notes.push(toPerson(e.personId, text, shiftPush(e.id, 'handover-remind', e.personId)));
      continue;
    }
    const text = `【未交班】${propertyTag(all, e.propertyId)}${e.team}组 ${who.name} 的${span}已结束${Math.round(late / MINUTE)}分钟，仍未交班。请联系${who.name}补交「交班」，并确认接班同事已到岗。`;
    for (const lead of await leadsElseSupervisors(ctx.stores.people, e.team, e.propertyId, e.personId)) notes.push(toPerson(lead.id, text, shiftPush(e.id, 'handover-missed', lead.id)));
  }
  return { checked: ending.length };
});
