// Patrol rounds (docs/desk-rules.md#patrol-rounds), as often as the SLA sweep: opens the current round of each
// patrol kind at each property (idempotent: property, kind and slot are a unique key) and reminds the guards on
// shift (the roster, patrol/duty.ts) once; marks rounds whose slot
// ended without a result as missed and alerts the patrol lead once per missed round (outbox keys
// patrol:<id>:opened:… / patrol:<id>:missed:…). Rounds have no SLA clock: a missed round is counted in 巡查 今日 and
// the daily digest, never an item overdue for weeks.
import { patrolPush } from '../dedupe-keys.js';
import { toGroup, toPerson, type Notify } from '../outcome.js';
import { onDutyGuards, patrolLeads } from '../patrol/duty.js';
import { slotAt } from '../patrol/slots.js';
import { propertyTag } from '../properties.js';
import { doneHint, roundName, slotEndZh } from '../patrol/states.js';
import { countRounds, roundsOfDay } from '../patrol/summary.js';
import type { Job } from './types.js';

export const patrolRounds: Job = {
  name: 'patrol-rounds',
  cron: (config) => config.sla.sweepCron,
  async run(ctx) {
    const p = ctx.config.patrol;
    const off = ctx.config.utcOffsetMinutes;
    const result = await ctx.transaction(async (stores) => {
      let enqueued = 0;
      const push = async (n: Notify) => {
        enqueued += await stores.outbox.enqueue(await ctx.notifyRouter.rows(n, ctx.now, stores));
      };

      // Rounds whose slot has ended without a result: missed, one alert per round to the lead.
      let missed = 0;
      const ended = await stores.patrols.openEndedBy(ctx.now);
      for (const r of ended) {
        if (!(await stores.patrols.markMissed(r.id))) continue;
        missed++;
        const leads = await patrolLeads(stores, p, r.propertyId);
        const day = countRounds((await roundsOfDay(stores.patrols, r.slotStart, off)).filter((x) => x.propertyId === r.propertyId));
        const text = `【漏巡】${roundName(r, off)} 时段结束仍未记录结果，已记为漏巡（当日已漏巡${day.missed}轮，发送「巡查 今日」查看）。请了解原因，并督促后续轮次按时巡查、记录。`;
        if (leads.length) for (const l of leads) await push(toPerson(l.id, text, patrolPush(r.id, 'missed', l.id)));
        else await push(toGroup(text, patrolPush(r.id, 'missed', 'group'), r.propertyId));
      }

      // The current slot's round of each patrol kind at each property, opened once; its guards are reminded then.
      let opened = 0;
      // A slot with less than a quarter of its time left (the service just started) is not opened: nobody could walk
      // it in time, and its round would only be counted as missed. The next slot is.
      const found = slotAt(ctx.now, p, off);
      const slot = found && found.slotEnd.getTime() - ctx.now.getTime() >= (found.slotEnd.getTime() - found.slotStart.getTime()) / 4 ? found : null;
      const properties = slot && p.kinds.length ? await stores.properties.list() : [];
      for (const property of properties) {
        for (const kind of p.kinds) {
          const { round, created } = await stores.patrols.open({ kind, ...slot!, createdAt: ctx.now, propertyId: property.id });
          if (!created) continue;
          opened++;
          const tag = propertyTag(properties, property.id);
          const text = `【巡查提醒】${tag}${roundName(round, off)} 开始，请在${slotEndZh(round, off)}前完成巡查并记录：${doneHint(round)}。`;
          const guards = await onDutyGuards(stores, p, round);
          if (guards.length) for (const g of guards) await push(toPerson(g.id, text, patrolPush(round.id, 'opened', g.id)));
          else await push(toGroup(text, patrolPush(round.id, 'opened', 'group'), property.id));
        }
      }
      return { opened, missed, enqueued };
    });
    if (result.opened || result.missed) ctx.logger.info(result, 'patrol rounds');
    return result;
  },
};
