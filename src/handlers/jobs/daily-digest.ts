// 值班日志: once a day (DIGEST_CRON, default 18:00) each team lead and each supervisor gets one message about their
// team (without a team: the whole site): open work, the leave requests the reader may approve (approval.ts, the same
// rule as 批准), the day's SLA misses, handovers still waiting for 接班, the day's patrol rounds (to the patrol team's lead and the
// supervisors), and pushes that failed in the last 24 hours.
// Exactly once per reader and day through the outbox dedupe key digest:<local date>:<reader id>, so the job may run
// any number of times.
import { DAY, fromLocal, localDate, localParts } from '../../clock.js';
import type { ClockName, ItemType, Person } from '../../store/index.js';
import { digest } from '../dedupe-keys.js';
import { dayLabel, dutyLogs } from '../duty-log/log.js';
import { clip, duration, handoverRef, leaveRef, ticketLine, ticketRef, when } from '../format.js';
import { loadChain, mayApprove, type ApprovalSubject } from '../approval.js';
import { leaveLine, leaveSubject } from '../leave/states.js';
import { serves } from '../properties.js';
import { patrolDigestLines, roundsOfDay } from '../patrol/summary.js';
import { maskPhones } from '../privacy.js';
import { toPerson } from '../outcome.js';
import { nextStep, STATUS_ZH } from '../ticket.js';
import type { Job, JobContext } from './types.js';

/** How many lines of each section are listed; the rest is counted. */
export const DIGEST_TOP = 5;

const CLOCK_ZH: Record<ClockName, string> = {
  response: '响应',
  arrival: '到场',
  resolve: '处理',
  followup: '回访',
  approval: '审批',
  confirm: '接班确认',
  due: '到期',
  page: '紧急呼叫',
};

/** Error text as a digest may show it: no phone numbers or other long digit runs, short. */
export function safeError(err: string | null): string {
  if (!err) return '未知错误';
  return clip(err.replace(/\+?\d[\d\s-]{5,}\d/g, (m) => (m.replace(/\D/g, '').length >= 7 ? '****' : m)).replace(/\s+/g, ' ').trim(), 60);
}

export interface Miss {
  itemType: ItemType;
  itemId: number;
  clock: ClockName;
  dueAt: Date;
  /** When it was met (late), or null: still running past due. */
  metAt: Date | null;
  team: string | null;
  label: string;
  /** The accused, when the item is a complaint against someone. */
  accusedId?: number | null;
  /** The item's property; absent: company-wide (a leave). */
  propertyId?: number;
  /** A leave's approval: shown only to those who may approve it, like the pending list. */
  approval?: ApprovalSubject;
}

interface Scope {
  /** null: the whole site. */
  team: string | null;
  /** The reader: a complaint against them is left out of their digest (回避). */
  readerId: number;
  /** The properties (项目) the reader serves; empty: every one. */
  properties: readonly number[];
}

const inTeam = (scope: Scope, team: string | null | undefined) => scope.team === null || team === scope.team;
/** An item of a property the reader serves (company-wide items, without a property, concern everyone). */
const here = (scope: Scope, propertyId: number | null | undefined) => serves(scope, propertyId);

function more(total: number, shown: number, hint: string): string[] {
  return total > shown ? [`  …另有${total - shown}项${hint}`] : [];
}

/** Everything the digest needs for the site, read once per run. */
async function gather(ctx: JobContext) {
  const { stores, now } = ctx;
  const off = ctx.config.utcOffsetMinutes;
  const dayStart = fromLocal(localDate(now, off), '00:00', off);
  const people = new Map<number, Person>((await stores.people.list()).map((p) => [p.id, p]));
  const teamOf = (id: number | null | undefined) => (id == null ? null : people.get(id)?.team ?? null);

  const tickets = await stores.tickets.listUnfinished();
  const chain = await loadChain(stores.people, ctx.config.leave);
  const leave = (await stores.leave.listPending()).flatMap((l) => {
    const requester = people.get(l.personId);
    return requester ? [{ ...l, subject: leaveSubject(l, requester) }] : [];
  });
  const handovers = await stores.handovers.listPending();

  // Misses of the day: due between local midnight and now, and met late or still running (not paused).
  // (An emergency's page is a reminder that repeats, not a deadline: its misses are the response deadline's.)
  const missed = (await stores.slaClocks.dueBetween(dayStart, now)).filter((c) => c.clock !== 'page' && (c.metAt ? c.metAt > c.dueAt : c.active && !c.pausedAt));
  const ids = (type: ItemType) => [...new Set(missed.filter((c) => c.itemType === type).map((c) => c.itemId))];
  const byId = <T extends { id: number }>(rows: T[]) => new Map(rows.map((r) => [r.id, r]));
  const missTickets = byId(await stores.tickets.byIds(ids('ticket')));
  const missLeave = byId(await stores.leave.byIds(ids('leave')));
  const missHandovers = byId(await stores.handovers.byIds(ids('handover')));
  const missDrills = byId(await stores.drills.byIds(ids('drill')));
  const misses: Miss[] = missed.map((c) => {
    const base = { itemType: c.itemType, itemId: c.itemId, clock: c.clock, dueAt: c.dueAt, metAt: c.metAt };
    switch (c.itemType) {
      case 'ticket': {
        const t = missTickets.get(c.itemId);
        return { ...base, team: t?.team ?? null, label: t ? ticketRef(t) : `工单#${c.itemId}`, accusedId: t?.accusedId, ...(t ? { propertyId: t.propertyId } : {}) };
      }
      case 'leave': {
        const l = missLeave.get(c.itemId);
        const requester = l ? people.get(l.personId) : undefined;
        const approval = l && requester ? leaveSubject(l, requester) : undefined;
        return { ...base, team: teamOf(l?.personId), label: `${leaveRef({ id: c.itemId })}${requester ? ` ${requester.name}` : ''}`, ...(approval ? { approval } : {}) };
      }
      case 'handover': {
        const h = missHandovers.get(c.itemId);
        return { ...base, team: h?.team ?? teamOf(h?.outgoingId), label: handoverRef(c.itemId), ...(h ? { propertyId: h.propertyId } : {}) };
      }
      default: {
        const d = missDrills.get(c.itemId);
        return { ...base, team: d?.team ?? null, label: `演练#${c.itemId}${d ? ` ${clip(d.title, 20)}` : ''}`, ...(d ? { propertyId: d.propertyId } : {}) };
      }
    }
  });

  const failed = await stores.outbox.failedSince(new Date(now.getTime() - DAY));
  // Today's duty logs (the day's handovers) and which of them a lead already signed (已阅 值班日志).
  const day = localDate(now, off);
  const logs = await dutyLogs(stores, day, day, off);
  const signed = new Set((await stores.dutyLog.reviewsBetween('daily', day, day)).map((r) => r.team));
  const patrol = { team: ctx.config.patrol.team, rounds: await roundsOfDay(stores.patrols, now, off) };
  return { dayStart, people, chain, tickets, leave, handovers, misses, patrol, failed, logs, signed, teamOf, label: (channel: string) => ctx.channels.label(channel) };
}

type Site = Awaited<ReturnType<typeof gather>>;

/** The digest text for one scope (a team, or the whole site). */
export function digestText(site: Site, scope: Scope, now: Date, offsetMinutes: number): string {
  const p = localParts(now, offsetMinutes);
  const title = `【值班日志】${p.month}月${p.day}日 ${scope.team ? `${scope.team}组` : '全站'}`;
  const name = (id: number | null | undefined) => (id == null ? '' : site.people.get(id)?.name ?? `#${id}`);
  const at = (d: Date) => when(d, offsetMinutes);
  const lines: string[] = [];

  const tickets = site.tickets.filter((t) => inTeam(scope, t.team) && here(scope, t.propertyId) && t.accusedId !== scope.readerId);
  if (tickets.length) {
    const urgent = tickets.filter((t) => t.urgent).length;
    lines.push(`未结工单 ${tickets.length} 张${urgent ? `（紧急 ${urgent}）` : ''}：`);
    for (const t of tickets.slice(0, DIGEST_TOP)) {
      const owner = t.assigneeId ? ` · ${name(t.assigneeId)}` : ' · 未派单';
      const step = nextStep(t);
      lines.push(`- ${ticketLine(t)} · ${STATUS_ZH[t.status]}${owner}${step ? `，发送「${step}」` : ''}`);
    }
    lines.push(...more(tickets.length, DIGEST_TOP, '，发送「查询 #单号」查看'));
  }

  // Only what the reader may approve: the same check as 批准, so the digest never asks for a decision that is refused.
  const reader = site.people.get(scope.readerId);
  const leave = reader ? site.leave.filter((l) => mayApprove(reader, l.subject, site.chain) === null) : [];
  if (leave.length) {
    lines.push(`待审批请假 ${leave.length} 条：`);
    for (const l of leave.slice(0, DIGEST_TOP)) {
      lines.push(`- ${leaveRef(l)} ${name(l.personId)} ${leaveLine(l)}，发送「批准 #${l.id}」或「驳回 #${l.id} 原因」`);
    }
    lines.push(...more(leave.length, DIGEST_TOP, ''));
  }

  const misses = site.misses.filter((m) => (m.approval ? reader !== undefined && mayApprove(reader, m.approval, site.chain) === null : inTeam(scope, m.team) && here(scope, m.propertyId)) && m.accusedId !== scope.readerId);
  if (misses.length) {
    lines.push(`今日超时 ${misses.length} 项：`);
    for (const m of misses.slice(0, DIGEST_TOP)) {
      const late = Math.ceil(((m.metAt ?? now).getTime() - m.dueAt.getTime()) / 60_000);
      const state = m.metAt ? `已于${at(m.metAt)}完成，晚${duration(late)}` : `仍未完成，已超${duration(late)}`;
      lines.push(`- ${m.label} ${CLOCK_ZH[m.clock]}期限${at(m.dueAt)}，${state}`);
    }
    lines.push(...more(misses.length, DIGEST_TOP, ''));
  }

  const handovers = site.handovers.filter((h) => inTeam(scope, h.team ?? site.teamOf(h.outgoingId)) && here(scope, h.propertyId));
  if (handovers.length) {
    lines.push(`未确认交班 ${handovers.length} 个：`);
    for (const h of handovers.slice(0, DIGEST_TOP)) {
      const due = h.confirmDueAt ? `，应于${at(h.confirmDueAt)}前确认` : '';
      lines.push(`- ${handoverRef(h.id)} ${name(h.outgoingId)} ${at(h.createdAt)}交班${due}，接班同事请发送「接班」`);
    }
    lines.push(...more(handovers.length, DIGEST_TOP, ''));
  }

  if (inTeam(scope, site.patrol.team)) lines.push(...patrolDigestLines(site.patrol.rounds.filter((r) => here(scope, r.propertyId)), offsetMinutes, DIGEST_TOP));
  // The lead checks the day's duty log and signs it (docs/desk-rules.md#duty-log-review-and-spot-checks).
  const log = scope.team === null ? undefined : site.logs.find((l) => l.team === scope.team);
  if (log && !site.signed.has(log.team)) lines.push(`今日交班 ${log.handovers.length} 次，值班日志待签字：发送「值班日志」查看，检查后发送「已阅 值班日志 ${dayLabel(log.date)}」。`);

  // Failed pushes: to people of the team, and to the duty group (everyone's concern).
  const failed = site.failed.filter((f) => f.personId == null || inTeam(scope, site.teamOf(f.personId)));
  if (failed.length) {
    lines.push(`推送失败 ${failed.length} 条（24小时内）：`);
    for (const f of failed.slice(0, DIGEST_TOP)) {
      const channel = site.label(f.channel);
      lines.push(`- ${channel} → ${f.personId == null ? '值班群' : name(f.personId)}：${safeError(f.lastError)}`);
    }
    lines.push(...more(failed.length, DIGEST_TOP, ''));
    lines.push('请检查通道配置或当面通知对方。');
  }

  if (!lines.length) return `${title}：今日无超时、无待办。`;
  return [title, ...lines].join('\n');
}

export const dailyDigest: Job = {
  name: 'daily-digest',
  cron: (config) => config.sla.digestCron,
  async run(ctx) {
    const off = ctx.config.utcOffsetMinutes;
    const day = localDate(ctx.now, off);
    const readers = [...(await ctx.stores.people.byRole('lead')), ...(await ctx.stores.people.byRole('supervisor'))].filter((p) => p.active);
    if (!readers.length) return { readers: 0, enqueued: 0 };
    const site = await gather(ctx);
    let enqueued = 0;
    for (const reader of readers) {
      // A digest names no phone number, whatever the descriptions say.
      const text = maskPhones(digestText(site, { team: reader.team, readerId: reader.id, properties: reader.properties }, ctx.now, off));
      const rows = await ctx.notifyRouter.rows(toPerson(reader.id, text, digest(day, reader.id)), ctx.now, ctx.stores);
      if (!rows.length) ctx.logger.warn({ readerId: reader.id }, 'digest: no channel reaches the reader');
      enqueued += await ctx.stores.outbox.enqueue(rows);
    }
    return { readers: readers.length, enqueued };
  },
};
