// Daily: every default periodic safety task (drill-defaults.ts, DOMAIN.md table) has an open occurrence.
// Idempotent: a kind that already has one is left alone; the creations and the duty-group note commit together.
import { withTransaction } from '../../store/index.js';
import { DRILL_DEFAULTS, ensureDefaultDrills } from '../drill-defaults.js';
import { drillRef, drillWhen } from '../drill.js';
import { loadCalendar } from '../sla/overrides.js';
import { createDeadlines } from '../sla/deadlines.js';
import { toGroup } from '../status.js';
import type { Job } from './types.js';

export const drillDefaults: Job = {
  name: 'drill-defaults',
  cron: () => '5 0 * * *',
  async run(ctx) {
    const off = ctx.config.utcOffsetMinutes;
    const calendar = await loadCalendar(ctx.prisma, off); // read before the transaction (plain queries wait for it)
    const kinds = ctx.config.sla.drillDefaultKinds;
    const defaults = kinds === null ? DRILL_DEFAULTS : DRILL_DEFAULTS.filter((d) => kinds.includes(d.kind));
    const unknown = (kinds ?? []).filter((k) => !DRILL_DEFAULTS.some((d) => d.kind === k));
    if (unknown.length) ctx.logger.warn({ unknown }, 'DRILL_DEFAULT_KINDS names unknown kinds');
    const created = await withTransaction(ctx.prisma, async (stores) => {
      const deadlines = createDeadlines({ slaClocks: stores.slaClocks, outbox: stores.outbox, sla: ctx.config.sla, addWorkdays: calendar.addWorkdays });
      const made = await ensureDefaultDrills(stores, ctx.now, deadlines, off, defaults);
      if (made.length) {
        const text = [
          `【定期安全任务】已自动安排${made.length}项：`,
          ...made.map((d) => `- ${drillRef(d)} ${d.title}，${drillWhen(d.dueAt, ctx.now, off)}前（${d.team ?? '值班'}组）`),
          '完成后请发送「演练 完成 #编号 总结…」；发送「演练 列表」查看全部。',
        ].join('\n');
        const note = toGroup(text, `drill-defaults:${made.map((d) => d.id).join(',')}`);
        await stores.outbox.enqueue(await ctx.notifyRouter.rows(note, ctx.now, stores.people));
      }
      return made;
    });
    if (created.length) ctx.logger.info({ created: created.map((d) => ({ id: d.id, kind: d.kind })) }, 'default drills scheduled');
    return { created: created.length };
  },
};
