// Daily: every default periodic safety task (drill/defaults.ts, docs/desk-rules.md#drills-and-periodic-safety-tasks)
// has an open occurrence. Idempotent: a kind that already has one is left alone; the creations and the
// duty-group note commit together.
import { drillDefaultsNote } from '../dedupe-keys.js';
import { DRILL_DEFAULTS, ensureDefaultDrills } from '../drill/defaults.js';
import { drillRef, drillWhen } from '../drill/states.js';
import { toGroup } from '../outcome.js';
import { loadCalendar } from '../sla/calendar.js';
import { createDeadlines } from '../sla/deadlines.js';
import type { Job } from './types.js';

export const drillDefaults: Job = {
  name: 'drill-defaults',
  cron: () => '5 0 * * *',
  async run(ctx) {
    const off = ctx.config.utcOffsetMinutes;
    const calendar = await loadCalendar(ctx.stores.calendar, off); // read before the transaction (plain queries wait for it)
    const kinds = ctx.config.sla.drillDefaultKinds;
    const defaults = kinds === null ? DRILL_DEFAULTS : DRILL_DEFAULTS.filter((d) => kinds.includes(d.kind));
    const unknown = (kinds ?? []).filter((k) => !DRILL_DEFAULTS.some((d) => d.kind === k));
    if (unknown.length) ctx.logger.warn({ unknown }, 'DRILL_DEFAULT_KINDS names unknown kinds');
    const created = await ctx.transaction(async (stores) => {
      const deadlines = createDeadlines({ slaClocks: stores.slaClocks, outbox: stores.outbox, sla: ctx.config.sla, addWorkdays: calendar.addWorkdays });
      const made = await ensureDefaultDrills(stores, ctx.now, deadlines, off, defaults);
      if (made.length) {
        const text = [
          `【定期安全任务】已自动安排${made.length}项：`,
          ...made.map((d) => `- ${drillRef(d)} ${d.title}，${drillWhen(d.dueAt, ctx.now, off)}前（${d.team ?? '值班'}组）`),
          '完成后请发送「演练 完成 #编号 总结…」；发送「演练 列表」查看全部。',
        ].join('\n');
        const note = toGroup(text, drillDefaultsNote(made.map((d) => d.id)));
        await stores.outbox.enqueue(await ctx.notifyRouter.rows(note, ctx.now, stores));
      }
      return made;
    });
    if (created.length) ctx.logger.info({ created: created.map((d) => ({ id: d.id, kind: d.kind })) }, 'default drills scheduled');
    return { created: created.length };
  },
};
