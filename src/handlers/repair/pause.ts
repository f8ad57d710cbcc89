// 暂停 #12 原因 / 恢复 #12: a repair's SLA clocks stand still while the work cannot go on for the
// resident's sake (not at home, buying the part themselves …) and run again afterwards, every due
// time moved later by the time they stood still. The sweep skips paused clocks (jobs/sla-sweep.ts).
import { TICKET_FINAL_STATUSES, type ClockName, type Ticket, type TicketPatch, type TicketStatus } from '../../store/index.js';
import type { Command } from '../command/command.js';
import type { Handler, HandlerContext } from '../context.js';
import { pausePush, resumePush } from '../dedupe-keys.js';
import { clip, location, personLabel, ticketLine, ticketRef, when } from '../format.js';
import { say, toGroup, toPerson, type Notify, type Outcome } from '../outcome.js';
import { check } from '../roles.js';
import type { ResumedClock } from '../sla/deadlines.js';
import { duration } from '../sla/ladder.js';
import { actor, onTicket, STATUS_ZH, ticketItem as item } from '../ticket.js';
import { REPAIR_CLOCK_ZH } from './states.js';

/** A repair waits for the resident only once someone has taken it on and before it is done. */
export const PAUSABLE: readonly TicketStatus[] = ['accepted', 'arrived'];

const clockZh = (c: ClockName) => REPAIR_CLOCK_ZH[c] ?? c;
/** In the order the work meets them: 到场 before 完工. */
const ORDER: readonly ClockName[] = ['response', 'arrival', 'resolve', 'followup', 'approval', 'confirm', 'due'];
const inOrder = <T extends { clock: ClockName }>(cs: T[]): T[] => [...cs].sort((a, b) => ORDER.indexOf(a.clock) - ORDER.indexOf(b.clock));

/** Where each clock's due time is kept on the ticket (as repair.ts stores them). */
const DUE_FIELD: Partial<Record<ClockName, 'responseDueAt' | 'arrivalDueAt' | 'resolveDueAt' | 'followupDueAt'>> = {
  response: 'responseDueAt',
  arrival: 'arrivalDueAt',
  resolve: 'resolveDueAt',
  followup: 'followupDueAt',
};

/** The reason given at the last 暂停, from the ticket's history. */
export async function pauseReason(t: Ticket, ctx: HandlerContext): Promise<string | null> {
  const events = await ctx.stores.tickets.events(t.id);
  return events.filter((e) => e.action === 'pause').at(-1)?.note ?? null;
}

/** The id of the event just appended (the store returns the ticket, not the event). */
async function lastEventId(t: Ticket, ctx: HandlerContext): Promise<number> {
  return (await ctx.stores.tickets.events(t.id)).at(-1)?.id ?? 0;
}

const notPausable = (t: Ticket) => {
  const head = `${ticketRef(t)} 当前状态为「${STATUS_ZH[t.status]}」，不能暂停计时。`;
  if (t.status === 'pending' || t.status === 'dispatched') return say(`${head}请先接单；暂停用于已接单后因住户原因暂时无法上门或施工的报修。`);
  return say(`${head}发送「查询 #${t.id}」查看进度。`);
};

/** 暂停 #12 住户不在家，明天上午再来 */
export const pause: Handler = onTicket(undefined, 'ticket.pause', async (t, cmd, ctx) => {
  const me = ctx.sender;
  if (t.kind === 'complaint') return say(`投诉不能暂停计时。如需延后答复，请发送「回复 #${t.id} 内容 下次回复 时间」与投诉人约定下次答复时间。`);
  if (!PAUSABLE.includes(t.status)) return notPausable(t);
  const off = ctx.config.utcOffsetMinutes;
  if (t.pausedAt) return say(`${ticketRef(t)} 已于${when(t.pausedAt, off)}暂停计时，无需重复暂停。可以继续时请发送「恢复 #${t.id}」。`);
  const reason = cmd.detail?.trim();
  if (!reason) return say(`请写明暂停原因，例如「暂停 #${t.id} 住户不在家，明天上午再来」。可以继续时发送「恢复 #${t.id}」，时限将顺延暂停的时长。`);

  const now = ctx.clock.now();
  const updated = await ctx.stores.tickets.amend(t.id, { pausedAt: now }, actor(ctx, 'pause', reason));
  const paused = inOrder(await ctx.deadlines.pause(item(t), now));
  const eventId = await lastEventId(t, ctx);

  const stopped = paused.length ? paused.map((c) => `${clockZh(c.clock)}（原定${when(c.dueAt, off)}）`).join('、') : '无（当前没有计时中的时限）';
  const lines = [`已暂停计时：${ticketLine(updated)}`, `原因：${reason}`, `已停止的时限：${stopped}`, `可以继续时请发送「恢复 #${t.id}」，时限将顺延暂停的时长。`];

  const notify: Notify[] = [];
  if (t.reporterId && t.reporterId !== me.id) {
    const what = `${location(t) ? `${location(t)} ` : ''}${clip(t.description, 30)}`;
    notify.push(toPerson(t.reporterId, `您的${ticketRef(t)}（${what}）暂停处理，原因：${reason}。\n具备上门条件后我们会继续处理；如有疑问请联系客服中心。`, pausePush(t.id, eventId)));
  }
  // Someone else paused the engineer's job: the engineer must know the clock stopped and why.
  if (t.assigneeId && t.assigneeId !== me.id && t.assigneeId !== t.reporterId) {
    notify.push(toPerson(t.assigneeId, `${ticketRef(t)} 已由${personLabel(me)}暂停计时，原因：${reason}。可以继续时请发送「恢复 #${t.id}」。`, pausePush(t.id, eventId, true)));
  }
  return { reply: { text: lines.join('\n') }, notify };
});

/** 恢复 #12 [说明] */
export const resume: Handler = onTicket(undefined, 'ticket.resume', async (t, cmd, ctx) => {
  const me = ctx.sender;
  if (TICKET_FINAL_STATUSES.includes(t.status)) return say(`${ticketRef(t)} 当前状态为「${STATUS_ZH[t.status]}」，无需恢复计时。`);
  if (!t.pausedAt) return say(`${ticketRef(t)} 没有暂停计时，无需恢复。发送「查询 #${t.id}」查看进度。`);

  const now = ctx.clock.now();
  const off = ctx.config.utcOffsetMinutes;
  const reason = await pauseReason(t, ctx);
  const resumed = inOrder(await ctx.deadlines.resume(item(t), now));
  const due: Pick<TicketPatch, 'responseDueAt' | 'arrivalDueAt' | 'resolveDueAt' | 'followupDueAt'> = {};
  for (const c of resumed) {
    const field = DUE_FIELD[c.clock];
    if (field) due[field] = c.dueAt;
  }
  const pausedMs = now.getTime() - t.pausedAt.getTime();
  // Under a minute the due times shown (to the minute) do not move: say so instead of "1 minute" beside unchanged times.
  const brief = pausedMs < 60_000;
  const pausedFor = brief ? '不足1分钟' : duration(pausedMs);
  const moved = (c: ResumedClock) => `${clockZh(c.clock)}顺延至${when(c.dueAt, off)}`;
  // The note carries the new due times, so 查询 shows them in the history.
  const note = [[`暂停${pausedFor}`, ...resumed.map(moved)].join('，'), cmd.detail?.trim()].filter(Boolean).join('；');
  const updated = await ctx.stores.tickets.amend(t.id, { pausedAt: null, ...due }, actor(ctx, 'resume', note));
  const eventId = await lastEventId(t, ctx);

  const dueLines = brief ? ['各时限不变。'] : resumed.map((c) => `${clockZh(c.clock)}时限：${when(c.dueAt, off)}（原定${when(c.previousDueAt, off)}）`);
  const next = t.status === 'accepted' ? `到场后请回复「到场 #${t.id}」。` : `完工后请回复「完工 #${t.id} 处理说明」。`;
  const reply = [`已恢复计时：${ticketRef(t)}，共暂停${pausedFor}。`, ...dueLines, next];

  const assignee = t.assigneeId ? await ctx.stores.people.byId(t.assigneeId) : null;
  const push = [
    `【恢复计时】${ticketLine(updated)}`,
    `暂停${pausedFor}${reason ? `（${clip(reason, 40)}）` : ''}，由${me.name}恢复。`,
    ...dueLines,
    ...(assignee ? [`处理人：${assignee.name}`] : []),
  ].join('\n');
  return { reply: { text: reply.join('\n') }, notify: [toGroup(push, resumePush(t.id, eventId), t.propertyId)] };
});

/**
 * 到场 / 完工 on a paused repair resumes its clocks first (the work is evidently going on again).
 * Returns the resume outcome to merge, or null when the ticket was not paused.
 */
export async function resumeBeforeWork(t: Ticket, cmd: Command, ctx: HandlerContext): Promise<Outcome | null> {
  if (!t.pausedAt || TICKET_FINAL_STATUSES.includes(t.status)) return null;
  return resume({ ...cmd, detail: undefined }, ctx);
}

/** The resume outcome's pushes plus the step's own reply and pushes. */
export function afterResume(resumed: Outcome | null, step: Outcome): Outcome {
  if (!resumed) return step;
  const first = resumed.reply?.text.split('\n')[0];
  return {
    reply: step.reply && first ? { text: `${first}\n${step.reply.text}` } : step.reply,
    notify: [...(resumed.notify ?? []), ...(step.notify ?? [])],
  };
}
