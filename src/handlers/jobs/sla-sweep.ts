// Every minute: clocks whose next alert level has come get exactly one alert per level,
// written to the outbox (unique dedupe key) in the same transaction that advances the clock.
import type { Recipient } from '../../bot/message.js';
import type { ClockUpdate, OutboxInput, SlaClockRow } from '../../store/index.js';
import { slaAlert } from '../dedupe-keys.js';
import type { Notify } from '../outcome.js';
import { alertText, pageText } from '../sla/alert-text.js';
import { itemKey, loadItems, type AlertItem } from '../sla/items.js';
import { step } from '../sla/ladder.js';
import { directoryOf, recipientsFor, teamMembers, type Directory } from '../sla/recipients.js';
import type { Job, JobContext } from './types.js';
import type { GroupBook } from '../outbox/route.js';
import { DAY } from '../../clock.js';

/** Clocks handled per transaction. */
const BATCH = 1000;

export { recipientsFor } from '../sla/recipients.js';
export { alertText } from '../sla/alert-text.js';

async function sweepBatch(ctx: JobContext, clocks: SlaClockRow[], dir: Directory, book: GroupBook) {
  const { now, config } = ctx;
  const items = await loadItems(ctx.stores, clocks, config);
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
    const view: AlertItem = { ...item, ...(item.forClock?.(c.clock) ?? {}) };
    const push = (to: Recipient, text: string, level: number | string) =>
      rows.push(...ctx.notifyRouter.rowsFor({ to, message: { text }, dedupeKey: slaAlert(c, level, to) } satisfies Notify, now, to.kind === 'person' ? (dir.byId.get(to.personId) ?? null) : null, { book }));
    if (c.clock === 'page') {
      // An emergency nobody accepted yet: the same people again, every interval, until it is met.
      const everyone = { ...view, ownerId: null, teamOwns: true };
      const to = [1, 2, 3].flatMap((level) => recipientsFor(level, everyone, dir));
      const seen = new Set<string>();
      for (const r of to) {
        const key = r.kind === 'person' ? `p${r.personId}` : 'group';
        if (!seen.has(key)) push(r, pageText(c.nextLevel, view, config.utcOffsetMinutes, c.startedAt), `P${c.nextLevel}`), seen.add(key);
      }
      alerts++;
      updates.push({ id: c.id, nextLevel: c.nextLevel + 1, nextFireAt: new Date(now.getTime() + config.desk.emergencyRepeatMinutes * 60_000) });
      continue;
    }
    const s = step(c, c.nextLevel, now, config.sla.levels);
    if (s.fire !== null) {
      for (const to of recipientsFor(s.fire, view, dir)) push(to, alertText(s.fire, c, view, now, dir, config.utcOffsetMinutes, to.kind === 'duty-group'), s.fire);
      const extra = view.also?.(c.clock, s.fire);
      if (extra) for (const to of teamMembers(dir, extra.team, view.propertyId)) push(to, extra.text, `${s.fire}:call`);
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
    // Who is on duty now: the roster's entries around this instant (a day either side covers every shift).
    const roster = await ctx.stores.roster.between(new Date(ctx.now.getTime() - DAY), new Date(ctx.now.getTime() + DAY));
    const dir: Directory = directoryOf(await ctx.stores.people.list(), roster, ctx.now);
    const book = await ctx.notifyRouter.groupBook(ctx.stores);
    const total = { clocks: 0, alerts: 0, queued: 0 };
    // Each batch moves its clocks' nextFireAt past `now` (or clears it), so this loop ends.
    for (let round = 0; round < 1000; round++) {
      const clocks = await ctx.stores.slaClocks.dueAt(ctx.now, BATCH);
      if (!clocks.length) break;
      const r = await sweepBatch(ctx, clocks, dir, book);
      total.clocks += clocks.length;
      total.alerts += r.alerts;
      total.queued += r.queued;
      if (clocks.length < BATCH) break;
    }
    if (total.alerts) ctx.logger.info(total, 'SLA sweep');
    return total;
  },
};
