// 报修 3栋2单元1502 厨房水管漏水 [电话] [紧急]: a new repair, routed by its category to a team (the desk when that
// team has nobody), with response and handling deadlines. An emergency (紧急, 困人, 漏到楼下, 停电, 燃气 …) is paged
// at once to the team, its lead, the supervisors and the managers, and again every few minutes until accepted.
import { DEFAULT_CATEGORY, REPAIR_CATEGORIES, type Category } from '../categories.js';
import type { Command } from '../command/command.js';
import type { Handler, HandlerContext } from '../context.js';
import { itemPush } from '../dedupe-keys.js';
import { describe, duration, location, minutesBetween, personLabel, ticketLine, ticketRef, when } from '../format.js';
import { say, toGroup, toPerson, type Notify, type Outcome } from '../outcome.js';
import type { Ticket } from '../../store/index.js';
import { maskPhone } from '../privacy.js';
import { check } from '../roles.js';
import { routeTo } from '../routing.js';
import { actor, ticketFromMessage, ticketItem as item } from '../ticket.js';
import { emergencyRecipients } from './emergency.js';

/** The category the words point to, when it is a repair's. */
export const repairCategory = (cmd: Command): Category =>
  cmd.category && (REPAIR_CATEGORIES as readonly string[]).includes(cmd.category) ? (cmd.category as Category) : DEFAULT_CATEGORY.repair;

/** 紧急 in the message, or one of the configured emergency words. */
export const isEmergency = (cmd: Command, ctx: HandlerContext): boolean => cmd.urgent === true || ctx.config.desk.emergencyWords.some((w) => cmd.text.includes(w));

export const repair: Handler = async (cmd, ctx) => (await createRepair(cmd, ctx)).outcome;

/**
 * The one path a repair is created by: 报修 from the chat, or another record turned into a repair (a patrol
 * finding: `origin` says where it came from and opens the ticket's history, e.g. 由巡查#5转入).
 */
export async function createRepair(cmd: Command, ctx: HandlerContext, origin?: string): Promise<{ ticket: Ticket | null; outcome: Outcome }> {
  const me = ctx.sender;
  const denied = check('repair.create', me);
  if (denied) return { ticket: null, outcome: say(denied) };
  const description = describe(cmd.detail);
  if (!description) return { ticket: null, outcome: say('请描述问题和位置，例如「报修 3栋2单元1502 厨房水管漏水」。') };
  const now = ctx.clock.now();
  const urgent = isEmergency(cmd, ctx);
  const category = repairCategory(cmd);
  const routed = await routeTo(category, ctx);
  const base = { ...ticketFromMessage(cmd, ctx, description), urgent };
  const note = `${origin ? `${origin}；` : ''}类别：${category}，${routed.team}组${routed.fallback ? `（${routed.fallback}）` : ''}`;
  let t = await ctx.stores.tickets.create({ kind: 'repair', status: 'pending', category, team: routed.team, ...base }, actor(ctx, 'created', note));
  const responseDueAt = await ctx.deadlines.start(item(t), 'response', { at: now, kind: 'repair', urgent });
  const resolveDueAt = await ctx.deadlines.start(item(t), 'resolve', { at: now, kind: 'repair', urgent });
  await ctx.stores.tickets.setDue(t.id, { responseDueAt, resolveDueAt });
  t = { ...t, responseDueAt, resolveDueAt };

  const where = location(t) || '未注明（请电话联系报修人）';
  const push = [
    `【${urgent ? '紧急报修' : '新报修'}】${ticketRef(t)}（${category}）`,
    `位置：${where}`,
    `问题：${description}`,
    ...(base.phone ? [`电话：${maskPhone(base.phone)}`] : []),
    `报修人：${personLabel(me)}`,
    `请在${when(responseDueAt, ctx.config.utcOffsetMinutes)}前响应：「接单 #${t.id}」或「派单 #${t.id} 姓名」`,
  ].join('\n');
  const notify: Notify[] = [toGroup(push, itemPush('ticket', t.id, 'created', 'group'), t.propertyId)];
  if (urgent) {
    // Everyone who can act or must know, now; the page repeats until someone accepts.
    for (const p of await emergencyRecipients(t, ctx)) if (p.id !== me.id) notify.push(toPerson(p.id, push, itemPush('ticket', t.id, 'created', 'page', p.id)));
    await ctx.deadlines.start(item(t), 'page', { at: now, dueAt: new Date(now.getTime() + ctx.config.desk.emergencyRepeatMinutes * 60_000) });
  } else {
    for (const l of await ctx.stores.people.byRole('lead', routed.team, t.propertyId)) if (l.id !== me.id) notify.push(toPerson(l.id, push, itemPush('ticket', t.id, 'created', 'lead', l.id)));
  }

  const within = duration(minutesBetween(now, responseDueAt));
  const teamName = routed.team === '工程' ? '工程人员' : `${routed.team}组同事`;
  const reply =
    me.role === 'resident'
      ? [`已收到您的报修，单号 ${ticketRef(t)}${urgent ? '（紧急）' : ''}。`, `${teamName}将在${within}内响应。`, `查看进度请发送「查询 #${t.id}」。`]
      : [`已登记${ticketLine(t)}（${category}），已通知${routed.team}组。`, `需在${within}内响应：「派单 #${t.id} 姓名」或「接单 #${t.id}」。`];
  if (routed.fallback && me.role !== 'resident') reply.push(`${routed.fallback}。`);
  if (urgent && me.role !== 'resident') reply.push(`紧急报修：已通知${routed.team}组、组长、主管和经理，每${ctx.config.desk.emergencyRepeatMinutes}分钟提醒一次，直到有人接单。`);
  if (!location(t)) reply.push(me.role === 'resident' ? '未识别到具体房号，工作人员会与您电话确认位置。' : '未识别到房号，接单人员请电话确认位置。');
  return { ticket: t, outcome: { reply: { text: reply.join('\n') }, notify } };
}
