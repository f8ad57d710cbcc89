// The desk's commands on a ticket beside the workflows: 分类 #12 停车 (a category, and with it the team), 约定 #12
// 明天下午3点 (the visit agreed with the resident: the arrival and handling deadlines run from it), and the "did you
// mean" hint for a near-miss of a command word.
import { categoriesOf, isCategory, type Category } from './categories.js';
import type { Handler } from './context.js';
import { itemPush } from './dedupe-keys.js';
import { ticketRef, when } from './format.js';
import { say, toPerson, type Notify } from './outcome.js';
import { routeTo } from './routing.js';
import { actor, onTicket, raced, ticketItem as item, wrongStatus } from './ticket.js';

/** 分类 #12 停车 */
export const categorize: Handler = onTicket(undefined, 'ticket.categorize', async (t, cmd, ctx) => {
  const kind = t.kind === 'complaint' ? 'complaint' : 'repair';
  const allowed = t.kind === 'inquiry' ? [...categoriesOf('repair'), ...categoriesOf('complaint')] : categoriesOf(kind);
  const wanted = cmd.category ?? cmd.detail?.trim();
  if (!wanted || !isCategory(wanted) || !allowed.includes(wanted)) {
    const other = t.kind !== 'inquiry' && wanted && isCategory(wanted) ? `「${wanted}」是${kind === 'repair' ? '投诉' : '报修'}的类别；如需转换请联系客服主管。` : '';
    return say(`${other}${ticketRef(t)} 可选的类别：${allowed.join('、')}。例如「分类 #${t.id} ${allowed[0]}」。`);
  }
  if (wanted === t.category) return say(`${ticketRef(t)} 已是「${wanted}」类，无需调整。`);
  const routed = t.kind === 'inquiry' ? { team: t.team ?? '客服', fallback: null } : await routeTo(wanted as Category, ctx);
  const note = `${t.category ?? '未分类'} → ${wanted}，${routed.team}组${routed.fallback ? `（${routed.fallback}）` : ''}`;
  const updated = await ctx.stores.tickets.amend(t.id, { category: wanted, team: routed.team }, actor(ctx, 'categorized', note));
  const notify: Notify[] = [];
  if (routed.team !== t.team) {
    const text = `【转派】${ticketRef(t)} 改为「${wanted}」类，由${routed.team}组处理。发送「查询 #${t.id}」查看详情。`;
    for (const l of await ctx.stores.people.byRole('lead', routed.team, t.propertyId)) if (l.id !== ctx.sender.id) notify.push(toPerson(l.id, text, itemPush('ticket', t.id, `categorized:${ctx.inboundId}`, l.id)));
  }
  return { reply: { text: `已调整${ticketRef(updated)}的类别：${note}。` }, notify };
});

/** 约定 #12 明天下午3点 — after a missed arrival, the time agreed with the resident. */
export const appoint: Handler = onTicket('repair', 'ticket.appoint', async (t, cmd, ctx) => {
  const now = ctx.clock.now();
  const off = ctx.config.utcOffsetMinutes;
  if (cmd.pastTime) return say(`「${when(new Date(cmd.pastTime), off)}」已经过去，请约定一个将来的时间，例如「约定 #${t.id} 明天下午3点」。`);
  if (!cmd.appointmentAt) return say(`请写明约定的上门时间，例如「约定 #${t.id} 明天下午3点」。`);
  const at = new Date(cmd.appointmentAt);
  if (at.getTime() <= now.getTime()) return say(`「${when(at, off)}」已经过去，请约定一个将来的时间，例如「约定 #${t.id} 明天下午3点」。`);
  if (!['pending', 'dispatched', 'accepted'].includes(t.status)) return wrongStatus(t, '约定上门时间');
  const resolveMinutes = t.urgent ? ctx.config.sla.urgentRepairResolveMinutes : ctx.config.sla.repairResolveMinutes;
  const resolveDueAt = new Date(at.getTime() + resolveMinutes * 60_000);
  const updated = await ctx.stores.tickets.amend(t.id, { appointmentAt: at, resolveDueAt, ...(t.status === 'accepted' ? { arrivalDueAt: at } : {}) }, actor(ctx, 'appointed', `约定上门：${when(at, off)}`));
  if (!updated) return raced(t);
  // The arrival deadline is the agreed time (from acceptance when nobody took it yet); handling runs from it.
  if (t.status === 'accepted') await ctx.deadlines.start(item(t), 'arrival', { at: now, dueAt: at });
  else await ctx.deadlines.meet(item(t), 'arrival', now);
  await ctx.deadlines.start(item(t), 'resolve', { at: now, dueAt: resolveDueAt });
  const notify: Notify[] = [];
  const text = `${ticketRef(t)} 已与业户约定上门时间：${when(at, off)}，请准时到场，完工时限${when(resolveDueAt, off)}。`;
  if (t.assigneeId && t.assigneeId !== ctx.sender.id) notify.push(toPerson(t.assigneeId, text, itemPush('ticket', t.id, `appointed:${ctx.inboundId}`, 'assignee', t.assigneeId)));
  if (t.reporterId && t.reporterId !== ctx.sender.id) {
    notify.push(toPerson(t.reporterId, `您的${ticketRef(t)} 已约定上门时间：${when(at, off)}。如需改约请联系客服中心。`, itemPush('ticket', t.id, `appointed:${ctx.inboundId}`, 'reporter', t.reporterId)));
  }
  return { reply: { text: `已登记约定：${ticketRef(t)} 上门时间${when(at, off)}，完工时限${when(resolveDueAt, off)}。` }, notify };
});

/**
 * A near-miss of a command word (保修, 拍单 …): a short hint with the corrected command; nothing is created. In a group
 * the hint names the words only (the message may carry a room number that a group must not read back).
 */
export const typo: Handler = async (cmd, ctx) => {
  if (!cmd.suggestion) return {};
  if (ctx.message.chat.type !== 'group') return say(`您是不是想发送「${cmd.suggestion}」？请确认后重新发送。`);
  const typed = cmd.text.split(/[\s#]/)[0] ?? '';
  const meant = cmd.suggestion.split(/[\s#]/)[0] ?? '';
  return say(`您是不是想用「${meant}」？请把「${typed}」改成「${meant}」后重新发送。`);
};
