// 投诉: 已受理 → 已回复 (next reply agreed) → 处理中 → 已解决 → 已回访 → 已关闭, or 无效投诉.
// The accused may not handle it (被投诉人应当回避); a valid complaint is always followed up before closing.
import type { Person, PeopleStore, Ticket, TicketStatus } from '../../store/index.js';
import type { Command } from '../command/command.js';
import type { Handler, HandlerContext } from '../context.js';
import { itemPush } from '../dedupe-keys.js';
import { clip, describe, duration, location, minutesBetween, personLabel, ticketLine, ticketRef, when } from '../format.js';
import { maskPhone } from '../privacy.js';
import { say, toGroup, toPerson, type Notify, type Outcome } from '../outcome.js';
import { check, DESK } from '../roles.js';
import { actor, onTicket, raced, ticketFromMessage, ticketItem as item, wrongStatus } from '../ticket.js';
import { COMPLAINT_CATEGORIES, DEFAULT_CATEGORY, type Category } from '../categories.js';
import { routeTo } from '../routing.js';

/** The person the complaint names: `@孙磊`, or a staff name in the text (longest match wins). */
export async function findAccused(textIn: string, complainant: Person, people: PeopleStore): Promise<Person | null> {
  const staff = (await people.list()).filter((p) => p.active && p.role !== 'resident' && p.id !== complainant.id && p.name.length >= 2);
  const at = /@\s*(\S+)/.exec(textIn)?.[1];
  if (at) {
    const named = staff.filter((p) => at.startsWith(p.name)).sort((a, b) => b.name.length - a.name.length)[0];
    if (named) return named;
  }
  return staff.filter((p) => textIn.includes(p.name)).sort((a, b) => b.name.length - a.name.length)[0] ?? null;
}

/** Who must answer: the desk's supervisors, else any supervisor, else the managers — never the accused. */
async function handlers(people: PeopleStore, accusedId: number | null, propertyId: number): Promise<Person[]> {
  const not = (ps: Person[]) => ps.filter((p) => p.id !== accusedId);
  const desk = not(await people.byRole('supervisor', DESK, propertyId));
  if (desk.length) return desk;
  const any = not(await people.byRole('supervisor', null, propertyId));
  return any.length ? any : not(await people.byRole('manager', null, propertyId));
}

/** The category the words point to, when it is a complaint's. */
export const complaintCategory = (cmd: Command): Category =>
  cmd.category && (COMPLAINT_CATEGORIES as readonly string[]).includes(cmd.category) ? (cmd.category as Category) : DEFAULT_CATEGORY.complaint;

/** 投诉 … — from anyone; residents may just describe. */
export const complaint: Handler = async (cmd, ctx) => {
  const me = ctx.sender;
  const denied = check('complaint.create', me);
  if (denied) return say(denied);
  const description = describe(cmd.detail);
  if (!description) return say('请说明投诉的内容，例如「投诉 7栋1单元803 保洁未清理楼道」。');
  const now = ctx.clock.now();
  const accused = await findAccused(description, me, ctx.stores.people);
  const base = ticketFromMessage(cmd, ctx, description);
  const { urgent, phone } = base;
  const category = complaintCategory(cmd);
  const routed = await routeTo(category, ctx);
  const note = `类别：${category}，${routed.team}组${routed.fallback ? `（${routed.fallback}）` : ''}`;
  const t = await ctx.stores.tickets.create(
    { kind: 'complaint', status: 'received', category, team: routed.team, accusedId: accused?.id ?? null, ...base },
    actor(ctx, 'created', note),
  );
  const responseDueAt = await ctx.deadlines.start(item(t), 'response', { at: now, kind: 'complaint', urgent });
  await ctx.stores.tickets.setDue(t.id, { responseDueAt });

  const off = ctx.config.utcOffsetMinutes;
  const body = [
    `【新投诉】${ticketRef(t)}${urgent ? '（紧急）' : ''}（${category}）`,
    ...(location(t) ? [`位置：${location(t)}`] : []),
    `内容：${description}`,
    ...(phone ? [`电话：${maskPhone(phone)}`] : []),
    `投诉人：${personLabel(me)}`,
  ];
  const action = `请在${when(responseDueAt, off)}前答复：「回复 #${t.id} 内容 下次回复 时间」`;
  // The text and the accused go to the supervisors only; a group hears number, place and deadline.
  const forSupervisor = [...body, ...(accused ? [`被投诉人：${accused.name}（须回避）`] : []), action].join('\n');
  const notify: Notify[] = (await handlers(ctx.stores.people, accused?.id ?? null, t.propertyId))
    .filter((p) => p.id !== me.id)
    .map((p) => toPerson(p.id, forSupervisor, itemPush('ticket', t.id, 'created', 'supervisor', p.id)));
  // The team the category routes to (保安 for parking, 保洁 for cleaning …) works it too: its lead hears it.
  if (routed.team !== DESK) {
    const forTeam = [...body, `请${routed.team}组配合处理，答复由客服负责。`].join('\n');
    for (const l of await ctx.stores.people.byRole('lead', routed.team, t.propertyId)) {
      if (l.id !== me.id && l.id !== accused?.id) notify.push(toPerson(l.id, forTeam, itemPush('ticket', t.id, 'created', 'lead', l.id)));
    }
  }
  notify.push(toGroup(groupNotice(t, `请在${when(responseDueAt, off)}前答复，详情已私信客服主管。`), itemPush('ticket', t.id, 'created', 'group'), t.propertyId));

  const within = duration(minutesBetween(now, responseDueAt));
  const inGroup = ctx.message.chat.type === 'group';
  const reply =
    me.role === 'resident'
      ? `已受理您的投诉，单号 ${ticketRef(t)}。我们将在${within}内答复您。查看进度请发送「查询 #${t.id}」。`
      : inGroup
        ? `已受理${ticketRef(t)}，已通知客服主管，须在${within}内答复。投诉内容只发给处理人员，群里不公开。`
        : `已受理${ticketLine(t)}${accused ? `（被投诉人：${accused.name}，须回避）` : ''}，已通知客服主管，须在${within}内答复。`;
  return { reply: { text: reply }, notify };
};

/** What a group may know of a complaint: its number, category, place and deadline, never the text or the accused. */
function groupNotice(t: Ticket, action: string): string {
  return [`【新投诉】${ticketRef(t)}${t.urgent ? '（紧急）' : ''}${t.category ? `（${t.category}）` : ''}`, ...(location(t) ? [`位置：${location(t)}`] : []), action].join('\n');
}

const toComplainant = (t: Ticket, ctx: HandlerContext, textOut: string, key: string): Notify[] =>
  t.reporterId && t.reporterId !== ctx.sender.id ? [toPerson(t.reporterId, textOut, itemPush('ticket', t.id, key, 'reporter', t.reporterId))] : [];

/** 回复 #12 内容 下次回复 明天10点 — answers the complainant and agrees the next reply time. */
export const reply: Handler = onTicket('complaint', 'complaint.handle', async (t, cmd, ctx) => {
  const allowed: TicketStatus[] = ['received', 'replied', 'processing'];
  if (!allowed.includes(t.status)) return wrongStatus(t, '回复');
  const content = cmd.detail?.trim();
  if (!content) return say(`请写明答复内容，例如「回复 #${t.id} 已安排保洁今天清理 下次回复 明天10点」。`);
  const now = ctx.clock.now();
  const off = ctx.config.utcOffsetMinutes;
  const next = cmd.nextReplyAt ? new Date(cmd.nextReplyAt) : null;
  const past = cmd.pastTime ? new Date(cmd.pastTime) : next && next.getTime() <= now.getTime() ? next : null;
  if (past) return say(`下次回复时间「${when(past, off)}」已经过去，请约定一个将来的时间，例如「回复 #${t.id} 内容 下次回复 明天10点」。`);
  // The rule: a reply within 2 hours *and* an agreed time for the next one (docs/desk-rules.md#complaint-reply-deadlines).
  if (!next) return say(`请和投诉人约定下次回复时间，例如「回复 #${t.id} ${clip(content, 20)} 下次回复 明天10点」。已经处理完毕的，请发送「解决 #${t.id} 处理结果」。`);
  const note = `${content}${next ? `（下次回复：${when(next, off)}）` : ''}`;
  const patch = { nextReplyAt: next, ...(t.assigneeId ? {} : { assigneeId: ctx.sender.id }) };
  const updated =
    t.status === 'received'
      ? await ctx.stores.tickets.transition(t.id, 'received', 'replied', actor(ctx, 'replied', note), patch)
      : await ctx.stores.tickets.amend(t.id, patch, actor(ctx, 'replied', note));
  if (!updated) return raced(t);
  await ctx.deadlines.meet(item(t), 'response', now);
  if (next) {
    const responseDueAt = await ctx.deadlines.start(item(t), 'response', { at: now, kind: 'complaint', dueAt: next });
    await ctx.stores.tickets.setDue(t.id, { responseDueAt });
  }
  const notify = toComplainant(t, ctx, `关于您的${ticketRef(t)}：${content}${next ? `\n我们将于${when(next, off)}前再次答复您。` : ''}`, `replied:${ctx.inboundId}`);
  const lines = [`已答复${ticketRef(t)}${notify.length ? '，已转告投诉人' : ''}。`];
  lines.push(next ? `下次回复：${when(next, off)}。` : '未约定下次回复时间；如需继续跟进，请再次「回复」并写明「下次回复 时间」。');
  lines.push(`处理中请发送「处理 #${t.id}」，解决后「解决 #${t.id} 说明」。`);
  return { reply: { text: lines.join('\n') }, notify };
});

/** 处理 #12 — after the first reply. */
export const processing: Handler = onTicket('complaint', 'complaint.handle', async (t, cmd, ctx) => {
  if (t.status === 'received') return say(`请先答复投诉人：「回复 #${t.id} 内容 下次回复 时间」。`);
  if (t.status !== 'replied') return wrongStatus(t, '标记处理中');
  const patch = t.assigneeId ? {} : { assigneeId: ctx.sender.id };
  if (!(await ctx.stores.tickets.transition(t.id, 'replied', 'processing', actor(ctx, 'processing', cmd.detail), patch))) return raced(t);
  return say(`${ticketRef(t)} 处理中。解决后请发送「解决 #${t.id} 说明」。`);
});

/** 解决 #12 说明 — starts the follow-up clock; the complainant is asked for a rating. */
export const resolve: Handler = onTicket('complaint', 'complaint.handle', async (t, cmd, ctx) => {
  if (t.status === 'received') return say(`请先答复投诉人：「回复 #${t.id} 内容 下次回复 时间」。`);
  if (t.status !== 'replied' && t.status !== 'processing') return wrongStatus(t, '标记解决');
  const summary = cmd.detail?.trim();
  if (!summary) return say(`请写明处理结果，例如「解决 #${t.id} 已更换保洁人员并清理楼道」。`);
  const now = ctx.clock.now();
  const patch = { completedAt: now, ...(t.assigneeId ? {} : { assigneeId: ctx.sender.id }) };
  if (!(await ctx.stores.tickets.transition(t.id, t.status, 'resolved', actor(ctx, 'resolved', summary), patch))) return raced(t);
  await ctx.deadlines.stopAll(item(t), now);
  const followupDueAt = await ctx.deadlines.start(item(t), 'followup', { at: now, kind: 'complaint' });
  await ctx.stores.tickets.setDue(t.id, { followupDueAt });
  const notify = toComplainant(t, ctx, `您的${ticketRef(t)} 已处理：${summary}\n请回复「回访 #${t.id} 1-5分」评价，谢谢！`, 'resolved');
  return { reply: { text: `已解决：${ticketRef(t)}。有效投诉须100%回访，请在${when(followupDueAt, ctx.config.utcOffsetMinutes)}前「回访 #${t.id} 评分」。` }, notify };
});

/** 无效 #12 原因 — still answered: the complainant gets the reason. */
export const invalid: Handler = onTicket('complaint', 'complaint.invalid', async (t, cmd, ctx) => {
  const allowed: TicketStatus[] = ['received', 'replied', 'processing'];
  if (!allowed.includes(t.status)) return wrongStatus(t, '判定无效');
  const reason = cmd.detail?.trim();
  if (!reason) return say(`请写明原因（会转告投诉人），例如「无效 #${t.id} 经核实属于业主间纠纷」。`);
  const now = ctx.clock.now();
  if (!(await ctx.stores.tickets.transition(t.id, t.status, 'invalid', actor(ctx, 'invalid', reason), { closedAt: now }))) return raced(t);
  await ctx.deadlines.stopAll(item(t), now);
  const notify = toComplainant(t, ctx, `关于您的${ticketRef(t)}：经核实，${reason}。如有疑问，请联系客服中心。`, 'invalid');
  return { reply: { text: `已判定无效：${ticketRef(t)}${notify.length ? '，原因已告知投诉人' : ''}。` }, notify };
});
