// A sick leave longer than LEAVE_SICK_NO_CERT_DAYS needs a doctor's certificate before it may be approved: a photo the
// requester sends. Photos go onto a leave request when (1) the 请假 message itself carries them, (2) the text names it
// (请假#3, 证明 #3), or (3) a message with only photos comes while the sender's sick leave waits for its certificate
// (unless a report of theirs is newer: photos then belong to the report, media/attach.ts). The approvers are told.
import type { LeaveRequest } from '../../store/index.js';
import type { Command } from '../command/command.js';
import type { Handler, HandlerContext } from '../context.js';
import { itemPush } from '../dedupe-keys.js';
import { leaveRef } from '../format.js';
import type { MediaItem } from '../media/attach.js';
import { say, text, toPerson, type Outcome } from '../outcome.js';

/** 请假#3 ／ 证明 #3 ／ 医生证明 请假#3 with the photos. */
const NAMES_LEAVE = /^(?:(?:医生|病假)?证明\s*)?(?:请假\s*#|(?:医生|病假)?证明\s*#?)\s*(\d{1,9})\s*$/;

async function attach(items: MediaItem[], l: LeaveRequest, ctx: HandlerContext): Promise<{ line: string; notify: ReturnType<typeof toPerson>[] }> {
  const images = items.filter((i) => i.kind === 'image');
  const rows = images.map((i) => ({ leaveId: l.id, kind: i.kind, platform: ctx.message.platform, ref: i.ref, senderId: ctx.sender.id, inboundId: ctx.inboundId }));
  await ctx.stores.leave.addMedia(rows, ctx.clock.now());
  const photos = await ctx.stores.leave.imageCount(l.id);
  if (!images.length) return { line: `${leaveRef(l)} 需要的是证明照片，请发送照片。`, notify: [] };
  if (l.status !== 'pending' || !l.certificateRequired) return { line: `已收到照片，已附在${leaveRef(l)}。`, notify: [] };
  const names = (await ctx.stores.people.byIds(l.askedIds)).map((p) => p.name);
  const push = `${leaveRef(l)}（${ctx.sender.name}）的医生证明已附上（照片${photos}张），可以审批：「批准 #${l.id}」或「驳回 #${l.id} 原因」。`;
  const notify = l.askedIds.map((id) => toPerson(id, push, itemPush('leave', l.id, 'certificate', ctx.inboundId, 'approver', id)));
  return { line: `已收到医生证明照片，已附在${leaveRef(l)}${names.length ? `，已通知审批人${names.join('、')}` : ''}。`, notify };
}

/** The sender's latest pending sick leave that waits for its certificate. */
async function waiting(ctx: HandlerContext): Promise<LeaveRequest | null> {
  const mine = (await ctx.stores.leave.listFor(ctx.sender.id, 'pending')).filter((l) => l.certificateRequired);
  return mine.at(-1) ?? null;
}

/**
 * Photos for a leave request, or null when they are not about one (the ticket rules take them).
 * `newerReport`: when the sender's latest report within the attach window was made, if any.
 */
export async function routeLeaveMedia(items: MediaItem[], cmd: Command, ctx: HandlerContext, run: Handler, noCommand: boolean, newerReport: () => Promise<Date | null>): Promise<Outcome | null> {
  const named = NAMES_LEAVE.exec(cmd.text.trim())?.[1];
  if (named) {
    const l = await ctx.stores.leave.get(Number(named));
    if (!l) return say(`没有找到请假#${named}，请核对单号后重新发送照片并写「请假#单号」。`);
    if (l.personId !== ctx.sender.id) return say('抱歉，只能给您本人的请假附证明照片。');
    const { line, notify } = await attach(items, l, ctx);
    return { reply: text(line), notify };
  }
  if (cmd.intent === 'leave') {
    const outcome = await run(cmd, ctx);
    const created = (await ctx.stores.leave.listFor(ctx.sender.id, 'pending')).find((l) => l.inboundId === ctx.inboundId);
    if (!created) return outcome;
    const { line, notify } = await attach(items, created, ctx);
    const r = outcome.reply;
    return { ...outcome, reply: r ? { ...r, text: `${r.text}\n${line}` } : text(line), notify: [...(outcome.notify ?? []), ...notify] };
  }
  if (!noCommand || /#\s*\d/.test(cmd.text)) return null;
  const l = await waiting(ctx);
  if (!l) return null;
  const report = await newerReport();
  if (report && report > l.createdAt) return null;
  const { line, notify } = await attach(items, l, ctx);
  return { reply: text(line), notify };
}
