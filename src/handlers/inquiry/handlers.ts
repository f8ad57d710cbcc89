// 咨询: a resident's message that is no command is never dropped. It becomes an enquiry the desk answers within the
// complaint's reply deadline (回复 #12 内容), closes (关闭 #12), or turns into a repair or complaint (转报修 #12 /
// 转投诉 #12: the same number, the new kind's deadlines and routing, the enquiry's clock stopped).
import { DEFAULT_CATEGORY, DESK_TEAM, isCategory, type Category } from '../categories.js';
import type { Command } from '../command/command.js';
import { complaintCategory } from '../complaint/handlers.js';
import type { Handler, HandlerContext } from '../context.js';
import { itemPush } from '../dedupe-keys.js';
import { clip, duration, location, minutesBetween, ticketRef, when } from '../format.js';
import { say, toGroup, toPerson, type Notify } from '../outcome.js';
import { repairCategory } from '../repair/report.js';
import { check } from '../roles.js';
import { routeTo } from '../routing.js';
import { actor, onTicket, raced, ticketFromMessage, ticketItem as item, wrongStatus } from '../ticket.js';
import type { Ticket } from '../../store/index.js';

/** The desk's people: who answers an enquiry. */
async function desk(ctx: HandlerContext, propertyId: number) {
  const people = ctx.stores.people;
  return [...(await people.byRole('staff', DESK_TEAM, propertyId)), ...(await people.byRole('lead', DESK_TEAM, propertyId))].filter((p) => p.verified && p.id !== ctx.sender.id);
}

/** 咨询: any text from a resident that is not a command, a greeting or a thank-you. */
export const inquiry: Handler = async (cmd, ctx) => {
  const me = ctx.sender;
  const text = (cmd.detail ?? cmd.text).trim();
  if (!text) return say('您好，请直接描述问题和房号，我们会尽快处理。');
  const now = ctx.clock.now();
  const category: Category = cmd.category && isCategory(cmd.category) ? cmd.category : DEFAULT_CATEGORY.inquiry;
  const t = await ctx.stores.tickets.create(
    { kind: 'inquiry', status: 'received', category, team: DESK_TEAM, ...ticketFromMessage(cmd, ctx, text) },
    actor(ctx, 'created', `类别：${category}`),
  );
  const responseDueAt = await ctx.deadlines.start(item(t), 'response', { at: now, kind: 'complaint' });
  await ctx.stores.tickets.setDue(t.id, { responseDueAt });
  const off = ctx.config.utcOffsetMinutes;
  const push = [
    `【新咨询】${ticketRef(t)}`,
    ...(location(t) ? [`位置：${location(t)}`] : []),
    `内容：${clip(text, 200)}`,
    `请在${when(responseDueAt, off)}前回复：「回复 #${t.id} 内容」；是报修或投诉的，发送「转报修 #${t.id}」或「转投诉 #${t.id}」。`,
  ].join('\n');
  const notify: Notify[] = (await desk(ctx, t.propertyId)).map((p) => toPerson(p.id, push, itemPush('ticket', t.id, 'created', 'desk', p.id)));
  if (!notify.length) notify.push(toGroup(`【新咨询】${ticketRef(t)} 请客服在${when(responseDueAt, off)}前回复：「回复 #${t.id} 内容」。`, itemPush('ticket', t.id, 'created', 'group'), t.propertyId));
  const within = duration(minutesBetween(now, responseDueAt));
  const reply = me.role === 'resident' ? `已收到您的留言（${ticketRef(t)}），客服将在${within}内回复您。如需报修，请描述问题和房号，例如「7栋1单元803 厨房水管漏水」。` : `已登记${ticketRef(t)}，客服须在${within}内回复。`;
  return { reply: { text: reply }, notify };
};

/** 回复 #12 内容 on an enquiry: the answer goes to the resident. */
export async function inquiryReply(t: Ticket, cmd: Command, ctx: HandlerContext) {
  const denied = check('inquiry.handle', ctx.sender, t);
  if (denied) return say(denied);
  if (t.status !== 'received' && t.status !== 'replied') return wrongStatus(t, '回复');
  const content = cmd.detail?.trim();
  if (!content) return say(`请写明回复内容，例如「回复 #${t.id} 已转工程部，明天上午上门查看」。`);
  const now = ctx.clock.now();
  const updated =
    t.status === 'received'
      ? await ctx.stores.tickets.transition(t.id, 'received', 'replied', actor(ctx, 'replied', content), { assigneeId: ctx.sender.id })
      : await ctx.stores.tickets.amend(t.id, {}, actor(ctx, 'replied', content));
  if (!updated) return raced(t);
  await ctx.deadlines.meet(item(t), 'response', now);
  const notify = t.reporterId && t.reporterId !== ctx.sender.id ? [toPerson(t.reporterId, `关于您的${ticketRef(t)}：${content}`, itemPush('ticket', t.id, `replied:${ctx.inboundId}`, 'reporter', t.reporterId))] : [];
  return { reply: { text: `已回复${ticketRef(t)}${notify.length ? '，已转告住户' : ''}。处理完请发送「关闭 #${t.id}」。` }, notify };
}

/** 转报修 #12 / 转投诉 #12: the enquiry becomes a repair or a complaint, with that kind's deadlines and routing. */
export const convert: Handler = onTicket(undefined, 'inquiry.handle', async (t, cmd, ctx) => {
  const to = cmd.convertTo;
  if (!to) return say(`请写明转成报修还是投诉，例如「转报修 #${t.id}」或「转投诉 #${t.id}」。`);
  if (t.kind !== 'inquiry') return say(`${ticketRef(t)} 不是咨询，不能转单。`);
  if (t.status !== 'received' && t.status !== 'replied') return wrongStatus(t, '转单');
  const now = ctx.clock.now();
  const asCommand = { ...cmd, category: t.category ?? undefined };
  const category = to === 'repair' ? repairCategory(asCommand) : complaintCategory(asCommand);
  const routed = await routeTo(category, ctx);
  const status = to === 'repair' ? 'pending' : 'received';
  const note = `咨询转${to === 'repair' ? '报修' : '投诉'}，类别：${category}，${routed.team}组${routed.fallback ? `（${routed.fallback}）` : ''}`;
  const converted = await ctx.stores.tickets.transition(t.id, t.status, status, actor(ctx, 'converted', note), { kind: to, category, team: routed.team, assigneeId: null });
  if (!converted) return raced(t);
  await ctx.deadlines.stopAll(item(t), now);
  const responseDueAt = await ctx.deadlines.start(item(t), 'response', { at: now, kind: to, urgent: t.urgent });
  const resolveDueAt = to === 'repair' ? await ctx.deadlines.start(item(t), 'resolve', { at: now, kind: 'repair', urgent: t.urgent }) : null;
  await ctx.stores.tickets.setDue(t.id, { responseDueAt, ...(resolveDueAt ? { resolveDueAt } : {}) });
  const ref = ticketRef(converted);
  const off = ctx.config.utcOffsetMinutes;
  const action = to === 'repair' ? `「接单 #${t.id}」或「派单 #${t.id} 姓名」` : `「回复 #${t.id} 内容 下次回复 时间」`;
  const push = `【${to === 'repair' ? '新报修' : '新投诉'}】${ref}（${category}，由咨询转入）\n${location(t) ? `位置：${location(t)}\n` : ''}请在${when(responseDueAt, off)}前响应：${action}`;
  const leads = await ctx.stores.people.byRole(to === 'repair' ? 'lead' : 'supervisor', to === 'repair' ? routed.team : undefined, t.propertyId);
  const notify: Notify[] = [...leads.filter((p) => p.id !== ctx.sender.id).map((p) => toPerson(p.id, push, itemPush('ticket', t.id, 'converted', p.id))), toGroup(push, itemPush('ticket', t.id, 'converted', 'group'), t.propertyId)];
  if (t.reporterId) notify.push(toPerson(t.reporterId, `您的咨询已转为${ref}，我们会尽快处理。查看进度请发送「查询 #${t.id}」。`, itemPush('ticket', t.id, 'converted', 'reporter', t.reporterId)));
  return { reply: { text: `已将咨询转为${ref}（${category}，${routed.team}组）。` }, notify };
});
