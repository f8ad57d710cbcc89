// 请假: a request read from the message (half days, decimals, hours, ranges), counted on the working calendar and
// sent to the people who may approve it (approval.ts). docs/desk-rules.md#leave, #leave-approval-levels, #leave-limits
import { localDate } from '../../clock.js';
import type { Person } from '../../store/index.js';
import { eligibleApprovers, levelName, loadChain, nobodyToAsk, requiredLevel, type ApprovalChain, type ApprovalSubject } from '../approval.js';
import { namesLeaveTime } from '../command/leave-words.js';
import type { Handler, HandlerContext } from '../context.js';
import { itemPush } from '../dedupe-keys.js';
import { leaveRef, personLabel, when } from '../format.js';
import { say, toGroup, toPerson, type Outcome } from '../outcome.js';
import { check, ROLE_ZH } from '../roles.js';
import type { LeaveCount, LeaveSpan } from './count.js';
import { endInstant, lengthText, md, resolveLeave, spanText, startInstant, workingDayOf } from './span.js';
import { certificateLine } from './common.js';
import { LEAVE_STATUS_ZH, leaveItem, leaveLine } from './states.js';

/** Nobody may approve it: the requester is told whom to ask, supervisors and managers (else the group) are alerted. */
async function nobody(ctx: HandlerContext, s: ApprovalSubject, chain: ApprovalChain, what: string): Promise<Outcome> {
  const me = ctx.sender;
  const { ask, missing } = nobodyToAsk(s, chain);
  const alerted = chain.people.filter((p) => p.id !== me.id && (p.role === 'supervisor' || p.role === 'manager'));
  const text = `【请假无人审批】${personLabel(me)}（${ROLE_ZH[me.role]}）申请${what}，值班台找不到可以审批的人：${missing}。请管理员设置 LEAVE_TOP_APPROVER（总经理姓名或人员编号）或补充审批人；已请本人${ask}。`;
  const key = (...who: Array<string | number>) => itemPush('person', me.id, 'leave-unapproved', ctx.inboundId, ...who);
  const notify = alerted.length ? alerted.map((p) => toPerson(p.id, text, key('person', p.id))) : [toGroup(text, key('group'))];
  const told = alerted.length ? alerted.map((p) => p.name).join('、') : '值班群';
  return { reply: { text: `未提交：您的请假 ${what} 需由${levelName(s.level, chain)}审批，但${missing}。${ask}。已通知${told}。` }, notify };
}

async function overlapping(ctx: HandlerContext, span: LeaveSpan): Promise<string | null> {
  const { workHours } = ctx.config.leave;
  const off = ctx.config.utcOffsetMinutes;
  const [from, to] = [startInstant(span, workHours, off), endInstant(span, workHours, off)];
  const mine = [...(await ctx.stores.leave.listFor(ctx.sender.id, 'pending')), ...(await ctx.stores.leave.listFor(ctx.sender.id, 'approved'))];
  const other = mine.find((o) => startInstant(o, workHours, off) < to && from < endInstant(o, workHours, off));
  return other ? `与${leaveRef(other)}（${spanText(other)}，${LEAVE_STATUS_ZH[other.status]}）时间重叠，未提交。` : null;
}

/** Days in the span that are not counted (weekends, holidays): said so the count is not a surprise. */
const skippedLine = (c: LeaveCount): string[] => (c.skipped.length && c.minutes === null ? [`${c.skipped.map(md).join('、')}是休息日，不计入天数。`] : []);

/** 请假 明天下午 事假 去银行 ／ 请假 1.5天 明天起 ／ 请假 今天下午3点到5点 ／ 请病假 12月3日至5日 */
export const leave: Handler = async (cmd, ctx) => {
  const me: Person = ctx.sender;
  const denied = check('leave.request', me);
  if (denied) return say(denied);
  if (!namesLeaveTime(cmd)) return say('请写明日期，例如「请假 明天 事假 家里有事」、「请假 明天下午 去银行」或「请病假 12月3日至12月5日」。');
  const policy = ctx.config.leave;
  const off = ctx.config.utcOffsetMinutes;
  const now = ctx.clock.now();
  const resolved = resolveLeave(cmd, { now, offset: off, hours: policy.workHours, person: me, workingDay: await workingDayOf(ctx, me) });
  if ('error' in resolved) return say(resolved.error);
  const { span, count } = resolved;
  if (span.startDate < localDate(now, off)) return say('请假需提前申请，不能补请已过去的日期。如需补假，请联系组长处理。');
  if (endInstant(span, policy.workHours, off) <= now) return say('这段时间已经过去，不能补请。如需补假，请联系组长处理。');
  const leaveType = cmd.leaveType ?? 'other';
  const what = `${spanText(span)}（${lengthText(count)}）`;
  if (leaveType === 'personal' && count.days > policy.personalMaxDays) {
    return say(`事假最多${policy.personalMaxDays}天，您申请了${count.days}天（${spanText(span)}），未提交。请缩短天数后重新申请。`);
  }
  const clash = await overlapping(ctx, span);
  if (clash) return say(clash);

  const chain = await loadChain(ctx.stores.people, policy);
  const level = requiredLevel(count.days, me, policy, chain.top);
  const subject: ApprovalSubject = { requester: me, level, label: `请假 共${lengthText(count)}` };
  const asked = eligibleApprovers(subject, chain).first;
  if (!asked.length) return nobody(ctx, subject, chain, what);

  const certificateRequired = leaveType === 'sick' && count.days > policy.sickDaysWithoutCertificate;
  let l = await ctx.stores.leave.create({
    personId: me.id,
    leaveType,
    ...span,
    days: count.days,
    minutes: count.minutes,
    reason: cmd.detail?.trim() || null,
    approverRole: level,
    askedIds: asked.map((p) => p.id),
    certificateRequired,
    inboundId: ctx.inboundId,
    createdAt: now,
  });
  const approvalDueAt = await ctx.deadlines.start(leaveItem(l), 'approval', { at: now });
  await ctx.stores.leave.setDue(l.id, approvalDueAt);
  l = { ...l, approvalDueAt };

  const cert = certificateRequired ? `病假超过${policy.sickDaysWithoutCertificate}天。` : '';
  const push = [
    `【请假审批】${leaveRef(l)} ${personLabel(me)}`,
    `${leaveLine(l)}${l.reason ? `：${l.reason}` : ''}`,
    ...(cert ? [`${cert}${certificateLine(0, true)}`] : []),
    `需${levelName(level, chain)}或以上审批，请在${when(approvalDueAt, off)}前处理：「批准 #${l.id}」或「驳回 #${l.id} 原因」`,
  ].join('\n');
  const notify = asked.map((p) => toPerson(p.id, push, itemPush('leave', l.id, 'created', 'approver', p.id)));
  const reply = [`已提交${leaveRef(l)}：${leaveLine(l)}，待${levelName(level, chain)}审批（已通知${asked.map((p) => p.name).join('、')}）。`, ...skippedLine(count)];
  if (cert) reply.push(`${cert}${certificateLine(0, false, l.id)}`);
  reply.push(`撤回请发送「撤回请假 #${l.id}」。`);
  return { reply: { text: reply.join('\n') }, notify };
};
