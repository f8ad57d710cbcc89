// Daily: every default periodic safety task (drill/defaults.ts, docs/desk-rules.md#drills-and-periodic-safety-tasks)
// has an open occurrence, due at DRILL_DEFAULT_TIME on a working day. Idempotent: a kind that already has one is
// left alone; the creations and the duty-group note commit together. Open occurrences of kinds that are no longer
// drills (the 2-hourly fire patrol, now in rounds: patrol-rounds) are retired with their clocks.
import { drillDefaultsNote } from '../dedupe-keys.js';
import { DRILL_DEFAULTS, ensureDefaultDrills, retireOldKinds } from '../drill/defaults.js';
import { drillRef, drillWhen } from '../drill/states.js';
import { toGroup } from '../outcome.js';
import { loadCalendar } from '../sla/calendar.js';
import { createDeadlines } from '../sla/deadlines.js';
import type { Drill } from '../../store/index.js';
import type { Job } from './types.js';

export const drillDefaults: Job = {
  name: 'drill-defaults',
  cron: () => '5 0 * * *',
  async run(ctx) {
    const off = ctx.config.utcOffsetMinutes;
    const calendar = await loadCalendar(ctx.stores.calendar, off); // read before the transaction (plain queries wait for it)
    const rules = { offsetMinutes: off, time: ctx.config.sla.drillDefaultTime, isWorkday: calendar.isWorkday };
    const kinds = ctx.config.sla.drillDefaultKinds;
    const defaults = kinds === null ? DRILL_DEFAULTS : DRILL_DEFAULTS.filter((d) => kinds.includes(d.kind));
    const unknown = (kinds ?? []).filter((k) => !DRILL_DEFAULTS.some((d) => d.kind === k));
    if (unknown.length) ctx.logger.warn({ unknown }, 'DRILL_DEFAULT_KINDS names unknown kinds');
    const { made, retired } = await ctx.transaction(async (stores) => {
      const deadlines = createDeadlines({ slaClocks: stores.slaClocks, outbox: stores.outbox, sla: ctx.config.sla, addWorkdays: calendar.addWorkdays });
      const retired = await retireOldKinds(stores, ctx.now, deadlines);
      const made: Drill[] = [];
      // Every property (项目) keeps its own tasks; each property's duty group hears of its own.
      for (const property of await stores.properties.list()) {
        const mine = await ensureDefaultDrills(stores, ctx.now, deadlines, rules, defaults, property.id);
        if (!mine.length) continue;
        made.push(...mine);
        const text = [
          `【定期安全任务】已自动安排${mine.length}项：`,
          ...mine.map((d) => `- ${drillRef(d)} ${d.title}，${drillWhen(d.dueAt, ctx.now, off)}前（${d.team ?? '值班'}组）`),
          '完成后请发送「演练 完成 #编号 总结…」；发送「演练 列表」查看全部。',
        ].join('\n');
        const note = toGroup(text, drillDefaultsNote(mine.map((d) => d.id)), property.id);
        await stores.outbox.enqueue(await ctx.notifyRouter.rows(note, ctx.now, stores));
      }
      return { made, retired };
    });
    if (made.length) ctx.logger.info({ created: made.map((d) => ({ id: d.id, kind: d.kind })) }, 'default drills scheduled');
    if (retired.length) ctx.logger.info({ retired: retired.map((d) => d.id) }, 'drills of retired kinds closed');
    return retired.length ? { created: made.length, retired: retired.length } : { created: made.length };
  },
};
