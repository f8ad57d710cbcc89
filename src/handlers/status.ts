// 查询 #12: a ticket with its history. Also the ticket lookup every workflow command shares.
import type { Person, Ticket, TicketEventInput, TicketKind } from '../store/types.js';
import { TICKET_FINAL_STATUSES } from '../store/types.js';
import type { Command } from './command.js';
import type { Handler, HandlerContext } from './context.js';
import { KIND_ZH, LEAVE_STATUS_ZH, STATUS_ZH, eventLine, leaveLine, leaveRef, location, maskPhone, personLabel, ticketLine, ticketRef, when } from './format.js';
import { text, type Notify, type Outcome } from './outcome.js';
import { check, RANK } from './roles.js';

export const say = (t: string): Outcome => ({ reply: text(t) });

/** A push to one person. */
export const toPerson = (personId: number, t: string, dedupeKey: string): Notify => ({ to: { kind: 'person', personId }, message: text(t), dedupeKey });
/** A push to the duty group(s): never a full phone number here. */
export const toGroup = (t: string, dedupeKey: string): Notify => ({ to: { kind: 'duty-group' }, message: text(t), dedupeKey });

/** The event a command appends: who, what, which message. */
/** What every new ticket takes from the message: what, where, phone (a resident's own by default), urgency, source. */
export function ticketFromMessage(cmd: Command, ctx: HandlerContext, description: string) {
  const me = ctx.sender;
  return {
    description,
    building: cmd.building ?? null,
    unit: cmd.unit ?? null,
    room: cmd.room ?? null,
    phone: cmd.phone ?? (me.role === 'resident' ? me.phone : null),
    urgent: cmd.urgent === true,
    reporterId: me.id,
    sourcePlatform: ctx.message.platform,
    sourceChatId: ctx.message.chat.id,
  };
}

export function actor(ctx: HandlerContext, action: string, note?: string | null): TicketEventInput {
  return { actorId: ctx.sender.id, action, note: note ?? null, inboundId: ctx.inboundId, at: ctx.clock.now() };
}

/** A phone number as this reply may show it: in full only in a direct chat with staff or the owner. */
export function phoneFor(ctx: HandlerContext, phone: string | null): string {
  if (!phone) return '';
  return ctx.message.chat.type === 'group' ? maskPhone(phone) : phone;
}

const EXAMPLE: Record<string, string> = {
  dispatch: '派单 #12 张伟',
  accept: '接单 #12',
  arrive: '到场 #12',
  complete: '完工 #12 更换水管',
  followup: '回访 #12 5',
  close: '关闭 #12',
  cancel: '取消 #12 原因',
  reply: '回复 #12 内容 下次回复 明天10点',
  process: '处理 #12',
  resolve: '解决 #12 说明',
  invalid: '无效 #12 原因',
  status: '查询 #12',
  pause: '暂停 #12 住户不在家，明天上午再来',
  resume: '恢复 #12',
};

/** History actions of 暂停 / 恢复 (pause.ts), read like the others in format.ts ACTION_ZH. */
const PAUSE_ACTION_ZH: Record<string, string> = { pause: '暂停计时', resume: '恢复计时' };

/** Finds the ticket a command names, or the reply explaining why not. */
export async function loadTicket(cmd: Command, ctx: HandlerContext, kind?: TicketKind): Promise<{ ticket: Ticket } | { outcome: Outcome }> {
  if (!cmd.ref) return { outcome: say(`请注明单号，例如「${EXAMPLE[cmd.intent] ?? '查询 #12'}」。`) };
  const ticket = await ctx.stores.tickets.get(Number(cmd.ref));
  if (!ticket) return { outcome: say(`没有找到工单 #${cmd.ref}，请核对单号。`) };
  if (kind && ticket.kind !== kind) {
    return { outcome: say(`#${ticket.id} 是${KIND_ZH[ticket.kind]}单，不能执行「${cmd.text.split(/\s|#/)[0]}」。发送「查询 #${ticket.id}」查看详情。`) };
  }
  return { ticket };
}

/** What the next step on a ticket is, as the command to type. */
export function nextStep(t: Ticket): string {
  switch (t.status) {
    case 'pending':
      return `派单 #${t.id} 姓名 ／ 接单 #${t.id}`;
    case 'dispatched':
      return `接单 #${t.id}`;
    case 'accepted':
      return `到场 #${t.id}`;
    case 'arrived':
      return `完工 #${t.id} 说明`;
    case 'completed':
    case 'resolved':
      return `回访 #${t.id} 1-5分`;
    case 'followed_up':
      return `关闭 #${t.id}`;
    case 'received':
      return `回复 #${t.id} 内容 下次回复 时间`;
    case 'replied':
      return `处理 #${t.id} ／ 解决 #${t.id} 说明`;
    case 'processing':
      return `解决 #${t.id} 说明`;
    default:
      return '';
  }
}

async function nameOf(ctx: HandlerContext, cache: Map<number, Person | null>, id: number | null): Promise<string> {
  if (id == null) return '系统';
  if (!cache.has(id)) cache.set(id, await ctx.stores.people.byId(id));
  return cache.get(id)?.name ?? `#${id}`;
}

async function showTicket(t: Ticket, ctx: HandlerContext): Promise<string> {
  const off = ctx.config.utcOffsetMinutes;
  const people = new Map<number, Person | null>();
  const resident = ctx.sender.role === 'resident';
  const paused = t.pausedAt && !TICKET_FINAL_STATUSES.includes(t.status) ? t.pausedAt : null;
  const events = await ctx.stores.tickets.events(t.id);
  const lines = [`${ticketRef(t)} ${STATUS_ZH[t.status]}${paused ? '·已暂停' : ''}${t.urgent ? '（紧急）' : ''}`];
  if (paused) {
    const reason = events.filter((e) => e.action === 'pause').at(-1)?.note;
    lines.push(`已暂停：${when(paused, off)}起${reason ? `，原因：${reason}` : ''}`);
  }
  const where = location(t);
  if (where) lines.push(`位置：${where}`);
  lines.push(`内容：${t.description}`);
  if (t.phone) lines.push(`电话：${phoneFor(ctx, t.phone)}`);
  if (t.assigneeId) lines.push(`处理人：${await nameOf(ctx, people, t.assigneeId)}`);
  if (!resident && t.accusedId) lines.push(`被投诉人：${await nameOf(ctx, people, t.accusedId)}（回避）`);
  if (t.nextReplyAt && t.kind === 'complaint') lines.push(`下次回复：${when(t.nextReplyAt, off)}`);
  if (t.rating) lines.push(`评分：${t.rating}分`);
  lines.push('记录：');
  for (const e of events) lines.push(eventLine({ ...e, action: PAUSE_ACTION_ZH[e.action] ?? e.action }, await nameOf(ctx, people, e.actorId), off));
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
  const lines = [`${leaveRef(leave)} ${LEAVE_STATUS_ZH[leave.status]}`, `${who ? personLabel(who) : ''} ${leaveLine(leave)}`.trim()];
  if (leave.reason) lines.push(`事由：${leave.reason}`);
  if (leave.certificateRequired) lines.push('需提供医生证明');
  if (approver && leave.decidedAt) lines.push(`审批：${approver.name} ${when(leave.decidedAt, ctx.config.utcOffsetMinutes)}`);
  return say(lines.join('\n'));
}
