// 销假: the requester is back. Refused before the leave starts; during the leave it is an early return that moves the
// end to today (a day leave, by halves) or to now (an hour leave) and counts the days again; after it, a plain 销假.
import { localDate, localParts } from '../../clock.js';
import type { Half, LeaveEnd, LeaveRequest } from '../../store/index.js';
import type { Handler, HandlerContext } from '../context.js';
import { itemPush } from '../dedupe-keys.js';
import { leaveRef } from '../format.js';
import { say, toPerson } from '../outcome.js';
import { check } from '../roles.js';
import { raced, loadLeave } from './common.js';
import { addDays, hhmm, shortened } from './count.js';
import { endInstant, startInstant, workingDayOf } from './span.js';
import { LEAVE_STATUS_ZH, leaveWhen } from './states.js';

/** Where the leave ends when the person is back at `now`: the half they missed counts whole. */
function endAt(l: LeaveRequest, now: Date, ctx: HandlerContext): Pick<LeaveEnd, 'endDate' | 'endHalf' | 'endTime'> {
  const off = ctx.config.utcOffsetMinutes;
  const { am, pm } = ctx.config.leave.workHours;
  const today = localDate(now, off);
  const p = localParts(now, off);
  const minute = p.hour * 60 + p.minute;
  if (l.startTime) return { endDate: l.startDate, endHalf: minute <= am.end ? 'am' : 'pm', endTime: hhmm(minute) };
  // Back before work starts: the leave ended with the day before; during the morning or lunch: with the morning.
  if (minute < am.start) return { endDate: addDays(today, -1), endHalf: 'pm', endTime: null };
  const endHalf: Half = minute < pm.start ? 'am' : 'pm';
  return { endDate: today, endHalf, endTime: null };
}

/** 销假 #3 — the requester, after approval. */
export const returnLeave: Handler = async (cmd, ctx) => {
  const found = await loadLeave(cmd, ctx, '销假 #3');
  if ('outcome' in found) return found.outcome;
  const l = found.leave;
  const denied = check('leave.own', ctx.sender, { requesterId: l.personId });
  if (denied) return say(denied);
  if (l.status !== 'approved') return say(`${leaveRef(l)} 当前状态为「${LEAVE_STATUS_ZH[l.status]}」，不能销假。`);
  const now = ctx.clock.now();
  const hours = ctx.config.leave.workHours;
  const off = ctx.config.utcOffsetMinutes;
  const approver = l.approverId && l.approverId !== ctx.sender.id ? l.approverId : null;
  if (now < startInstant(l, hours, off)) {
    const who = approver ? (await ctx.stores.people.byId(approver))?.name : null;
    return say(`${leaveRef(l)}（${leaveWhen(l)}）还没有开始，不能销假。返岗后再发送「销假 #${l.id}」；如不再需要这次请假，请联系审批人${who ?? ''}取消。`);
  }
  let early = now < endInstant(l, hours, off);
  let updated: LeaveRequest | null;
  if (early) {
    const end = shortened(l, endAt(l, now, ctx), ctx.sender, await workingDayOf(ctx, ctx.sender), hours);
    // Back within the last half of the leave: nothing to shorten.
    early = end.days < l.days;
    updated = early ? await ctx.stores.leave.returnEarly(l.id, end, now) : await ctx.stores.leave.transition(l.id, 'approved', 'returned', { returnedAt: now });
  } else updated = await ctx.stores.leave.transition(l.id, 'approved', 'returned', { returnedAt: now });
  if (!updated) return raced(l);
  const change = early ? `提前返岗，假期改为${leaveWhen(updated)}，原为${leaveWhen(l)}` : '';
  const notify = approver ? [toPerson(approver, `${ctx.sender.name}已销假（${leaveRef(l)}）${change ? `，${change}` : ''}。`, itemPush('leave', l.id, 'returned', 'approver', approver))] : [];
  return { reply: { text: `已销假：${leaveRef(l)}${change ? `，${change}` : ''}。欢迎回来！` }, notify };
};
