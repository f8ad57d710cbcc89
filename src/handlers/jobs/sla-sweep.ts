// Every minute: clocks whose next alert level has come get exactly one alert per level,
// written to the outbox (unique dedupe key) in the same transaction that advances the clock.
import type { Recipient } from '../../bot/message.js';
import { formatLocal } from '../../clock.js';
import type { ClockUpdate, OutboxInput, Person, SlaClockRow } from '../../store/index.js';
import { slaAlert } from '../dedupe-keys.js';
import type { Notify } from '../outcome.js';
import { itemKey, loadItems, type AlertItem } from '../sla/items.js';
import { duration, step } from '../sla/ladder.js';
import type { Job, JobContext } from './types.js';

/** Clocks handled per transaction. */
const BATCH = 1000;

interface Directory {
  byId: Map<number, Person>;
  staff: Person[];
}

/** People with the role in the item's team; leads fall back to leads without a team, others to everyone with the role. */
function withRole(dir: Directory, role: Person['role'], team: string | null): Person[] {
  const all = dir.staff.filter((p) => p.role === role);
  const sameTeam = team ? all.filter((p) => p.team === team) : [];
  if (sameTeam.length) return sameTeam;
  return role === 'lead' ? all.filter((p) => !p.team || !team) : all;
}

/** The people of one level (before recusal): 0 owner, 1 owner + lead, 2 supervisor, 3 manager. */
function levelPeople(level: number, item: AlertItem, dir: Directory, owner: Recipient): Recipient[] {
  const people = (ps: Person[]): Recipient[] => ps.map((p) => ({ kind: 'person', personId: p.id }));
  if (level === 0) return [owner];
  if (level === 1) return [owner, ...people(withRole(dir, 'lead', item.team))];
  if (level === 2) return people(withRole(dir, 'supervisor', item.team).length ? withRole(dir, 'supervisor', item.team) : withRole(dir, 'manager', null));
  return people(withRole(dir, 'manager', null).length ? withRole(dir, 'manager', null) : withRole(dir, 'supervisor', item.team));
}

/**
 * Who hears about `level`. No owner: the duty group. The accused of a complaint is never told: when a level has
 * nobody else, the alert goes one level up.
 */
export function recipientsFor(level: number, item: AlertItem, dir: Directory): Recipient[] {
  const ownerId = item.ownerId !== item.recusedId ? item.ownerId : null;
  const owner: Recipient = ownerId && dir.byId.has(ownerId) ? { kind: 'person', personId: ownerId } : { kind: 'duty-group' };
  const allowed = (r: Recipient) => r.kind !== 'person' || r.personId !== item.recusedId;
  let list: Recipient[] = [];
  for (let l = level; l <= 3 && !list.length; l++) list = levelPeople(l, item, dir, owner).filter(allowed);
  if (!list.length) list = [owner];
  const seen = new Set<string>();
  return list.filter((r) => {
    const k = r.kind === 'person' ? `p${r.personId}` : 'group';
    return seen.has(k) ? false : (seen.add(k), true);
  });
}

const HEADLINE = ['⏰ 即将超时', '🔴 已超时', '🔴 超时升级·主管', '🔴 超时升级·经理'];

/** Short, actionable Chinese: what, where, how late, who owns it, the command to act. */
export function alertText(level: number, c: SlaClockRow, item: AlertItem, now: Date, dir: Directory, offsetMinutes: number, forGroup = false): string {
  const label = item.label(c.clock);
  const late = now.getTime() - c.dueAt.getTime();
  const timing = late < 0 ? `${label}时限 ${formatLocal(c.dueAt, offsetMinutes)}，还剩 ${duration(late)}` : `${label}已超时 ${duration(late)}（时限 ${formatLocal(c.dueAt, offsetMinutes)}）`;
  const owner = item.ownerId ? (dir.byId.get(item.ownerId)?.name ?? '未知') : '暂无（请组长安排）';
  const summary = forGroup ? item.groupSummary : item.summary;
  return [`${HEADLINE[level] ?? HEADLINE[3]}｜${item.ref} ${timing}`, summary, `负责人：${owner}`, `👉 ${item.action(c.clock)}`].filter(Boolean).join('\n');
}

async function sweepBatch(ctx: JobContext, clocks: SlaClockRow[], dir: Directory) {
  const { now, config } = ctx;
  const items = await loadItems(ctx.stores, clocks);
  const rows: OutboxInput[] = [];
  const updates: ClockUpdate[] = [];
  let alerts = 0;
  for (const c of clocks) {
    const item = items.get(itemKey(c.itemType, c.itemId));
    if (!item || !item.open) {
      updates.push({ id: c.id, active: false, nextFireAt: null });
      continue;
    }
    if (c.pausedAt) {
      updates.push({ id: c.id, nextFireAt: null });
      continue;
    }
    const s = step(c, c.nextLevel, now, config.sla.levels);
    if (s.fire !== null) {
      for (const to of recipientsFor(s.fire, item, dir)) {
        const text = alertText(s.fire, c, item, now, dir, config.utcOffsetMinutes, to.kind === 'duty-group');
        const n: Notify = { to, message: { text }, dedupeKey: slaAlert(c, s.fire, to) };
        rows.push(...ctx.notifyRouter.rowsFor(n, now, to.kind === 'person' ? (dir.byId.get(to.personId) ?? null) : null));
      }
      alerts++;
    }
    updates.push({ id: c.id, nextLevel: s.nextLevel, nextFireAt: s.nextFireAt });
  }
  // Alerts and the clocks' new levels commit together: a crash leaves either both or neither.
  const queued = await ctx.transaction(async (tx) => {
    const n = await tx.outbox.enqueue(rows, now);
    await tx.slaClocks.updateMany(updates, now);
    return n;
  });
  return { alerts, queued };
}

export const slaSweep: Job = {
  name: 'sla-sweep',
  cron: (config) => config.sla.sweepCron,
  async run(ctx) {
    const people = await ctx.stores.people.list();
    const staff = people.filter((p) => p.active && p.role !== 'resident');
    const dir: Directory = { byId: new Map(people.map((p) => [p.id, p])), staff };
    const total = { clocks: 0, alerts: 0, queued: 0 };
    // Each batch moves its clocks' nextFireAt past `now` (or clears it), so this loop ends.
    for (let round = 0; round < 1000; round++) {
      const clocks = await ctx.stores.slaClocks.dueAt(ctx.now, BATCH);
      if (!clocks.length) break;
      const r = await sweepBatch(ctx, clocks, dir);
      total.clocks += clocks.length;
      total.alerts += r.alerts;
      total.queued += r.queued;
      if (clocks.length < BATCH) break;
    }
    if (total.alerts) ctx.logger.info(total, 'SLA sweep');
    return total;
  },
};
