// 回访 and 关闭 for repairs and complaints (docs/desk-rules.md#repair-follow-up-visit, #complaint-follow-up-and-targets).
// The resident may rate their own ticket; the desk follows every repair and every valid complaint up by phone and
// records who called, the rating and the note — also after the resident rated. A low rating goes to the lead and the
// supervisor and reopens the follow-up. Closing without a follow-up is refused, except by a supervisor or manager
// who gives a reason (recorded).
import type { Ticket, TicketStatus } from '../store/index.js';
import { DESK_TEAM } from './categories.js';
import type { Command } from './command/command.js';
import type { HandlerContext } from './context.js';
import { itemPush } from './dedupe-keys.js';
import { clip, ticketLine, ticketRef } from './format.js';
import { say, toPerson, type Notify, type Outcome } from './outcome.js';
import { check, type Action } from './roles.js';
import { actor, raced, ticketItem as item, wrongStatus } from './ticket.js';

/** The status a ticket waits for its follow-up in. */
const AWAITING: Partial<Record<Ticket['kind'], TicketStatus>> = { repair: 'completed', complaint: 'resolved' };
const noun = (t: Ticket) => (t.kind === 'repair' ? '报修' : '投诉');

/** 回访 #12 4 [说明] */
export async function followup(t: Ticket, cmd: Command, ctx: HandlerContext): Promise<Outcome> {
  const awaiting = AWAITING[t.kind];
  if (!awaiting) return say(`${ticketRef(t)} 是咨询，不需要回访。可发送「关闭 #${t.id}」结束。`);
  const denied = check(`${t.kind}.followup` as Action, ctx.sender, t);
  if (denied) return say(ctx.sender.role === 'resident' ? `抱歉，只能评价您本人提交的${noun(t)}。` : denied);
  if (!cmd.rating) return say(`请附上1-5分的评分，例如「回访 #${t.id} 5 电话回访住户满意」。`);
  const resident = ctx.sender.role === 'resident';
  const note = `${cmd.rating}分${cmd.detail ? `：${clip(cmd.detail, 200)}` : ''}`;
  if (t.status === 'followed_up') {
    if (resident) return say(`${ticketRef(t)} 已回访，谢谢！`);
    // The desk's call after the resident rated is recorded too: who called, the rating, the note.
    await ctx.stores.tickets.amend(t.id, { rating: cmd.rating }, actor(ctx, 'followed_up', `电话回访：${note}`));
    return lowRating(t, cmd.rating, ctx, say(`已登记电话回访：${ticketRef(t)}，评分${cmd.rating}分。可发送「关闭 #${t.id}」结单。`));
  }
  if (t.status !== awaiting) return wrongStatus(t, '回访');
  const now = ctx.clock.now();
  const how = resident ? note : `电话回访：${note}`;
  if (!(await ctx.stores.tickets.transition(t.id, awaiting, 'followed_up', actor(ctx, 'followed_up', how), { rating: cmd.rating }))) return raced(t);
  await ctx.deadlines.meet(item(t), 'followup', now);
  const thanks = resident
    ? `感谢您的评价（${cmd.rating}分）！${ticketRef(t)} 已回访。如还有问题，请随时告诉我们。`
    : `已登记回访：${ticketRef(t)}，评分${cmd.rating}分。可发送「关闭 #${t.id}」${t.kind === 'repair' ? '结单' : '结案'}。`;
  return lowRating({ ...t, status: 'followed_up' }, cmd.rating, ctx, say(thanks));
}

/**
 * A rating at or below LOW_RATING: the team's lead and the supervisors hear it at once, and the follow-up opens
 * again (status back to awaiting it, a new 2-working-day clock for the desk).
 */
async function lowRating(t: Ticket, rating: number, ctx: HandlerContext, done: Outcome): Promise<Outcome> {
  if (rating > ctx.config.desk.lowRating) return done;
  const awaiting = AWAITING[t.kind]!;
  const now = ctx.clock.now();
  const reopened = await ctx.stores.tickets.transition(t.id, 'followed_up', awaiting, actor(ctx, 'low_rating', `${rating}分，重新回访`));
  if (!reopened) return done;
  const followupDueAt = await ctx.deadlines.start(item(t), 'followup', { at: now, kind: t.kind });
  await ctx.stores.tickets.setDue(t.id, { followupDueAt });
  const text = `【低分评价】${ticketLine(t)} 评分${rating}分，请组长和主管跟进；客服需再次回访：「回访 #${t.id} 评分 说明」。`;
  const people = ctx.stores.people;
  const leads = t.team ? await people.byRole('lead', t.team, t.propertyId) : [];
  const deskLeads = t.team !== DESK_TEAM ? await people.byRole('lead', DESK_TEAM, t.propertyId) : [];
  const notify: Notify[] = [...leads, ...deskLeads, ...(await people.byRole('supervisor', null, t.propertyId))]
    .filter((p, i, all) => p.verified && p.id !== t.accusedId && all.findIndex((q) => q.id === p.id) === i)
    .map((p) => toPerson(p.id, text, itemPush('ticket', t.id, `low-rating:${ctx.inboundId}`, p.id)));
  const sorry = ctx.sender.role === 'resident' ? '\n很抱歉没有让您满意，主管会跟进处理，客服也会再次与您联系。' : '\n评分较低，已通知组长和主管，并重新开启回访。';
  return { reply: done.reply && { text: `${done.reply.text}${sorry}` }, notify: [...(done.notify ?? []), ...notify] };
}

/** 关闭 #12 [原因] */
export async function close(t: Ticket, cmd: Command, ctx: HandlerContext): Promise<Outcome> {
  const action: Action = t.kind === 'inquiry' ? 'inquiry.handle' : (`${t.kind}.close` as Action);
  const denied = check(action, ctx.sender, t);
  if (denied) return say(denied);
  const now = ctx.clock.now();
  const closeFrom = async (from: TicketStatus, note: string | null | undefined) => {
    if (!(await ctx.stores.tickets.transition(t.id, from, 'closed', actor(ctx, 'closed', note), { closedAt: now }))) return raced(t);
    await ctx.deadlines.stopAll(item(t), now);
    return say(`已关闭：${ticketRef(t)}。`);
  };
  if (t.kind === 'inquiry') return t.status === 'replied' ? closeFrom('replied', cmd.detail) : t.status === 'received' ? say(`请先回复住户：「回复 #${t.id} 内容」。`) : wrongStatus(t, '关闭');
  if (t.status === 'followed_up') return closeFrom('followed_up', cmd.detail);
  const awaiting = AWAITING[t.kind]!;
  if (t.status === awaiting) {
    // Every repair and every valid complaint is followed up; only a supervisor may close one without, saying why.
    const senior = ctx.sender.role === 'supervisor' || ctx.sender.role === 'manager';
    const reason = cmd.detail?.trim();
    if (senior && reason) return closeFrom(awaiting, `未回访关闭：${reason}`);
    const rule = t.kind === 'complaint' ? '有效投诉必须回访后才能关闭' : '报修必须回访后才能关闭';
    return say(`${rule}。请先电话回访：「回访 #${t.id} 评分 说明」。确实无法回访的，可由主管发送「关闭 #${t.id} 原因」（原因会记入历史）。`);
  }
  if (t.kind === 'complaint' && (t.status === 'received' || t.status === 'replied' || t.status === 'processing')) {
    return say(`${ticketRef(t)} 尚未解决。有效投诉必须解决并回访后才能关闭；如属无效投诉，请由组长或主管发送「无效 #${t.id} 原因」。`);
  }
  return wrongStatus(t, '关闭');
}
