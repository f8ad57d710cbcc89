// 巡查 完成 #8 正常 ／ 巡查 完成 #8 发现 … ／ 巡查 #8 转报修 ／ 巡查 今日 — patrol rounds (docs/desk-rules.md#patrol-rounds).
// Each slot of PATROL_INTERVAL_HOURS is its own small round: closed with a result, or counted as missed when its
// slot ends without one. A finding becomes a repair through the one repair path, with a link back to the round.
import { localParts } from '../../clock.js';
import type { PatrolRound, Person } from '../../store/index.js';
import type { Command } from '../command/command.js';
import { parseCommand } from '../command/parse.js';
import { byAction, type Handler, type HandlerContext } from '../context.js';
import { patrolPush } from '../dedupe-keys.js';
import { isVerifiedStaff } from '../directory.js';
import { clip, when } from '../format.js';
import { say, toPerson, type Notify, type Outcome } from '../outcome.js';
import { createRepair } from '../repair/report.js';
import { UNVERIFIED } from '../roles.js';
import { mayPatrol, patrolLeads } from './duty.js';
import { patrolTitle } from './kinds.js';
import { activeHoursZh, slotAt } from './slots.js';
import { doneHint, outcomeZh, patrolRef, roundName, slotZh } from './states.js';
import { propertyTag, serves } from '../properties.js';
import { countRounds, countsZh, roundsOfDay } from './summary.js';

const staffOnly = (p: Person) => say(p.role !== 'resident' && !p.verified ? UNVERIFIED : '抱歉，巡查记录仅限物业员工使用。');
const pad = (n: number) => String(n).padStart(2, '0');
const hhmm = (d: Date, off: number) => {
  const p = localParts(d, off);
  return `${pad(p.hour)}:${pad(p.minute)}`;
};
const NOT_ENABLED = '目前没有开启按轮次的巡查，如需开启请联系管理员。';

/** The round a command names, or the current slot's round (opened now if the job has not yet) when only one patrol runs. */
async function roundOf(cmd: Command, ctx: HandlerContext): Promise<{ round: PatrolRound } | { outcome: Outcome }> {
  if (cmd.ref) {
    const round = await ctx.stores.patrols.get(Number(cmd.ref));
    return round ? { round } : { outcome: say(`没有找到巡查#${cmd.ref}，发送「巡查 今日」查看今日轮次和编号。`) };
  }
  const p = ctx.config.patrol;
  if (!p.kinds.length) return { outcome: say(NOT_ENABLED) };
  if (p.kinds.length > 1) return { outcome: say('请注明巡查编号，例如「巡查 完成 #8 正常」。发送「巡查 今日」查看编号。') };
  const now = ctx.clock.now();
  const slot = slotAt(now, p, ctx.config.utcOffsetMinutes);
  if (!slot) return { outcome: say(`现在不在巡查时段（${activeHoursZh(p)}）。记录某一轮请注明编号，例如「巡查 完成 #8 正常」。`) };
  return { round: (await ctx.stores.patrols.open({ kind: p.kinds[0]!, ...slot, createdAt: now, propertyId: ctx.place.property.id })).round };
}

/** 巡查 完成 #8 正常 ／ 巡查 完成 #8 发现 3号楼消防通道堵塞 (without a number: the current round). */
async function done(cmd: Command, ctx: HandlerContext): Promise<Outcome> {
  const me = ctx.sender;
  const p = ctx.config.patrol;
  if (!isVerifiedStaff(me)) return staffOnly(me);
  if (!mayPatrol(me, p)) return say(`抱歉，巡查由${p.team}组记录，主管、经理也可以记录。`);
  const found = await roundOf(cmd, ctx);
  if ('outcome' in found) return found.outcome;
  const r = found.round;
  const now = ctx.clock.now();
  const off = ctx.config.utcOffsetMinutes;
  if (r.status === 'done') return say(`${patrolRef(r)} 已于${when(r.doneAt ?? now, off)}记录为「${outcomeZh(r)}」，无需重复。`);
  if (r.status === 'missed' || r.slotEnd.getTime() <= now.getTime()) {
    return say(`${roundName(r, off)} 时段已结束，不能再记录结果（未记录的轮次计为漏巡）。请记录当前轮次，发送「巡查 今日」查看编号。`);
  }
  if (!cmd.patrolResult) return say(`请写明巡查结果，例如${doneHint(r)}。`);
  const note = cmd.detail?.trim() || null;
  if (cmd.patrolResult === 'finding' && !note) return say(`请写明发现的问题，例如「巡查 完成 #${r.id} 发现 3号楼消防通道堵塞」。`);
  const recorded = await ctx.stores.patrols.complete(r.id, { result: cmd.patrolResult, note, doneById: me.id, doneAt: now });
  if (!recorded) return say(`${patrolRef(r)} 状态刚刚发生了变化，请发送「巡查 今日」查看。`);
  const next = slotAt(r.slotEnd, p, off) ? `下一轮 ${hhmm(r.slotEnd, off)} 开始。` : '本时段的巡查到此结束。';
  if (cmd.patrolResult === 'normal') return say(`已记录${roundName(r, off)}：正常。${next}`);

  const leads = (await patrolLeads(ctx.stores, p, r.propertyId)).filter((l) => l.id !== me.id);
  const text = `【巡查发现】${roundName(r, off)} ${me.name}：${clip(note!, 100)}。需要维修请发送「巡查 #${r.id} 转报修」。`;
  const notify: Notify[] = leads.map((l) => toPerson(l.id, text, patrolPush(r.id, 'finding', l.id)));
  const told = leads.length ? `已告知${leads.map((l) => l.name).join('、')}。` : '';
  return { reply: { text: `已记录${roundName(r, off)}：发现问题「${clip(note!, 60)}」。${told}需要维修请发送「巡查 #${r.id} 转报修」。${next}` }, notify };
}

/** 巡查 #8 转报修 — the finding becomes a repair through the repair path; the ticket's history names the round. */
async function toRepair(cmd: Command, ctx: HandlerContext): Promise<Outcome> {
  const me = ctx.sender;
  const p = ctx.config.patrol;
  if (!isVerifiedStaff(me)) return staffOnly(me);
  if (!mayPatrol(me, p)) return say(`抱歉，巡查发现由${p.team}组转报修，主管、经理也可以操作。其他同事请直接「报修 位置 问题」。`);
  if (!cmd.ref) return say('请注明巡查编号，例如「巡查 #8 转报修」。发送「巡查 今日」查看编号。');
  const r = await ctx.stores.patrols.get(Number(cmd.ref));
  if (!r) return say(`没有找到巡查#${cmd.ref}，发送「巡查 今日」查看今日轮次和编号。`);
  if (r.ticketId) return say(`${patrolRef(r)} 的发现已转为报修#${r.ticketId}，无需重复。查看进度请发送「查询 #${r.ticketId}」。`);
  if (r.result !== 'finding' || !r.note) {
    return say(`${patrolRef(r)} ${r.status === 'done' ? '记录为正常' : r.status === 'missed' ? '为漏巡' : '还没有记录结果'}，没有可转报修的发现。发现问题请发送「巡查 完成 #${r.id} 发现 具体情况」。`);
  }
  const now = ctx.clock.now();
  const off = ctx.config.utcOffsetMinutes;
  const parsed = parseCommand(`报修 ${r.note}`, { now, utcOffsetMinutes: off });
  const asRepair: Command = parsed.intent === 'repair' ? parsed : { intent: 'repair', text: `报修 ${r.note}`, detail: r.note };
  // The repair belongs to the round's property, wherever the command was sent.
  const property = ctx.place.all.find((x) => x.id === r.propertyId) ?? ctx.place.property;
  const { ticket, outcome } = await createRepair(asRepair, { ...ctx, place: { ...ctx.place, property } }, `由${patrolRef(r)}转入（${slotZh(r, off)} 巡查发现：${clip(r.note, 30)}）`);
  if (!ticket) return outcome;
  await ctx.stores.patrols.linkTicket(r.id, ticket.id);
  return { ...outcome, reply: { text: `${patrolRef(r)} 的发现已转为报修：\n${outcome.reply?.text ?? `报修#${ticket.id}`}` } };
}

/** 巡查 今日 — today's rounds: counts, each round's outcome, the current round. */
async function today(_cmd: Command, ctx: HandlerContext): Promise<Outcome> {
  const me = ctx.sender;
  const p = ctx.config.patrol;
  if (!isVerifiedStaff(me)) return staffOnly(me);
  if (!p.kinds.length) return say(NOT_ENABLED);
  const now = ctx.clock.now();
  const off = ctx.config.utcOffsetMinutes;
  // A bound group sees its property's rounds; elsewhere, those of the properties the sender serves.
  const { place } = ctx;
  const rounds = (await roundsOfDay(ctx.stores.patrols, now, off)).filter((r) => (place.bound ? r.propertyId === place.property.id : serves(me, r.propertyId)));
  const day = localParts(now, off);
  const head = `今日巡查（${day.month}月${day.day}日，${p.kinds.map(patrolTitle).join('、')}，每${p.intervalHours}小时一轮，${activeHoursZh(p)}）`;
  if (!rounds.length) return say(`${head}：还没有轮次。轮次按时自动开启，开启时提醒${p.team}组。`);
  const names = new Map((await ctx.stores.people.byIds([...new Set(rounds.flatMap((r) => (r.doneById ? [r.doneById] : [])))])).map((x) => [x.id, x.name]));
  const lines = [`${head}：${countsZh(countRounds(rounds))}。`];
  for (const r of rounds) {
    const by = r.doneById && r.doneAt ? `（${names.get(r.doneById) ?? ''} ${hhmm(r.doneAt, off)}）` : '';
    lines.push(`- ${propertyTag(place.all, r.propertyId)}${patrolRef(r)} ${slotZh(r, off)}${p.kinds.length > 1 ? ` ${patrolTitle(r.kind)}` : ''} ${outcomeZh(r)}${by}`);
  }
  const current = rounds.find((r) => r.status === 'open' && r.slotEnd.getTime() > now.getTime());
  if (current) lines.push(`当前轮次：${patrolRef(current)}，完成后请发送${doneHint(current)}。`);
  return say(lines.join('\n'));
}

/** 巡查 完成 #8 正常 ／ 巡查 完成 #8 发现 … ／ 巡查 #8 转报修 ／ 巡查 今日 */
export const patrol: Handler = byAction((cmd) => cmd.patrolAction, { done, repair: toRepair }, today);
