// 报修 after it was reported (report.ts): 派单 → 接单 → 到场 → 完工, 取消. 回访 and 关闭: follow-up.ts.
import type { Ticket, TicketStatus } from '../../store/index.js';
import type { Command } from '../command/command.js';
import type { Handler, HandlerContext } from '../context.js';
import { itemPush } from '../dedupe-keys.js';
import { location, ticketLine, ticketRef, when } from '../format.js';
import { mediaNote } from '../media/summary.js';
import { say, toGroup, toPerson, type Notify, type Outcome } from '../outcome.js';
import { DESK_TEAM } from '../categories.js';
import { check } from '../roles.js';
import { actor, onTicket, raced, ticketItem as item, viewFor, wrongStatus } from '../ticket.js';
import { afterResume, resumeBeforeWork } from './pause.js';

/** 派单 #12 张伟 */
export const dispatch: Handler = onTicket('repair', 'repair.dispatch', async (t, cmd, ctx) => {
  if (!cmd.assignee) return say(`请写明派给谁，例如「派单 #${t.id} 张伟」。`);
  const team = t.team ?? '工程';
  const engineer = await ctx.stores.people.find(cmd.assignee.replace(/^@/, ''));
  if (!engineer || !engineer.active || !engineer.verified || engineer.team !== team || (engineer.role !== 'staff' && engineer.role !== 'lead')) {
    const namesake = (await ctx.stores.people.named(cmd.assignee.replace(/^@/, ''))).length > 1;
    return say(namesake ? `「${cmd.assignee}」有多位同名人员，请写人员编号，例如「派单 #${t.id} 12」。` : `「${cmd.assignee}」不在${team}组名单中，无法派单。请核对姓名。`);
  }
  if (t.status !== 'pending' && t.status !== 'dispatched') return wrongStatus(t, '派单');
  if (t.status === 'dispatched' && t.assigneeId === engineer.id) return say(`${ticketRef(t)} 已派给${engineer.name}，无需重复派单。`);
  const now = ctx.clock.now();
  const note = `派给${engineer.name}${cmd.detail ? `：${cmd.detail}` : ''}`;
  const updated =
    t.status === 'pending'
      ? await ctx.stores.tickets.transition(t.id, 'pending', 'dispatched', actor(ctx, 'dispatched', note), { assigneeId: engineer.id })
      : await ctx.stores.tickets.amend(t.id, { assigneeId: engineer.id }, actor(ctx, 'reassigned', note));
  if (!updated) return raced(t);
  await ctx.deadlines.meet(item(t), 'response', now);
  const push = [
    `【派单】${ticketLine(updated)}`,
    ...(t.phone ? [`电话：${t.phone}`] : []),
    ...(t.appointmentAt ? [`约定上门：${when(t.appointmentAt, ctx.config.utcOffsetMinutes)}`] : []),
    `派单人：${ctx.sender.name}`,
    ...(await mediaNote(ctx.stores, t.id)), // photos and voice (media/summary.ts)
    `请回复「接单 #${t.id}」确认，到场后回复「到场 #${t.id}」。`,
  ].join('\n');
  const notify: Notify[] = [toPerson(engineer.id, push, itemPush('ticket', t.id, 'dispatched', 'assignee', engineer.id, ctx.inboundId))];
  if (t.status === 'dispatched' && t.assigneeId && t.assigneeId !== engineer.id) {
    notify.push(toPerson(t.assigneeId, `${ticketRef(t)} 已改派给${engineer.name}，您无需处理。`, itemPush('ticket', t.id, 'reassigned', 'previous', t.assigneeId, ctx.inboundId)));
  }
  return { reply: { text: `已派单：${ticketRef(t)} → ${engineer.name}，已通知本人接单。` }, notify };
});

/** 接单 #12: the first engineer takes it; a dispatched ticket only by its assignee. */
export const accept: Handler = onTicket('repair', 'repair.accept', async (t, cmd, ctx) => {
  const me = ctx.sender;
  const holder = t.assigneeId ? await ctx.stores.people.byId(t.assigneeId) : null;
  if (t.status === 'dispatched' && t.assigneeId !== me.id) return say(`${ticketRef(t)} 已派给${holder?.name ?? '其他同事'}，如需改派请联系组长。`);
  if (t.status === 'accepted' || t.status === 'arrived') {
    return say(t.assigneeId === me.id ? `您已接单${ticketRef(t)}，到场后请回复「到场 #${t.id}」。` : `谢谢！${ticketRef(t)} 已由${holder?.name ?? '其他同事'}接单，无需重复接单。`);
  }
  if (t.status !== 'pending' && t.status !== 'dispatched') return wrongStatus(t, '接单');
  const now = ctx.clock.now();
  const updated = await ctx.stores.tickets.transition(t.id, t.status, 'accepted', actor(ctx, 'accepted'), { assigneeId: me.id });
  if (!updated) {
    const again = await ctx.stores.tickets.get(t.id);
    const who = again?.assigneeId ? await ctx.stores.people.byId(again.assigneeId) : null;
    return say(`谢谢！${ticketRef(t)} 已由${who?.name ?? '其他同事'}接单，无需重复接单。`);
  }
  await ctx.deadlines.meet(item(t), 'response', now);
  await ctx.deadlines.meet(item(t), 'page', now); // an emergency stops being paged once someone has it
  const arrivalDueAt = t.appointmentAt && t.appointmentAt > now ? t.appointmentAt : await ctx.deadlines.start(item(t), 'arrival', { at: now, kind: 'repair', urgent: t.urgent });
  if (t.appointmentAt && t.appointmentAt > now) await ctx.deadlines.start(item(t), 'arrival', { at: now, dueAt: t.appointmentAt });
  await ctx.stores.tickets.setDue(t.id, { arrivalDueAt });
  const off = ctx.config.utcOffsetMinutes;
  const notify: Notify[] = [];
  const reporter = t.reporterId ? await ctx.stores.people.byId(t.reporterId) : null;
  if (reporter?.role === 'resident') {
    notify.push(toPerson(reporter.id, `您的${ticketRef(t)} 已由维修人员${me.name}接单，预计${when(arrivalDueAt, off)}前到场。`, itemPush('ticket', t.id, 'accepted', 'reporter', reporter.id)));
  }
  const view = viewFor(ctx, { ...t, assigneeId: me.id });
  const lines = [`已接单：${view.line()}`];
  if (t.phone) lines.push(`报修人电话：${view.phone()}`);
  lines.push(`请在${when(arrivalDueAt, off)}前到场，到场后回复「到场 #${t.id}」。`);
  return { reply: { text: lines.join('\n') }, notify };
});

/** 到场 #12 — the assignee only. */
export const arrive: Handler = onTicket('repair', 'repair.arrive', async (t, cmd, ctx) => {
  if (t.status !== 'accepted') return t.status === 'dispatched' ? say(`请先回复「接单 #${t.id}」。`) : wrongStatus(t, '登记到场');
  const resumed = await resumeBeforeWork(t, cmd, ctx);
  const now = ctx.clock.now();
  if (!(await ctx.stores.tickets.transition(t.id, 'accepted', 'arrived', actor(ctx, 'arrived', cmd.detail)))) return raced(t);
  await ctx.deadlines.meet(item(t), 'arrival', now);
  return afterResume(resumed, say(`已登记到场：${ticketRef(t)}。完工后请回复「完工 #${t.id} 处理说明」。`));
});

/** 完工 #12 说明 — the assignee only; asks the resident for a rating. */
export const complete: Handler = onTicket('repair', 'repair.complete', async (t, cmd, ctx) => {
  if (t.status === 'accepted') return say(`请先回复「到场 #${t.id}」登记到场，再登记完工。`);
  if (t.status !== 'arrived') return wrongStatus(t, '登记完工');
  const resumed = await resumeBeforeWork(t, cmd, ctx);
  const now = ctx.clock.now();
  if (!(await ctx.stores.tickets.transition(t.id, 'arrived', 'completed', actor(ctx, 'completed', cmd.detail), { completedAt: now }))) return raced(t);
  await ctx.deadlines.meet(item(t), 'resolve', now);
  const followupDueAt = await ctx.deadlines.start(item(t), 'followup', { at: now, kind: 'repair' });
  await ctx.stores.tickets.setDue(t.id, { followupDueAt });
  const off = ctx.config.utcOffsetMinutes;
  const notify: Notify[] = [];
  const reporter = t.reporterId ? await ctx.stores.people.byId(t.reporterId) : null;
  if (reporter?.role === 'resident') {
    notify.push(
      toPerson(
        reporter.id,
        `您的${ticketRef(t)}（${location(t) ? `${location(t)} ` : ''}${t.description}）已完工，请回复「回访 #${t.id} 1-5分」评价，谢谢！`,
        itemPush('ticket', t.id, 'completed', 'reporter', reporter.id),
      ),
    );
  }
  // The desk follows every repair up (docs/desk-rules.md#repair-follow-up-visit): its people hear it, not the engineers.
  const desk = [...(await ctx.stores.people.byRole('staff', DESK_TEAM, t.propertyId)), ...(await ctx.stores.people.byRole('lead', DESK_TEAM, t.propertyId))].filter((p) => p.verified);
  const followupText = `【待回访】${ticketLine(t)} 已由${ctx.sender.name}完工，请客服在${when(followupDueAt, off)}前电话回访：「回访 #${t.id} 评分 说明」。`;
  for (const p of desk) notify.push(toPerson(p.id, followupText, itemPush('ticket', t.id, 'completed', 'desk', p.id)));
  if (!desk.length) notify.push(toGroup(followupText, itemPush('ticket', t.id, 'completed', 'group'), t.propertyId));
  return afterResume(resumed, { reply: { text: `已登记完工：${ticketRef(t)}。已请报修人评价，客服将在${when(followupDueAt, off)}前回访。` }, notify });
});

/** 取消 #12 原因: the reporter before arrival, or a lead / supervisor / manager before completion. */
export async function repairCancel(t: Ticket, cmd: Command, ctx: HandlerContext): Promise<Outcome> {
  const me = ctx.sender;
  const denied = check('repair.cancel', me, t);
  if (denied) return say(me.role === 'resident' ? '抱歉，只能取消您本人提交的报修。' : denied);
  const manager = me.role === 'lead' || me.role === 'supervisor' || me.role === 'manager';
  const allowed: TicketStatus[] = manager ? ['pending', 'dispatched', 'accepted', 'arrived'] : ['pending', 'dispatched', 'accepted'];
  if (!allowed.includes(t.status)) {
    if (t.status === 'arrived') return say(`维修人员已到场，${ticketRef(t)} 不能由报修人取消，请联系组长或客服。`);
    return wrongStatus(t, '取消');
  }
  const now = ctx.clock.now();
  const reason = cmd.detail?.replace(/^(报修|工单)\s*/, '') || null;
  if (!(await ctx.stores.tickets.transition(t.id, t.status, 'cancelled', actor(ctx, 'cancelled', reason), { closedAt: now }))) return raced(t);
  await ctx.deadlines.stopAll(item(t), now);
  const notify: Notify[] = [];
  const why = reason ? `（${reason}）` : '';
  if (t.assigneeId && t.assigneeId !== me.id) notify.push(toPerson(t.assigneeId, `${ticketRef(t)} 已取消${why}，无需上门。`, itemPush('ticket', t.id, 'cancelled', 'assignee', t.assigneeId)));
  if (t.reporterId && t.reporterId !== me.id) notify.push(toPerson(t.reporterId, `您的${ticketRef(t)} 已取消${why}。如有疑问请联系客服中心。`, itemPush('ticket', t.id, 'cancelled', 'reporter', t.reporterId)));
  return { reply: { text: `已取消：${ticketRef(t)}${why}。` }, notify };
}
