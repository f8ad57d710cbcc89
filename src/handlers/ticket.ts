// What repairs and complaints share: one numbering, the lookup every ticket command starts with, the history
// event a command appends, and how statuses and history lines read.
import type { Ticket, TicketEvent, TicketEventInput, TicketKind, TicketStatus } from '../store/index.js';
import { COMPLAINT_ACTION_ZH, COMPLAINT_STATUS_ZH, complaintNextStep } from './complaint/states.js';
import type { Command } from './command/command.js';
import type { Handler, HandlerContext } from './context.js';
import { clip, KIND_ZH, ticketRef, when } from './format.js';
import { ticketView, type Reader, type TicketView } from './privacy.js';
import { say, type Outcome } from './outcome.js';
import { check, type Action } from './roles.js';
import { INQUIRY_ACTION_ZH, INQUIRY_STATUS_ZH, inquiryNextStep } from './inquiry/states.js';
import { REPAIR_ACTION_ZH, REPAIR_STATUS_ZH, repairNextStep } from './repair/states.js';

export const STATUS_ZH: Record<TicketStatus, string> = { ...INQUIRY_STATUS_ZH, ...REPAIR_STATUS_ZH, ...COMPLAINT_STATUS_ZH };

/** History actions as people read them (handed over at 接班 is the only one both kinds share besides the status steps). */
export const ACTION_ZH: Record<string, string> = {
  ...INQUIRY_ACTION_ZH,
  ...REPAIR_ACTION_ZH,
  ...COMPLAINT_ACTION_ZH,
  handover: '交接班转交',
  categorized: '调整分类',
  converted: '转单',
  appointed: '约定上门',
  low_rating: '低分重新回访',
  handed_back: '退回',
};

/** The command to type next on a ticket, '' when nothing is left. */
export const nextStep = (t: Pick<Ticket, 'id' | 'status' | 'kind'>): string =>
  t.kind === 'repair' ? repairNextStep(t) : t.kind === 'complaint' ? complaintNextStep(t) : inquiryNextStep(t);

/** The SLA item a ticket's clocks belong to. */
export const ticketItem = (t: Pick<Ticket, 'id'>) => ({ type: 'ticket' as const, id: t.id });

/** Someone changed the ticket between our read and our write. */
export const raced = (t: Ticket): Outcome => say(`${ticketRef(t)} 状态刚刚发生了变化，请发送「查询 #${t.id}」查看最新进度。`);

export const wrongStatus = (t: Ticket, doing: string): Outcome => say(`${ticketRef(t)} 当前状态为「${STATUS_ZH[t.status]}」，不能${doing}。发送「查询 #${t.id}」查看进度。`);

/** One history line: `11月23日 09:05 赵强 派单 → 已派单：派给张伟`. */
export function eventLine(e: TicketEvent, actorName: string, offsetMinutes: number): string {
  const change = e.toStatus && e.toStatus !== e.fromStatus ? ` → ${STATUS_ZH[e.toStatus]}` : '';
  return `${when(e.createdAt, offsetMinutes)} ${actorName} ${ACTION_ZH[e.action] ?? e.action}${change}${e.note ? `：${clip(e.note, 60)}` : ''}`;
}

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
    propertyId: ctx.place.property.id,
  };
}

/** The event a command appends: who, what, which message. */
export function actor(ctx: HandlerContext, action: string, note?: string | null): TicketEventInput {
  return { actorId: ctx.sender.id, action, note: note ?? null, inboundId: ctx.inboundId, at: ctx.clock.now() };
}

/** Who reads this command's reply: the whole group, or the sender in a direct chat. */
export const readerOf = (ctx: HandlerContext): Reader => (ctx.message.chat.type === 'group' ? 'group' : ctx.sender);

/** The ticket as this command's reply may show it (need to know). */
export const viewFor = (ctx: HandlerContext, t: Ticket): TicketView => ticketView(readerOf(ctx), t);

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

/**
 * A command on one ticket: finds the ticket it names (of `kind`, when given), checks the sender may do `action` on
 * it (recusal included), then runs `body`; otherwise replies why not.
 */
export function onTicket(kind: TicketKind | undefined, action: Action, body: (t: Ticket, cmd: Command, ctx: HandlerContext) => Promise<Outcome>): Handler {
  return async (cmd, ctx) => {
    const found = await loadTicket(cmd, ctx, kind);
    if ('outcome' in found) return found.outcome;
    const denied = check(action, ctx.sender, found.ticket);
    return denied ? say(denied) : body(found.ticket, cmd, ctx);
  };
}
