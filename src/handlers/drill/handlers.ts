// 演练 新增 / 完成 / 列表: drills and periodic safety tasks. A drill due without a recorded result is overdue
// (its 'due' SLA clock escalates); recording a periodic one generates the next occurrence.
import { DAY, HOUR, localDate } from '../../clock.js';
import type { Drill, Person } from '../../store/index.js';
import type { Command } from '../command/command.js';
import { byAction, type Handler, type HandlerContext } from '../context.js';
import { itemPush } from '../dedupe-keys.js';
import { clip } from '../format.js';
import { propertyTag } from '../properties.js';
import { say, toGroup, toPerson, type Notify, type Outcome } from '../outcome.js';
import { isVerifiedStaff } from '../directory.js';
import { RANK, UNVERIFIED } from '../roles.js';
import { patrolNamed, patrolTitle } from '../patrol/kinds.js';
import { loadCalendar } from '../sla/calendar.js';
import { CUSTOM_KIND, defaultFor, isPeriodic, kindOf, periodHours } from './defaults.js';
import { followingDue } from './schedule.js';
import { doneCmd, drillItem as item, drillName, drillRef, drillWhen, hoursZh, spanZh } from './states.js';

/** An example of 演练 新增 a week from `now`: an example in a reply is never in the past. */
export function addExample(now: Date, offsetMinutes: number): string {
  return `演练 新增 ${localDate(new Date(now.getTime() + 7 * DAY), offsetMinutes)} 15:00 3号楼 消防疏散演练`;
}

/** The frequency of a periodic drill: 每6个月 / 每2小时 / 每年6月、12月. */
export function frequencyZh(d: Pick<Drill, 'kind' | 'intervalMonths' | 'intervalHours'>): string {
  const def = defaultFor(d.kind);
  if (def && def.intervalMonths === (d.intervalMonths ?? undefined) && def.intervalHours === (d.intervalHours ?? undefined)) return def.frequency;
  if (d.intervalHours) return `每${d.intervalHours}小时`;
  if (d.intervalMonths === 12) return '每年';
  if (d.intervalMonths === 3) return '每季度';
  if (d.intervalMonths === 1) return '每月';
  return d.intervalMonths ? `每${d.intervalMonths}个月` : '';
}

/** Reminder thresholds (hours before due) that apply to a drill: a periodic one is not reminded a whole period ahead. */
export function reminderHours(d: Pick<Drill, 'intervalMonths' | 'intervalHours'>, configured: readonly number[]): number[] {
  const period = periodHours(d);
  return [...new Set(configured)].filter((h) => h > 0 && (period === null || h < period)).sort((a, b) => b - a);
}

/** The thresholds a drill will be reminded at: those whose moment (due minus offset) is not before its registration. */
export function plannedReminderHours(d: Pick<Drill, 'dueAt' | 'createdAt' | 'intervalMonths' | 'intervalHours'>, configured: readonly number[]): number[] {
  return reminderHours(d, configured).filter((h) => d.dueAt.getTime() - h * HOUR >= d.createdAt.getTime());
}

/** A first word that names a place: 3号楼, 7栋, A座, 地下车库, 1号泵房 … */
const PLACE = /^(?:\d.*|[A-Za-z]\d*[座栋区].*|.*(?:号楼|栋|座|楼|单元|层|车库|大堂|广场|小区|园区|中心|机房|泵房|配电房|室|区|门|院|站|场|库))$/;

/** "3号楼 消防疏散演练" → location 3号楼, title 消防疏散演练. */
export function splitDetail(detail: string): { location: string | null; title: string } {
  const words = detail.trim().split(/\s+/);
  if (words.length >= 2 && PLACE.test(words[0]!)) return { location: words[0]!, title: words.slice(1).join(' ') };
  return { location: null, title: words.join(' ') };
}

/** Words that make a chat-created drill periodic even if it is not a default kind. */
function statedInterval(title: string): { intervalMonths?: number; intervalHours?: number } {
  if (/每月|月度/.test(title)) return { intervalMonths: 1 };
  if (/每季度?|季度/.test(title)) return { intervalMonths: 3 };
  if (/每半年|半年度/.test(title)) return { intervalMonths: 6 };
  if (/每年|年度/.test(title)) return { intervalMonths: 12 };
  const m = /每(\d{1,2})个?月/.exec(title);
  if (m) return { intervalMonths: Number(m[1]) };
  const h = /每(\d{1,3})(?:个)?小时/.exec(title);
  if (h) return { intervalHours: Number(h[1]) };
  return {};
}

const STAFF_ONLY = '抱歉，演练和定期安全任务仅限物业员工使用。';
const staffOnly = (p: Person) => say(p.role !== 'resident' && !p.verified ? UNVERIFIED : STAFF_ONLY);
const isStaff = isVerifiedStaff;
const isLeadOrAbove = (p: Person) => RANK[p.role] >= RANK.lead;

async function ownerLabel(ctx: HandlerContext, d: Drill): Promise<string> {
  const owner = d.ownerId ? await ctx.stores.people.byId(d.ownerId) : null;
  if (owner) return owner.name;
  return d.team ? `${d.team}组` : '值班组';
}

/** 演练 新增 2026-12-01 15:00 3号楼 消防疏散演练 — leads, supervisors and managers. */
async function add(cmd: Command, ctx: HandlerContext): Promise<Outcome> {
  const me = ctx.sender;
  if (!isStaff(me)) return staffOnly(me);
  if (!isLeadOrAbove(me)) return say('抱歉，演练由组长、主管或经理登记。如需安排演练，请联系您的组长。');
  const detail = cmd.detail?.trim();
  const now = ctx.clock.now();
  const off = ctx.config.utcOffsetMinutes;
  const example = addExample(now, off);
  if (!cmd.dueAt || !detail) return say(`请写明时间和内容，例如「${example}」。`);
  const dueAt = new Date(cmd.dueAt);
  if (Number.isNaN(dueAt.getTime())) return say(`没有识别出时间，请按「${example}」的格式发送。`);
  if (dueAt.getTime() <= now.getTime()) return say(`${drillWhen(dueAt, now, off)} 已经过去，请写一个将来的时间，例如「${example}」。`);
  const { location, title } = splitDetail(detail);
  // A default kind (消防疏散演练, 水泵试开泵 …) is periodic: the new plan replaces open occurrences due no earlier.
  const def = kindOf(title);
  const patrol = def ? undefined : patrolNamed(title, ctx.config.patrol.kinds);
  if (patrol) {
    return say(`${patrolTitle(patrol)}按轮次进行（每${ctx.config.patrol.intervalHours}小时一轮，自动开轮并提醒${ctx.config.patrol.team}组），无需登记为演练。巡查后请发送「巡查 完成 #编号 正常」，发送「巡查 今日」查看今日轮次。`);
  }

  const stated = statedInterval(title);
  let periodic = def ? { intervalMonths: def.intervalMonths ?? null, intervalHours: def.intervalHours ?? null } : { intervalMonths: stated.intervalMonths ?? null, intervalHours: stated.intervalHours ?? null };
  const replaced: Drill[] = [];
  if (def) {
    const open = await ctx.stores.drills.openOfKind(def.kind, ctx.place.property.id);
    const earlier = open.filter((o) => o.dueAt.getTime() < dueAt.getTime());
    // An extra drill after one already planned is a one-off: the planned one keeps the schedule.
    if (earlier.length) periodic = { intervalMonths: null, intervalHours: null };
    else for (const o of open) if (await ctx.stores.drills.replace(o.id)) {
      await ctx.deadlines.stopAll(item(o), now);
      replaced.push(o);
    }
  }
  const d = await ctx.stores.drills.create({
    kind: def?.kind ?? CUSTOM_KIND,
    title,
    location,
    dueAt,
    ...periodic,
    ownerId: me.id,
    team: me.team ?? def?.team ?? null,
    propertyId: ctx.place.property.id,
    createdAt: now,
  });
  await ctx.deadlines.start(item(d), 'due', { at: now, dueAt });

  const at = drillWhen(dueAt, now, off);
  const ahead = plannedReminderHours(d, ctx.config.sla.drillReminderHours);
  const reply = [`已登记${drillRef(d)}：${drillName(d)}，时间 ${at}，${ahead.length ? `将在${ahead.map(hoursZh).join('、')}前提醒。` : '时间临近，不再另发提醒，请直接准备。'}`];
  if (isPeriodic(d)) reply.push(`这是定期任务（${frequencyZh(d)}），记录结果后会自动安排下一次。`);
  for (const o of replaced) reply.push(`原计划${drillRef(o)}（${drillWhen(o.dueAt, now, off)}）已由本次替代。`);
  reply.push(`完成后请发送${doneCmd(d)}。`);
  const push = `【演练计划】${drillRef(d)} ${drillName(d)}，时间 ${at}，负责人${me.name}。完成后请发送${doneCmd(d)}。`;
  return { reply: { text: reply.join('\n') }, notify: [toGroup(push, itemPush('drill', d.id, 'created', 'group'), d.propertyId)] };
}

/** 演练 完成 #5 总结… — the owner, anyone of the drill's team, or a lead / supervisor / manager. */
async function done(cmd: Command, ctx: HandlerContext): Promise<Outcome> {
  const me = ctx.sender;
  if (!isStaff(me)) return staffOnly(me);
  if (!cmd.ref) return say('请注明演练编号和总结，例如「演练 完成 #5 总结：疏散用时4分钟，无人员受伤」。发送「演练 列表」查看编号。');
  const d = await ctx.stores.drills.get(Number(cmd.ref));
  if (!d) return say(`没有找到演练#${cmd.ref}，请发送「演练 列表」核对编号。`);
  const now = ctx.clock.now();
  const off = ctx.config.utcOffsetMinutes;
  if (!isLeadOrAbove(me) && d.ownerId !== me.id && !(d.team && d.team === me.team)) {
    return say(`抱歉，${drillRef(d)} 由${d.team ? `${d.team}组` : '组长'}负责，请由该组同事或组长记录结果。`);
  }
  if (d.status === 'replaced') return say(`${drillRef(d)} 已被新的计划替代，无需记录。发送「演练 列表」查看当前计划。`);
  if (d.status === 'done') {
    const next = await ctx.stores.drills.nextOf(d.id);
    return say(`${drillRef(d)} 已于${drillWhen(d.completedAt ?? d.dueAt, now, off)}记录结果，无需重复。${next ? `下一次为${drillRef(next)}（${drillWhen(next.dueAt, now, off)}）。` : ''}`);
  }
  const result = cmd.detail?.trim();
  if (!result) return say(`请写明演练总结（讲评会的发现），例如「演练 完成 #${d.id} 总结：疏散用时4分钟，2号通道指示灯不亮待修」。`);

  const completed = await ctx.stores.drills.complete(d.id, { result, completedById: me.id, completedAt: now });
  if (!completed) return say(`${drillRef(d)} 状态刚刚发生了变化，请发送「演练 列表」查看。`);
  await ctx.deadlines.meet(item(d), 'due', now);
  const late = now.getTime() > d.dueAt.getTime() ? `（超期${spanZh(now.getTime() - d.dueAt.getTime())}）` : '';
  const reply = [`已记录${drillRef(d)}：${drillName(d)}${late}，总结：${clip(result, 60)}。`];

  const calendar = await loadCalendar(ctx.stores.calendar, off);
  const nextAt = followingDue(d, now, { offsetMinutes: off, time: ctx.config.sla.drillDefaultTime, isWorkday: calendar.isWorkday }, defaultFor(d.kind));
  if (nextAt) {
    const next = await ctx.stores.drills.create({
      kind: d.kind,
      title: d.title,
      location: d.location,
      dueAt: nextAt,
      intervalMonths: d.intervalMonths,
      intervalHours: d.intervalHours,
      ownerId: d.ownerId,
      team: d.team,
      propertyId: d.propertyId,
      previousId: d.id,
      createdAt: now,
    });
    await ctx.deadlines.start(item(next), 'due', { at: now, dueAt: nextAt });
    reply.push(`已自动安排下一次：${drillRef(next)}，时间 ${drillWhen(nextAt, now, off)}（${frequencyZh(d)}），到时会提前提醒。完成后请发送${doneCmd(next)}。`);
  } else {
    reply.push('发送「演练 列表」查看其余计划。');
  }
  const notify: Notify[] = [];
  if (d.ownerId && d.ownerId !== me.id) {
    notify.push(toPerson(d.ownerId, `${me.name}已记录${drillRef(d)}（${drillName(d)}）的结果：${clip(result, 60)}`, itemPush('drill', d.id, 'done', 'owner', d.ownerId)));
  }
  return { reply: { text: reply.join('\n') }, notify };
}

const LIST_MAX = 30;

/** 演练 列表 — open drills and periodic tasks, soonest first, overdue ones marked. */
async function list(_cmd: Command, ctx: HandlerContext): Promise<Outcome> {
  if (!isStaff(ctx.sender)) return staffOnly(ctx.sender);
  const now = ctx.clock.now();
  const off = ctx.config.utcOffsetMinutes;
  // A group bound to a property lists that property's; elsewhere, those of the properties the sender serves.
  const { place } = ctx;
  const shown = place.bound ? [place.property.id] : ctx.sender.properties.length ? ctx.sender.properties : undefined;
  const open = await ctx.stores.drills.listOpen(LIST_MAX + 1, shown);
  if (!open.length) return say(`目前没有待进行的演练或定期任务。新增请发送「${addExample(now, off)}」。`);
  const lines = ['待进行的演练和定期任务（按时间先后）：'];
  for (const d of open.slice(0, LIST_MAX)) {
    const overdue = d.dueAt.getTime() <= now.getTime() ? `【已超期${spanZh(now.getTime() - d.dueAt.getTime())}】` : '';
    const freq = isPeriodic(d) ? `，${frequencyZh(d)}` : '';
    lines.push(`- ${propertyTag(place.all, d.propertyId)}${overdue}${drillRef(d)} ${drillWhen(d.dueAt, now, off)} ${drillName(d)}（${await ownerLabel(ctx, d)}${freq}）`);
  }
  if (open.length > LIST_MAX) lines.push(`……仅显示最近${LIST_MAX}项。`);
  lines.push(`记录结果请发送${doneCmd(open[0]!)}。`);
  return say(lines.join('\n'));
}

/** 演练 新增 … ／ 演练 完成 #5 总结… ／ 演练 列表 */
export const drill: Handler = byAction((cmd) => cmd.drillAction, { add, done }, list);
