// 查询 #12 (a ticket with its history), 查询 (my open tickets), 查询 请假#3 (a leave request).
import { TICKET_FINAL_STATUSES, type Person, type Ticket } from '../store/index.js';
import type { Handler, HandlerContext } from './context.js';
import { leaveRef, personLabel, ticketLine, ticketRef, when } from './format.js';
import { mediaLine } from './media/summary.js';
import { certificateLine } from './leave/common.js';
import { LEAVE_STATUS_ZH, leaveLine, leaveWhen } from './leave/states.js';
import { say, type Outcome } from './outcome.js';
import { check, RANK } from './roles.js';
import { eventLine, loadTicket, nextStep, STATUS_ZH, viewFor } from './ticket.js';

async function nameOf(ctx: HandlerContext, cache: Map<number, Person | null>, id: number | null): Promise<string> {
  if (id == null) return '系统';
  if (!cache.has(id)) cache.set(id, await ctx.stores.people.byId(id));
  return cache.get(id)?.name ?? `#${id}`;
}

async function showTicket(t: Ticket, ctx: HandlerContext): Promise<string> {
  const off = ctx.config.utcOffsetMinutes;
  const people = new Map<number, Person | null>();
  const resident = ctx.sender.role === 'resident';
  const view = viewFor(ctx, t);
  // A complaint outside the people working it (a group chat, other staff) shows number, place and deadline only.
  const brief = t.kind === 'complaint' && !view.full;
  const paused = t.pausedAt && !TICKET_FINAL_STATUSES.includes(t.status) ? t.pausedAt : null;
  const events = await ctx.stores.tickets.events(t.id);
  const lines = [`${ticketRef(t)} ${STATUS_ZH[t.status]}${paused ? '·已暂停' : ''}${t.urgent ? '（紧急）' : ''}`];
  if (paused) {
    const reason = events.filter((e) => e.action === 'pause').at(-1)?.note;
    lines.push(`已暂停：${when(paused, off)}起${reason ? `，原因：${view.text(reason)}` : ''}`);
  }
  if (t.category) lines.push(`类别：${t.category}${t.team ? `（${t.team}组）` : ''}`);
  const where = view.location();
  if (where) lines.push(`位置：${where}`);
  if (!brief) lines.push(`内容：${view.text(t.description)}`);
  if (t.phone) lines.push(`电话：${view.phone()}`);
  if (t.assigneeId) lines.push(`处理人：${await nameOf(ctx, people, t.assigneeId)}`);
  if (!resident && !brief && t.accusedId) lines.push(`被投诉人：${await nameOf(ctx, people, t.accusedId)}（回避）`);
  if (t.appointmentAt) lines.push(`约定上门：${when(t.appointmentAt, off)}`);
  if (t.nextReplyAt && t.kind === 'complaint') lines.push(`下次回复：${when(t.nextReplyAt, off)}`);
  if (t.rating) lines.push(`评分：${t.rating}分`);
  const media = brief ? '' : await mediaLine(ctx.stores, t.id); // photos and voice (media/summary.ts)
  if (media) lines.push(media);
  if (!brief) {
    lines.push('记录：');
    for (const e of events) lines.push(eventLine({ ...e, note: e.note && view.text(e.note) }, await nameOf(ctx, people, e.actorId), off));
  }
  const next = paused ? `恢复 #${t.id}` : nextStep(t);
  if (next && !resident) lines.push(`下一步：${next}`);
  if (resident && (t.status === 'completed' || t.status === 'resolved')) lines.push(`请回复「回访 #${t.id} 1-5分」评价。`);
  return lines.join('\n');
}

/** 查询 #12 — or 查询 alone: my open tickets. 查询 请假#3: a leave request. */
export const status: Handler = async (cmd, ctx) => {
  if (cmd.ref && /请假/.test(cmd.text)) return showLeave(Number(cmd.ref), ctx);
  if (!cmd.ref) return listMine(ctx);
  const found = await loadTicket(cmd, ctx);
  if ('outcome' in found) return found.outcome;
  const t = found.ticket;
  if (t.accusedId === ctx.sender.id) return say(`${ticketRef(t)} 是与您有关的投诉，按规定应当回避，不能查看详情。`);
  const denied = check('ticket.view', ctx.sender, { reporterId: t.reporterId });
  if (denied) return say(ctx.sender.role === 'resident' ? '抱歉，只能查询您本人提交的工单。' : denied);
  return say(await showTicket(t, ctx));
};

async function listMine(ctx: HandlerContext): Promise<Outcome> {
  const me = ctx.sender;
  const tickets = me.role === 'resident' ? await ctx.stores.tickets.listOpen({ reporterId: me.id }) : await ctx.stores.tickets.listOpen({ assigneeId: me.id });
  if (!tickets.length) return say(me.role === 'resident' ? '您目前没有进行中的报修或投诉。查询某一单请发送「查询 #单号」。' : '您名下没有进行中的工单。查询某一单请发送「查询 #单号」。');
  const head = me.role === 'resident' ? '您进行中的工单：' : '您名下进行中的工单：';
  return say([head, ...tickets.slice(0, 10).map((t) => `${ticketLine(t)}（${STATUS_ZH[t.status]}）`), '详情请发送「查询 #单号」。'].join('\n'));
}

async function showLeave(id: number, ctx: HandlerContext): Promise<Outcome> {
  const leave = await ctx.stores.leave.get(id);
  if (!leave) return say(`没有找到请假#${id}，请核对单号。`);
  const me = ctx.sender;
  if (leave.personId !== me.id && RANK[me.role] < RANK.lead) return say('抱歉，只能查询您本人的请假。');
  const who = await ctx.stores.people.byId(leave.personId);
  const approver = leave.approverId ? await ctx.stores.people.byId(leave.approverId) : null;
  const off = ctx.config.utcOffsetMinutes;
  const lines = [`${leaveRef(leave)} ${LEAVE_STATUS_ZH[leave.status]}`, `${who ? personLabel(who) : ''} ${leaveLine(leave)}`.trim()];
  if (leave.reason) lines.push(`事由：${leave.reason}`);
  if (leave.certificateRequired) lines.push(`需提供医生证明。${certificateLine(await ctx.stores.leave.imageCount(leave.id), true)}`);
  if (approver && leave.decidedAt) lines.push(`审批：${approver.name} ${when(leave.decidedAt, off)}`);
  if (leave.returnedAt) lines.push(`销假：${when(leave.returnedAt, off)}${leave.plannedEnd ? `，提前返岗（原为${leaveWhen({ ...leave, ...leave.plannedEnd })}）` : ''}`);
  return say(lines.join('\n'));
}
