// 值班日志 (docs/desk-rules.md#duty-log-review-and-spot-checks): 值班日志 [昨天|12月3日] [工程] shows a team's log of a day;
// the lead signs it with 已阅 值班日志 [日期] [备注]; the supervisors record their monthly spot check with
// 抽查 值班日志 12月3日 [工程] [意见] and follow it with 抽查 进度. One sign-off and one spot check per log: a repeat
// says who did it and when.
import { localDate, localParts } from '../../clock.js';
import type { Command } from '../command/command.js';
import { tidy } from '../command/normalize.js';
import type { Handler, HandlerContext } from '../context.js';
import { handoverRef, when } from '../format.js';
import { say, type Outcome } from '../outcome.js';
import { check, type Action } from '../roles.js';
import { readerOf } from '../ticket.js';
import { addDays, dayLabel, dutyLogs, logText, monthLabel, monthOf, previousMonth, reviewsOf, teamKey, teamLabel, type DutyLog } from './log.js';
import { progressText, spotCheckState } from './sample.js';

const today = (ctx: HandlerContext) => localDate(ctx.clock.now(), ctx.config.utcOffsetMinutes);
const seesAll = (ctx: HandlerContext) => ctx.sender.role === 'supervisor' || ctx.sender.role === 'manager';

/**
 * The day 已阅 值班日志 signs when no date is given: before DUTY_LOG_SAME_DAY_FROM (12:00) yesterday's log (the morning
 * check of the day before), from then on today's (the evening check).
 */
export function defaultSignDay(now: Date, sameDayFrom: string, offset: number): string {
  const p = localParts(now, offset);
  const [h, m] = sameDayFrom.split(':').map(Number) as [number, number];
  const day = localDate(now, offset);
  return p.hour * 60 + p.minute < h * 60 + m ? addDays(day, -1) : day;
}

/** The team a command names first (工程 / 工程组 / 未分组), when the directory has it; and the words after it. */
async function namedTeam(ctx: HandlerContext, detail: string | undefined): Promise<{ team?: string; rest: string }> {
  const text = detail ?? '';
  const word = /^\S+/.exec(text)?.[0];
  if (!word) return { rest: '' };
  const rest = tidy(text.slice(word.length));
  if (word === '未分组') return { team: '', rest };
  const teams = new Set((await ctx.stores.people.list()).map((p) => p.team).filter((t): t is string => Boolean(t)));
  const team = teams.has(word) ? word : teams.has(word.replace(/组$/, '')) ? word.replace(/组$/, '') : undefined;
  return team === undefined ? { rest: text } : { team, rest };
}

/** A date the command gave that is no day, or a day still to come: the refusal, with an example. */
function badDay(cmd: Command, date: string, ctx: HandlerContext, example: string): Outcome | null {
  if (cmd.badDate) return say(`「${cmd.badDate}」不是有效的日期，请重新输入，例如「${example}」。`);
  if (date > today(ctx)) return say(`${dayLabel(date)}还没到，值班日志只能查看和签字今天及以前的，例如「${example}」。`);
  return null;
}

/** The logs of a day the reader may see: a lead's own team; for supervisors and managers the team named, or all. */
async function teamLogs(cmd: Command, ctx: HandlerContext, date: string, verb: string): Promise<{ logs: DutyLog[]; wanted?: string; rest: string } | { outcome: Outcome }> {
  const { team, rest } = await namedTeam(ctx, cmd.detail);
  const own = teamKey(ctx.sender.team);
  if (!seesAll(ctx) && team !== undefined && team !== own) return { outcome: say(`您只能${verb}本组（${teamLabel(own)}）的值班日志。`) };
  const wanted = seesAll(ctx) ? team : own;
  const logs = (await dutyLogs(ctx.stores, date, date, ctx.config.utcOffsetMinutes)).filter((l) => wanted === undefined || l.team === wanted);
  return { logs, wanted, rest };
}

/**
 * The log a sign-off or spot check is about: a lead's own team; for supervisors and managers the team named, or the only
 * team that handed over that day. The words after the team are the remark.
 */
async function logFor(cmd: Command, ctx: HandlerContext, date: string, verb: string): Promise<{ log: DutyLog; note: string } | { outcome: Outcome }> {
  const shown = await teamLogs(cmd, ctx, date, verb);
  if ('outcome' in shown) return shown;
  const { logs, wanted, rest } = shown;
  const where = wanted === undefined ? '' : teamLabel(wanted);
  const earlier = dayLabel(addDays(date, -1));
  if (!logs.length) return { outcome: say(`${dayLabel(date)}${where}没有交班记录，没有需要${verb}的值班日志。如需${verb}其他日期，请写明日期，例如「${verb === '签字' ? '已阅' : '抽查'} 值班日志 ${earlier}」。`) };
  if (logs.length > 1) {
    const first = logs[0]!.team || '未分组';
    return { outcome: say(`${dayLabel(date)}有${logs.map((l) => teamLabel(l.team)).join('、')}的值班日志，请写明组别，例如「${verb === '签字' ? '已阅' : '抽查'} 值班日志 ${dayLabel(date)} ${first}」。`) };
  }
  return { log: logs[0]!, note: rest };
}

/**
 * Records the sign-off (daily) or spot check of the log the command names, at `now`. A bad day, a missing log or a
 * repeat (who did it and when) is the reply that ends the command.
 */
async function recordReview(cmd: Command, ctx: HandlerContext, date: string, now: Date, kind: 'daily' | 'spot-check', example: string): Promise<{ log: DutyLog; note: string; title: string } | { outcome: Outcome }> {
  const refused = badDay(cmd, date, ctx, example);
  if (refused) return { outcome: refused };
  const found = await logFor(cmd, ctx, date, kind === 'daily' ? '签字' : '抽查');
  if ('outcome' in found) return found;
  const { log, note } = found;
  const me = ctx.sender;
  const { review, created } = await ctx.stores.dutyLog.review({ team: log.team, date, kind, reviewerId: me.id, reviewedAt: now, note: note || null });
  const title = `${dayLabel(date)} ${teamLabel(log.team)}值班日志`;
  if (created) return { log, note, title };
  const by = review.reviewerId === me.id ? '您' : ((await ctx.stores.people.byId(review.reviewerId))?.name ?? `编号${review.reviewerId}`);
  const done = kind === 'daily' ? '签字确认' : `抽查${review.note ? `（意见：${review.note}）` : ''}`;
  return { outcome: say(`${title}已于${when(review.reviewedAt, ctx.config.utcOffsetMinutes)}由${by}${done}，无需重复。`) };
}

/** The moment a 值班日志 command runs: who sent it, when, and the UTC offset its days are in. */
interface At {
  me: HandlerContext['sender'];
  now: Date;
  off: number;
}

/** A 值班日志 command for those whose role allows `action`; others get the refusal. */
function allowed(action: Action, run: (cmd: Command, ctx: HandlerContext, at: At) => Promise<Outcome>): Handler {
  return async (cmd, ctx) => {
    const denied = check(action, ctx.sender);
    if (denied) return say(denied);
    return run(cmd, ctx, { me: ctx.sender, now: ctx.clock.now(), off: ctx.config.utcOffsetMinutes });
  };
}

/** 值班日志 [日期] [组别] */
export const dutyLog: Handler = allowed('dutylog.view', async (cmd, ctx, { off }) => {
  const date = cmd.logDate ?? today(ctx);
  const refused = badDay(cmd, date, ctx, '值班日志 昨天');
  if (refused) return refused;
  const shown = await teamLogs(cmd, ctx, date, '查看');
  if ('outcome' in shown) return shown.outcome;
  const { logs, wanted } = shown;
  if (!logs.length) return say(`${dayLabel(date)}${wanted === undefined ? '' : teamLabel(wanted)}没有交班记录，值班日志为空。查看其他日期请发送「值班日志 ${dayLabel(addDays(date, -1))}」。`);
  const texts: string[] = [];
  for (const log of logs) texts.push(await logText(ctx.stores, log, await reviewsOf(ctx.stores, log), readerOf(ctx), off));
  return say(texts.join('\n\n'));
});

/** 已阅 值班日志 [日期] [备注] — the lead's daily check and signature (组长每天检查《值班日志》并签字确认). */
export const dutyLogSign: Handler = allowed('dutylog.sign', async (cmd, ctx, { me, now, off }) => {
  const date = cmd.logDate ?? defaultSignDay(now, ctx.config.dutyLog.sameDayFrom, off);
  const signed = await recordReview(cmd, ctx, date, now, 'daily', '已阅 值班日志 昨天');
  if ('outcome' in signed) return signed.outcome;
  const { log, title } = signed;
  const lines = [`已签字确认：${title}（交班 ${log.handovers.length} 次），签字人${me.name}，${when(now, off)}。`];
  const pending = log.handovers.filter((h) => h.status === 'pending');
  if (pending.length) lines.push(`其中${pending.map((h) => handoverRef(h.id)).join('、')}尚未接班，请提醒接班同事发送「接班」。`);
  return say(lines.join('\n'));
});

/** 抽查 值班日志 12月3日 [组别] [意见] · 抽查 进度 [11月] — the supervisors' monthly spot check. */
export const spotCheck: Handler = allowed('dutylog.spot-check', async (cmd, ctx, { now, off }) => {
  const percent = ctx.config.dutyLog.spotCheckPercent;
  const day = today(ctx);
  if (cmd.spotCheckMonth !== undefined) {
    const month = cmd.spotCheckMonth || previousMonth(monthOf(day));
    return say(progressText(await spotCheckState(ctx.stores, month, percent, now, off), percent, day));
  }
  if (!cmd.logDate && !cmd.badDate) return say('请写明抽查哪一天的值班日志，例如「抽查 值班日志 12月3日 工程 记录完整」；发送「抽查 进度」查看要抽查的日志。');
  const date = cmd.logDate ?? day;
  const checked = await recordReview(cmd, ctx, date, now, 'spot-check', '抽查 值班日志 12月3日 记录完整');
  if ('outcome' in checked) return checked.outcome;
  const { log, note, title } = checked;
  const lines = [`已记录抽查：${title}${note ? `，意见：${note}` : ''}。`];
  const state = await spotCheckState(ctx.stores, monthOf(date), percent, now, off);
  const month = monthLabel(state.month, day);
  if (state.sample.length) {
    const listed = state.sample.some((s) => s.team === log.team && s.date === date);
    lines.push(`${listed ? '' : `该日志不在${month}的抽查名单中，记为名单外抽查。`}${month}抽查进度：${state.done.length}/${state.sample.length}，发送「抽查 进度」查看未完成的。`);
  }
  return say(lines.join('\n'));
});
