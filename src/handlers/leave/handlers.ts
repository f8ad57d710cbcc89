// 请假: 待审批 → 已批准 / 已驳回 → 已销假, or 已撤回. The request (request.ts), the decision and the withdrawal (here),
// 销假 (return.ts), the certificate photo (certificate.ts). Who may decide: approval.ts.
import type { LeaveRequest, Person } from '../../store/index.js';
import { alertTiers, loadChain, mayApprove } from '../approval.js';
import type { Command } from '../command/command.js';
import type { Handler, HandlerContext } from '../context.js';
import { itemPush } from '../dedupe-keys.js';
import { leaveRef } from '../format.js';
import { say, toPerson, type Notify, type Outcome } from '../outcome.js';
import { check } from '../roles.js';
import { certificateLine, dropUnsent, loadLeave, raced } from './common.js';
import { LEAVE_STATUS_ZH, leaveApprovers, leaveItem, leaveLine, leaveSubject } from './states.js';

export { leave } from './request.js';
export { returnLeave } from './return.js';

async function decide(cmd: Command, ctx: HandlerContext, approve: boolean): Promise<Outcome> {
  const found = await loadLeave(cmd, ctx, approve ? '批准 #3' : '驳回 #3 原因');
  if ('outcome' in found) return found.outcome;
  const l = found.leave;
  const requester = await ctx.stores.people.byId(l.personId);
  const chain = await loadChain(ctx.stores.people, ctx.config.leave);
  const denied = requester ? mayApprove(ctx.sender, leaveSubject(l, requester), chain) : '找不到请假人，请联系管理员。';
  if (denied) return say(denied);
  if (l.status !== 'pending') return say(`${leaveRef(l)} 已处理（${LEAVE_STATUS_ZH[l.status]}），无需重复审批。`);
  const reason = cmd.detail?.trim();
  if (!approve && !reason) return say(`请写明驳回原因，例如「驳回 #${l.id} 当天人手不足」。`);
  const who = requester!.name;
  if (approve && l.certificateRequired && (await ctx.stores.leave.imageCount(l.id)) === 0) {
    const ask = `您的${leaveRef(l)}（${leaveLine(l)}）需要医生证明才能批准，请直接发送证明照片（或发送照片时写「请假#${l.id}」）。`;
    return {
      reply: { text: `${leaveRef(l)} 是超过${ctx.config.leave.sickDaysWithoutCertificate}天的病假，${certificateLine(0, true)}已提醒${who}发送照片。如需驳回请发送「驳回 #${l.id} 原因」。` },
      notify: [toPerson(l.personId, ask, itemPush('leave', l.id, 'certificate-asked', 'requester', l.personId))],
    };
  }
  const now = ctx.clock.now();
  const updated = await ctx.stores.leave.transition(l.id, 'pending', approve ? 'approved' : 'rejected', { approverId: ctx.sender.id, decidedAt: now });
  if (!updated) return raced(l);
  await ctx.deadlines.meet(leaveItem(l), 'approval', now);
  await dropUnsent(ctx, l);
  const event = approve ? 'approved' : 'rejected';
  const msg = approve
    ? `您的${leaveRef(l)}（${leaveLine(l)}）已由${ctx.sender.name}批准。返岗后请发送「销假 #${l.id}」。`
    : `您的${leaveRef(l)}（${leaveLine(l)}）未获批准：${reason}。如有疑问请联系${ctx.sender.name}。`;
  const notify: Notify[] = [toPerson(l.personId, msg, itemPush('leave', l.id, event, 'requester', l.personId))];
  // The others who were asked need not look at it any more.
  for (const id of l.askedIds.filter((id) => id !== ctx.sender.id)) {
    notify.push(toPerson(id, `${leaveRef(l)}（${who} ${leaveLine(l)}）已由${ctx.sender.name}${approve ? '批准' : '驳回'}，无需再处理。`, itemPush('leave', l.id, event, 'approver', id)));
  }
  return { reply: { text: `${approve ? '已批准' : '已驳回'}${leaveRef(l)}：${who} ${leaveLine(l)}，已通知本人。` }, notify };
}

/** 批准 #3 ／ 同意 #3 */
export const approve: Handler = (cmd, ctx) => decide(cmd, ctx, true);

/** 驳回 #3 原因 */
export const reject: Handler = (cmd, ctx) => decide(cmd, ctx, false);

/** Everyone who was told about the request: those asked, and those its approval reminders reached. */
async function toldAbout(ctx: HandlerContext, l: LeaveRequest, requester: Person | null): Promise<number[]> {
  const fired = Math.max(-1, ...(await ctx.stores.slaClocks.forItem('leave', l.id)).map((c) => c.nextLevel - 1));
  const approvers = leaveApprovers(l, requester, await loadChain(ctx.stores.people, ctx.config.leave));
  // A sweep that was late sends only the highest level it crossed: everyone up to it may have been told.
  const reminded = Array.from({ length: fired + 1 }, (_, level) => alertTiers(approvers, level).map((p) => p.id)).flat();
  return [...new Set([...l.askedIds, ...reminded])].filter((id) => id !== l.personId);
}

/** 撤回请假 #3 ／ 取消 #3 — the requester, while pending: the approvers are told and the reminders stop. */
export async function withdrawLeave(l: LeaveRequest, _cmd: Command, ctx: HandlerContext): Promise<Outcome> {
  const denied = check('leave.own', ctx.sender, { requesterId: l.personId });
  if (denied) return say(denied);
  if (l.status !== 'pending') return say(`${leaveRef(l)} 当前为「${LEAVE_STATUS_ZH[l.status]}」，不能撤回。${l.status === 'approved' ? `如提前返岗请发送「销假 #${l.id}」。` : ''}`);
  const now = ctx.clock.now();
  const told = await toldAbout(ctx, l, ctx.sender);
  if (!(await ctx.stores.leave.transition(l.id, 'pending', 'withdrawn'))) return raced(l);
  await ctx.deadlines.stopAll(leaveItem(l), now);
  await dropUnsent(ctx, l);
  const text = `${ctx.sender.name}已撤回${leaveRef(l)}（${leaveLine(l)}），无需再审批。`;
  const notify = told.map((id) => toPerson(id, text, itemPush('leave', l.id, 'withdrawn', 'approver', id)));
  const names = (await ctx.stores.people.byIds(told)).map((p) => p.name);
  return { reply: { text: `已撤回${leaveRef(l)}${names.length ? `，已通知审批人${names.join('、')}` : ''}。` }, notify };
}
