// 交班 / 接班: the duty log and the work to follow up. Urgent open work blocks the handover unless it is
// explicitly handed over (移交 #12); the handover is complete only when the incoming person sends 接班.
import { TICKET_FINAL_STATUSES, type Handover, type Ticket } from '../../store/index.js';
import type { Handler } from '../context.js';
import { itemPush } from '../dedupe-keys.js';
import { clip, handoverRef, ticketLine, when } from '../format.js';
import { say, toGroup, toPerson, type Notify } from '../outcome.js';
import { check } from '../roles.js';
import { actor, STATUS_ZH } from '../ticket.js';
import { handoverItem as item } from './states.js';
import { incomingCheck } from '../roster/incoming.js';
const line = (t: Ticket) => `${ticketLine(t)}（${STATUS_ZH[t.status]}）`;
const teamName = (team: string | null) => (team ? `${team}组` : '');

/** 交班 值班情况… [移交 #12 #15] */
export const handover: Handler = async (cmd, ctx) => {
  const me = ctx.sender;
  const denied = check('handover.create', me);
  if (denied) return say(denied);
  const dutyLog = cmd.detail?.trim();
  if (!dutyLog) return say('请写明值班情况，例如「交班 夜班巡逻正常，3号楼电梯异响待跟进 移交 #12」。');
  const mine = (await ctx.stores.handovers.pendingForTeam(me.team, ctx.place.property.id)).find((h) => h.outgoingId === me.id);
  if (mine) return say(`您的${handoverRef(mine.id)} 还在等待接班，请接班同事发送「接班」确认。`);

  const handed: Ticket[] = [];
  for (const ref of new Set(cmd.handedOver ?? [])) {
    const t = await ctx.stores.tickets.get(Number(ref));
    if (!t) return say(`没有找到工单 #${ref}，请核对「移交」的单号。`);
    if (TICKET_FINAL_STATUSES.includes(t.status)) return say(`#${t.id} 已${STATUS_ZH[t.status].replace(/^已/, '')}，无需移交。`);
    handed.push(t);
  }
  const handedIds = new Set(handed.map((t) => t.id));
  const open = await ctx.stores.tickets.listOpen({ assigneeId: me.id });
  const blocking = open.filter((t) => t.urgent && !handedIds.has(t.id));
  if (blocking.length) {
    return say(
      [
        '重要的工作未处理完毕，不允许交班：',
        ...blocking.map((t) => `- ${line(t)}`),
        `请先处理完毕，或在交班时写明移交，例如「交班 ${clip(dutyLog, 12)} 移交 ${blocking.map((t) => `#${t.id}`).join(' ')}」。`,
      ].join('\n'),
    );
  }
  const followUp = open.filter((t) => !handedIds.has(t.id));
  const now = ctx.clock.now();
  const h = await ctx.stores.handovers.create({
    outgoingId: me.id,
    team: me.team,
    propertyId: ctx.place.property.id,
    dutyLog,
    createdAt: now,
    items: [...handed.map((t) => ({ ticketId: t.id, note: `移交：${line(t)}` })), ...followUp.map((t) => ({ ticketId: t.id, note: `待跟进：${line(t)}` }))],
  });
  const confirmDueAt = await ctx.deadlines.start(item(h), 'confirm', { at: now });
  await ctx.stores.handovers.setDue(h.id, confirmDueAt);

  const items = h.items.map((i) => `- ${i.note}`);
  const reply = [`已提交${handoverRef(h.id)}，等待接班确认（${when(confirmDueAt, ctx.config.utcOffsetMinutes)}前）。`, ...(items.length ? ['交接事项：', ...items] : ['无待跟进工单。']), '接班同事请发送「接班」。'];
  const push = `【交班】${teamName(me.team)}${me.name}已交班（${handoverRef(h.id)}，${items.length}项交接事项），${teamName(me.team) || '本组'}接班同事请发送「接班」确认。`;
  return { reply: { text: reply.join('\n') }, notify: [toGroup(push, itemPush('handover', h.id, 'created', 'group'), h.propertyId)] };
};

/** 接班 [#5] — any staff/lead of the same team except the outgoing person. */
export const takeover: Handler = async (cmd, ctx) => {
  const me = ctx.sender;
  const denied = check('handover.confirm', me);
  if (denied) return say(denied);
  let candidates: Handover[];
  if (cmd.ref) {
    const h = await ctx.stores.handovers.get(Number(cmd.ref));
    if (!h) return say(`没有找到${handoverRef(Number(cmd.ref))}，请核对单号。`);
    if (h.status !== 'pending') return say(`${handoverRef(h.id)} 已完成接班，无需重复确认。`);
    if (h.team !== me.team) return say(`${handoverRef(h.id)} 属于${teamName(h.team) || '其他组'}，需由该组同事接班。`);
    candidates = [h];
  } else {
    candidates = await ctx.stores.handovers.pendingForTeam(me.team, ctx.place.property.id);
  }
  const others = candidates.filter((h) => h.outgoingId !== me.id);
  if (!others.length) {
    if (candidates.length) return say('不能确认自己的交班，请由接班同事发送「接班」。');
    return say(`${teamName(me.team) || '本组'}目前没有待接班的交班记录。`);
  }
  const h = others[0]!;
  const roster = await incomingCheck(ctx, h, me);
  if (roster && 'refusal' in roster) return say(roster.refusal);
  const now = ctx.clock.now();
  const done = await ctx.stores.handovers.confirm(h.id, me.id, now);
  if (!done) return say(`${handoverRef(h.id)} 刚刚已由其他同事接班。`);
  await ctx.deadlines.meet(item(h), 'confirm', now);
  const outgoing = await ctx.stores.people.byId(h.outgoingId);
  const from = outgoing?.name ?? '交班人';

  // Handed-over work now belongs to the incoming person; each move is a history event on the ticket.
  for (const i of h.items) {
    if (i.ticketId == null) continue;
    const t = await ctx.stores.tickets.get(i.ticketId);
    if (!t || t.assigneeId !== h.outgoingId || TICKET_FINAL_STATUSES.includes(t.status)) continue;
    await ctx.stores.tickets.amend(t.id, { assigneeId: me.id }, actor(ctx, 'handover', `${handoverRef(h.id)}：${from} → ${me.name}`));
  }

  const reply = [`已接班（${handoverRef(h.id)}，${from}交出）。`, ...(roster && 'note' in roster ? [roster.note] : []), `值班情况：${h.dutyLog}`];
  if (h.items.length) reply.push('交接事项：', ...h.items.map((i) => `- ${i.note}`));
  else reply.push('无待跟进工单。');
  const notify: Notify[] = [];
  if (outgoing) notify.push(toPerson(outgoing.id, `${me.name}已接班（${handoverRef(h.id)}），交接完成。`, itemPush('handover', h.id, 'confirmed', 'outgoing', outgoing.id)));
  const leads = h.team ? await ctx.stores.people.byRole('lead', h.team, h.propertyId) : [];
  for (const l of leads.filter((l) => l.id !== me.id && l.id !== h.outgoingId)) {
    notify.push(toPerson(l.id, `【交接班】${teamName(h.team)}${from} → ${me.name} 已完成交接（${handoverRef(h.id)}，${h.items.length}项事项）。请检查值班日志并签字确认。`, itemPush('handover', h.id, 'confirmed', 'lead', l.id)));
  }
  return { reply: { text: reply.join('\n') }, notify };
};
