// What the leave handlers share: loading a request by its number, the reply when it changed under us, and the
// lines about a sick leave's certificate.
import type { LeaveRequest } from '../../store/index.js';
import type { Command } from '../command/command.js';
import type { HandlerContext } from '../context.js';
import { itemPush } from '../dedupe-keys.js';
import { leaveRef } from '../format.js';
import { say, type Outcome } from '../outcome.js';

export const raced = (l: LeaveRequest) => say(`${leaveRef(l)} 状态刚刚发生了变化，请发送「查询 请假#${l.id}」查看。`);

/** Pushes about a request not sent yet (the approval request itself) are dropped once it is decided or withdrawn. */
export const dropUnsent = (ctx: HandlerContext, l: Pick<LeaveRequest, 'id'>) => ctx.stores.outbox.cancelPrefix(`${itemPush('leave', l.id, 'created')}:`);

export async function loadLeave(cmd: Command, ctx: HandlerContext, example: string): Promise<{ leave: LeaveRequest } | { outcome: Outcome }> {
  if (!cmd.ref) return { outcome: say(`请注明请假单号，例如「${example}」。`) };
  const l = await ctx.stores.leave.get(Number(cmd.ref));
  return l ? { leave: l } : { outcome: say(`没有找到请假#${cmd.ref}，请核对单号。`) };
}

/** The line about the certificate a sick leave needs, for the approvers or (with its number) the requester. */
export function certificateLine(photos: number, forApprover: boolean, leaveId?: number): string {
  if (photos > 0) return `医生证明：已附照片${photos}张。`;
  if (forApprover) return '医生证明：尚未收到照片，收到后才能批准。';
  return `病假需提供医生证明：请直接发送证明照片（或发送照片时写「请假#${leaveId ?? '单号'}」），收到后审批人才能批准。`;
}
