// 换班 12月3日 早班 李娜 (approved like a leave) and 顶岗 张伟 4小时 (recorded at once, at most COVER_MAX_HOURS):
// docs/desk-rules.md#shifts. Both show in the roster; a stand-in replaces the person stood in for while it runs.
import { clockTime } from './shifts.js';
import { DAY, HOUR, localDate } from '../../clock.js';
import type { Person, ShiftChange } from '../../store/index.js';
import { parseDayRange } from '../command/dates.js';
import type { Handler, HandlerContext } from '../context.js';
import { itemPush } from '../dedupe-keys.js';
import { say, toPerson, type Notify } from '../outcome.js';
import { propertyTag, serves } from '../properties.js';
import { check } from '../roles.js';
import { onDutyAt } from './duty.js';
import { dayLabel } from './view.js';

export const swapRef = (id: number) => `换班#${id}`;
const coverRef = (id: number) => `顶岗#${id}`;

/** The one active, verified member of staff by number or name; else the reply saying why not. */
async function colleague(ctx: HandlerContext, ref: string): Promise<Person | string> {
  const named = /^\d+$/.test(ref) ? [await ctx.stores.people.byId(Number(ref))].filter((p): p is Person => !!p?.active) : await ctx.stores.people.named(ref);
  const staff = named.filter((p) => p.verified && p.role !== 'resident');
  if (staff.length > 1) return `名单中有${staff.length}位「${ref}」，请改用人员编号：${staff.map((p) => `${p.id}（${p.team ?? '无组别'}）`).join('、')}。`;
  return staff[0] ?? `名单中没有在职员工「${ref}」，请核对姓名。`;
}

/** Who decides a swap: the team's leads at the property, else the supervisors, else the managers — never the two people in it. */
export async function swapApprovers(ctx: Pick<HandlerContext, 'stores'>, c: Pick<ShiftChange, 'team' | 'propertyId' | 'requesterId' | 'toPersonId'>): Promise<Person[]> {
  const not = (ps: Person[]) => ps.filter((p) => p.id !== c.requesterId && p.id !== c.toPersonId && p.verified);
  for (const [role, team] of [['lead', c.team], ['supervisor', null], ['manager', null]] as const) {
    const found = not(await ctx.stores.people.byRole(role, team, c.propertyId));
    if (found.length) return found;
  }
  return [];
}

/** 换班 12月3日 早班 李娜 [原因] */
export const swap: Handler = async (cmd, ctx) => {
  const me = ctx.sender;
  const denied = check('shift.swap', me);
  if (denied) return say(denied);
  const off = ctx.config.utcOffsetMinutes;
  const now = ctx.clock.now();
  const example = `例如「换班 ${dayLabel(localDate(new Date(now.getTime() + 2 * DAY), off)).replace(/周.$/, '')} 早班 李娜 家里有事」`;
  const d = parseDayRange(cmd.detail ?? '', now, off);
  const names = new Set([...ctx.config.duty.shifts.map((s) => s.name), ...(await ctx.stores.roster.patterns()).map((p) => p.name)]);
  const parts = d.rest.split(/\s+/).filter(Boolean);
  const shiftName = [...names].find((n) => d.rest.includes(n));
  if (!d.start || !shiftName) return say(`请写明日期、班次和代班同事，${example}。`);
  const after = d.rest.slice(d.rest.indexOf(shiftName) + shiftName.length).trim();
  const targetRef = /^[^\s，,]+/.exec(after)?.[0] ?? parts.find((p) => !p.includes(shiftName));
  if (!targetRef) return say(`请写明代班同事的姓名，${example}。`);
  const reason = after.slice(targetRef.length).trim() || null;
  const mine = (await ctx.stores.roster.between(new Date(Date.parse(`${d.start}T00:00:00Z`) - off * 60_000 - DAY), new Date(Date.parse(`${d.start}T00:00:00Z`) - off * 60_000 + 2 * DAY), { personId: me.id }))
    .find((e) => e.date === d.start && e.shift === shiftName && e.kind !== 'cover');
  if (!mine) return say(`排班中没有您${dayLabel(d.start)}的${shiftName}，不能换班。发送「排班 ${dayLabel(d.start).replace(/周.$/, '')}」查看排班。`);
  if (mine.startsAt <= now) return say(`${dayLabel(d.start)}${shiftName}已经开始，不能再换班。临时离岗请登记「顶岗 同事姓名 小时数」（最长${ctx.config.duty.coverMaxHours}小时）。`);
  const target = await colleague(ctx, targetRef);
  if (typeof target === 'string') return say(target);
  if (target.id === me.id) return say('代班同事不能是您本人。');
  if (target.team !== mine.team) return say(`${target.name}不是${mine.team}组的同事，换班需由同组同事代班。`);
  if (!serves(target, mine.propertyId)) return say(`${target.name}不在该项目任职，不能代班。`);
  const theirs = await ctx.stores.roster.between(mine.startsAt, mine.endsAt, { personId: target.id, propertyId: mine.propertyId });
  if (theirs.length) return say(`${target.name}在该时段已有排班（${theirs.map((e) => `${e.shift} ${clockTime(e.startsAt, off)}-${clockTime(e.endsAt, off, true)}`).join('、')}），不能代班。`);
  const pending = (await ctx.stores.roster.pendingChanges({ requesterId: me.id })).find((c) => c.date === mine.date && c.shift === mine.shift);
  if (pending) return say(`您已提交${swapRef(pending.id)}（${dayLabel(pending.date)}${pending.shift}），正在等待审批。如需改人，请先「撤回 ${swapRef(pending.id)}」。`);

  const base = { kind: 'swap' as const, propertyId: mine.propertyId, team: mine.team, requesterId: me.id, toPersonId: target.id, date: mine.date, shift: mine.shift, startsAt: mine.startsAt, endsAt: mine.endsAt };
  const approvers = await swapApprovers(ctx, base);
  const c = await ctx.stores.roster.createChange({ ...base, status: 'pending', approverRole: approvers[0]?.role ?? null, reason, inboundId: ctx.inboundId, createdAt: now });
  const tag = propertyTag(ctx.place.all, c.propertyId);
  const line = `${dayLabel(c.date)}${c.shift}（${clockTime(c.startsAt, off)}-${clockTime(c.endsAt, off, true)}）`;
  const push = `【换班审批】${swapRef(c.id)} ${tag}${c.team}组 ${me.name} ${line} 由 ${target.name} 代班${reason ? `，原因：${reason}` : ''}。请「批准 ${swapRef(c.id)}」或「驳回 ${swapRef(c.id)} 原因」。`;
  const notify: Notify[] = approvers.map((p) => toPerson(p.id, push, itemPush('person', p.id, `swap:${c.id}:asked`)));
  notify.push(toPerson(target.id, `${me.name}申请${line}由您代班（${swapRef(c.id)}），待审批。如有异议请联系${me.name}或组长。`, itemPush('person', target.id, `swap:${c.id}:asked`)));
  const who = approvers.length ? `待${approvers.map((p) => p.name).join('、')}审批` : '名单中没有可以审批的组长、主管或经理，请联系管理员';
  return { reply: { text: `已提交${swapRef(c.id)}：${line}由${target.name}代班，${who}。撤回请发送「撤回 ${swapRef(c.id)}」。` }, notify };
};

/** 批准 换班#3 / 驳回 换班#3 原因 / 撤回 换班#3 */
export async function decideSwap(cmd: { ref?: string; detail?: string }, ctx: HandlerContext, decision: 'approved' | 'rejected' | 'withdrawn') {
  const c = cmd.ref ? await ctx.stores.roster.getChange(Number(cmd.ref)) : null;
  if (!c || c.kind !== 'swap') return say(`没有找到${swapRef(Number(cmd.ref ?? 0))}，请核对单号。`);
  const me = ctx.sender;
  if (c.status !== 'pending') return say(`${swapRef(c.id)} 已${{ approved: '批准', rejected: '驳回', withdrawn: '撤回', pending: '' }[c.status]}，无需再处理。`);
  const approvers = await swapApprovers(ctx, c);
  if (decision === 'withdrawn') {
    if (me.id !== c.requesterId) return say('只有申请人本人可以撤回换班。');
  } else {
    if (me.id === c.requesterId || me.id === c.toPersonId) return say('不能审批与自己有关的换班，请由组长或主管审批。');
    const denied = check('shift.decide', me);
    if (denied) return say(denied);
    if (!approvers.some((p) => p.id === me.id) && me.role === 'lead') return say(`${swapRef(c.id)} 需由${c.team}组组长或主管审批。`);
  }
  const now = ctx.clock.now();
  if (decision === 'approved' && c.endsAt <= now) return say(`${swapRef(c.id)} 的班次已经结束，不能再批准。`);
  const done = await ctx.stores.roster.decideChange(c.id, decision, decision === 'withdrawn' ? null : me.id, now);
  if (!done) return say(`${swapRef(c.id)} 刚刚已被处理，请发送「排班」查看。`);
  const off = ctx.config.utcOffsetMinutes;
  const line = `${dayLabel(c.date)}${c.shift}（${clockTime(c.startsAt, off)}-${clockTime(c.endsAt, off, true)}）`;
  const [requester, target] = await ctx.stores.people.byIds([c.requesterId, c.toPersonId]).then((ps) => [ps.find((p) => p.id === c.requesterId), ps.find((p) => p.id === c.toPersonId)]);
  const names = `${requester?.name ?? '申请人'} → ${target?.name ?? '代班人'}`;
  const key = (who: number) => itemPush('person', who, `swap:${c.id}:${decision}`);
  if (decision === 'approved') {
    await ctx.stores.roster.add({ propertyId: c.propertyId, team: c.team, personId: c.toPersonId, date: c.date, shift: c.shift, startsAt: c.startsAt, endsAt: c.endsAt, kind: 'swap', coversPersonId: c.requesterId, source: 'chat', changeId: c.id });
    const text = `${swapRef(c.id)} 已由${me.name}批准：${line} ${names}，排班已更新。`;
    return { reply: { text: `已批准${swapRef(c.id)}：${line} ${names}，排班已更新。` }, notify: [c.requesterId, c.toPersonId].map((id) => toPerson(id, text, key(id))) };
  }
  if (decision === 'rejected') {
    const reason = (cmd.detail ?? '').replace(/^换班\s*/, '').trim();
    const text = `${swapRef(c.id)}（${line} ${names}）未获批准${reason ? `，原因：${reason}` : ''}，请按原排班上岗。`;
    return { reply: { text: `已驳回${swapRef(c.id)}。` }, notify: [c.requesterId, c.toPersonId].map((id) => toPerson(id, text, key(id))) };
  }
  const text = `${swapRef(c.id)}（${line} ${names}）已由申请人撤回，无需审批。`;
  return { reply: { text: `已撤回${swapRef(c.id)}，排班不变。` }, notify: [...approvers.map((p) => p.id), c.toPersonId].map((id) => toPerson(id, text, key(id))) };
}

const CN_HOURS: Record<string, number> = { 半: 0.5, 一: 1, 两: 2, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6 };

/** 2小时 / 两个小时 / 1.5小时 / 半小时 / 90分钟 → hours. */
function hoursIn(text: string): { hours: number; rest: string } | null {
  const h = /(\d+(?:\.\d+)?|[半一两二三四五六])\s*个?\s*(?:小时|钟头|钟)/.exec(text);
  if (h) return { hours: CN_HOURS[h[1]!] ?? Number(h[1]), rest: text.replace(h[0], ' ') };
  const m = /(\d+)\s*分钟/.exec(text);
  return m ? { hours: Number(m[1]) / 60, rest: text.replace(m[0], ' ') } : null;
}

/** 顶岗 张伟 4小时 [替 李娜]: 张伟 stands in from now for at most COVER_MAX_HOURS, within the shift. */
export const cover: Handler = async (cmd, ctx) => {
  const me = ctx.sender;
  const denied = check('shift.cover', me);
  if (denied) return say(denied);
  const max = ctx.config.duty.coverMaxHours;
  const example = `例如「顶岗 张伟 ${Math.min(2, max)}小时」或「顶岗 张伟 ${Math.min(2, max)}小时 替 李娜」`;
  const span = hoursIn(cmd.detail ?? '');
  if (!span || span.hours <= 0) return say(`请写明顶岗同事和时长，${example}。`);
  if (span.hours > max) return say(`顶岗最长${max}小时（您写了${span.hours}小时），未登记。超过${max}小时请办理「换班」或「请假」。`);
  const forWho = /替\s*([^\s，,]+)/.exec(span.rest);
  const standInRef = span.rest.replace(forWho?.[0] ?? '', ' ').trim().split(/\s+/)[0];
  if (!standInRef) return say(`请写明顶岗同事的姓名，${example}。`);
  const away = forWho ? await colleague(ctx, forWho[1]!) : me;
  if (typeof away === 'string') return say(away);
  if (away.id !== me.id && !['lead', 'supervisor', 'manager'].includes(me.role)) return say('替他人登记顶岗需由组长或主管操作；本人离岗请发送「顶岗 同事姓名 小时数」。');
  const standIn = await colleague(ctx, standInRef);
  if (typeof standIn === 'string') return say(standIn);
  if (standIn.id === away.id) return say('顶岗同事不能是离岗人本人。');
  const now = ctx.clock.now();
  const off = ctx.config.utcOffsetMinutes;
  const around = await ctx.stores.roster.between(new Date(now.getTime() - DAY), new Date(now.getTime() + DAY));
  const duty = onDutyAt(around, now);
  const post = duty.find((e) => e.personId === away.id);
  if (!post) return say(`排班中${away.id === me.id ? '您' : away.name}此刻不在班上，无需登记顶岗。发送「值班」查看当前值班。`);
  if (duty.some((e) => e.personId === standIn.id && e.team === post.team && e.propertyId === post.propertyId)) return say(`${standIn.name}此刻已在${post.team}组值班，不能同时顶岗。`);
  const endsAt = new Date(Math.min(now.getTime() + span.hours * HOUR, post.endsAt.getTime()));
  const c = await ctx.stores.roster.createChange({ kind: 'cover', propertyId: post.propertyId, team: post.team, requesterId: away.id, toPersonId: standIn.id, date: post.date, shift: post.shift, startsAt: now, endsAt, status: 'approved', approverRole: null, reason: null, inboundId: ctx.inboundId, createdAt: now });
  await ctx.stores.roster.add({ propertyId: post.propertyId, team: post.team, personId: standIn.id, date: post.date, shift: coverRef(c.id), startsAt: now, endsAt, kind: 'cover', coversPersonId: away.id, source: 'chat', changeId: c.id });
  const tag = propertyTag(ctx.place.all, post.propertyId);
  const line = `${tag}${post.team}组 ${away.name} ${clockTime(now, off)}-${clockTime(endsAt, off, true)} 由${standIn.name}顶岗（${coverRef(c.id)}）`;
  const text = `【顶岗】${line}。顶岗最长${max}小时，${away.name}应在${clockTime(endsAt, off, true)}前回岗。`;
  const leads = (await ctx.stores.people.byRole('lead', post.team, post.propertyId)).filter((p) => p.id !== me.id);
  const notify = [...new Set([standIn.id, away.id, ...leads.map((p) => p.id)])].filter((id) => id !== me.id).map((id) => toPerson(id, text, itemPush('person', id, `cover:${c.id}`)));
  return { reply: { text: `已登记顶岗：${line}，已通知${standIn.name}${leads.length ? '和组长' : ''}。` }, notify };
};

