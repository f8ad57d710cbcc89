// 请假: 待审批 → 已批准 / 已驳回 → 已销假, or 已撤回. Approval level by length (roles.ts).
import { localDate } from '../../clock.js';
import type { LeaveRequest, Person } from '../../store/index.js';
import type { Command } from '../command/command.js';
import type { Handler, HandlerContext } from '../context.js';
import { itemPush } from '../dedupe-keys.js';
import { dateRange, leaveRef, personLabel, when } from '../format.js';
import { say, toPerson, type Notify, type Outcome } from '../outcome.js';
import { check, checkLeaveDecision, leaveApproverRole, ROLE_ZH } from '../roles.js';
import { LEAVE_STATUS_ZH, leaveItem as item, leaveLine } from './states.js';

const DAY_MS = 86_400_000;
const dayNumber = (ymd: string) => Date.parse(`${ymd}T00:00:00Z`) / DAY_MS;
/** Inclusive calendar days from start to end. */
export const leaveDays = (start: string, end: string) => dayNumber(end) - dayNumber(start) + 1;

const raced = (l: LeaveRequest) => say(`${leaveRef(l)} 状态刚刚发生了变化，请发送「查询 请假#${l.id}」查看。`);
const wrongStatus = (l: LeaveRequest, doing: string) => say(`${leaveRef(l)} 当前状态为「${LEAVE_STATUS_ZH[l.status]}」，不能${doing}。`);

/** Everyone who may decide at the required level, the requester excluded. */
async function approversFor(ctx: HandlerContext, l: LeaveRequest, requester: Person): Promise<Person[]> {
  const people = ctx.stores.people;
  const not = (ps: Person[]) => ps.filter((p) => p.id !== requester.id);
  if (l.approverRole === 'lead') {
    const leads = requester.team ? not(await people.byRole('lead', requester.team)) : [];
    if (leads.length) return leads;
  }
  if (l.approverRole === 'lead' || l.approverRole === 'supervisor') {
    const sups = not(await people.byRole('supervisor'));
    if (sups.length) return sups;
  }
  return not(await people.byRole('manager'));
}

/** 请假 明天 事假 家里有事 ／ 请病假 11月25日至11月27日 */
export const leave: Handler = async (cmd, ctx) => {
  const me = ctx.sender;
  const denied = check('leave.request', me);
  if (denied) return say(denied);
  if (!cmd.start) return say('请写明日期，例如「请假 明天 事假 家里有事」或「请病假 11月25日至11月27日」。');
  const start = cmd.start;
  const end = cmd.end ?? cmd.start;
  const days = leaveDays(start, end);
  if (days < 1) return say('结束日期早于开始日期，请核对后重新发送。');
  const now = ctx.clock.now();
  const off = ctx.config.utcOffsetMinutes;
  if (start < localDate(now, off)) return say('请假需提前申请，不能补请已过去的日期。如需补假，请联系组长处理。');
  const leaveType = cmd.leaveType ?? 'other';
  if (leaveType === 'personal' && days > ctx.config.leave.personalMaxDays) {
    return say(`事假最多${ctx.config.leave.personalMaxDays}天，您申请了${days}天（${dateRange(start, end)}），未提交。请缩短天数后重新申请。`);
  }
  for (const other of [...(await ctx.stores.leave.listFor(me.id, 'pending')), ...(await ctx.stores.leave.listFor(me.id, 'approved'))]) {
    if (other.startDate <= end && start <= other.endDate) return say(`与${leaveRef(other)}（${dateRange(other.startDate, other.endDate)}，${LEAVE_STATUS_ZH[other.status]}）时间重叠，未提交。`);
  }
  const certificateRequired = leaveType === 'sick' && days > ctx.config.leave.sickDaysWithoutCertificate;
  let l = await ctx.stores.leave.create({
    personId: me.id,
    leaveType,
    startDate: start,
    endDate: end,
    days,
    reason: cmd.detail?.trim() || null,
    approverRole: leaveApproverRole(days, me.role, ctx.config.leave),
    certificateRequired,
    inboundId: ctx.inboundId,
    createdAt: now,
  });
  const approvalDueAt = await ctx.deadlines.start(item(l), 'approval', { at: now });
  await ctx.stores.leave.setDue(l.id, approvalDueAt);
  l = { ...l, approvalDueAt };

  const cert = certificateRequired ? `病假超过${ctx.config.leave.sickDaysWithoutCertificate}天，需提供医生证明。` : '';
  const push = [
    `【请假审批】${leaveRef(l)} ${personLabel(me)}`,
    `${leaveLine(l)}${l.reason ? `：${l.reason}` : ''}`,
    ...(cert ? [cert] : []),
    `需${ROLE_ZH[l.approverRole]}或以上审批，请在${when(approvalDueAt, off)}前处理：「批准 #${l.id}」或「驳回 #${l.id} 原因」`,
  ].join('\n');
  const notify = (await approversFor(ctx, l, me)).map((p) => toPerson(p.id, push, itemPush('leave', l.id, 'created', 'approver', p.id)));
  const reply = [`已提交${leaveRef(l)}：${leaveLine(l)}，待${ROLE_ZH[l.approverRole]}审批。`];
  if (cert) reply.push(cert);
  reply.push(`撤回请发送「撤回请假 #${l.id}」。`);
  return { reply: { text: reply.join('\n') }, notify };
};

async function load(cmd: Command, ctx: HandlerContext, example: string): Promise<{ leave: LeaveRequest } | { outcome: Outcome }> {
  if (!cmd.ref) return { outcome: say(`请注明请假单号，例如「${example}」。`) };
  const l = await ctx.stores.leave.get(Number(cmd.ref));
  return l ? { leave: l } : { outcome: say(`没有找到请假#${cmd.ref}，请核对单号。`) };
}

async function decide(cmd: Command, ctx: HandlerContext, approve: boolean): Promise<Outcome> {
  const found = await load(cmd, ctx, approve ? '批准 #3' : '驳回 #3 原因');
  if ('outcome' in found) return found.outcome;
  const l = found.leave;
  const requester = await ctx.stores.people.byId(l.personId);
  const denied = checkLeaveDecision(ctx.sender, l, requester);
  if (denied) return say(denied);
  if (l.status !== 'pending') return say(`${leaveRef(l)} 已处理（${LEAVE_STATUS_ZH[l.status]}），无需重复审批。`);
  const reason = cmd.detail?.trim();
  if (!approve && !reason) return say(`请写明驳回原因，例如「驳回 #${l.id} 当天人手不足」。`);
  const now = ctx.clock.now();
  const updated = await ctx.stores.leave.transition(l.id, 'pending', approve ? 'approved' : 'rejected', { approverId: ctx.sender.id, decidedAt: now });
  if (!updated) return raced(l);
  await ctx.deadlines.meet(item(l), 'approval', now);
  const who = requester?.name ?? '申请人';
  const notify: Notify[] = [];
  if (requester) {
    const msg = approve
      ? `您的${leaveRef(l)}（${leaveLine(l)}）已由${ctx.sender.name}批准。${l.certificateRequired ? '请提交医生证明。' : ''}返岗后请发送「销假 #${l.id}」。`
      : `您的${leaveRef(l)}（${leaveLine(l)}）未获批准：${reason}。如有疑问请联系${ctx.sender.name}。`;
    notify.push(toPerson(requester.id, msg, itemPush('leave', l.id, approve ? 'approved' : 'rejected', 'requester', requester.id)));
  }
  return { reply: { text: `${approve ? '已批准' : '已驳回'}${leaveRef(l)}：${who} ${leaveLine(l)}，已通知本人。` }, notify };
}

/** 批准 #3 ／ 同意 #3 */
export const approve: Handler = (cmd, ctx) => decide(cmd, ctx, true);

/** 驳回 #3 原因 */
export const reject: Handler = (cmd, ctx) => decide(cmd, ctx, false);

/** 销假 #3 — the requester, after approval. */
export const returnLeave: Handler = async (cmd, ctx) => {
  const found = await load(cmd, ctx, '销假 #3');
  if ('outcome' in found) return found.outcome;
  const l = found.leave;
  const denied = check('leave.own', ctx.sender, { requesterId: l.personId });
  if (denied) return say(denied);
  if (l.status !== 'approved') return wrongStatus(l, '销假');
  if (!(await ctx.stores.leave.transition(l.id, 'approved', 'returned'))) return raced(l);
  const notify = l.approverId && l.approverId !== ctx.sender.id ? [toPerson(l.approverId, `${ctx.sender.name}已销假（${leaveRef(l)}）。`, itemPush('leave', l.id, 'returned', 'approver', l.approverId))] : [];
  return { reply: { text: `已销假：${leaveRef(l)}。欢迎回来！` }, notify };
};

/** 撤回请假 #3 ／ 取消 #3 — the requester, while pending. */
export async function withdrawLeave(l: LeaveRequest, _cmd: Command, ctx: HandlerContext): Promise<Outcome> {
  const denied = check('leave.own', ctx.sender, { requesterId: l.personId });
  if (denied) return say(denied);
  if (l.status !== 'pending') return say(`${leaveRef(l)} 当前为「${LEAVE_STATUS_ZH[l.status]}」，不能撤回。${l.status === 'approved' ? `如提前返岗请发送「销假 #${l.id}」。` : ''}`);
  const now = ctx.clock.now();
  if (!(await ctx.stores.leave.transition(l.id, 'pending', 'withdrawn'))) return raced(l);
  await ctx.deadlines.stopAll(item(l), now);
  return say(`已撤回${leaveRef(l)}。`);
}
