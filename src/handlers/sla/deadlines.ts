// The port workflows use to start and stop SLA clocks. Due times come from the SLA policy;
// alerts are fired later by the sweep job (jobs/sla-sweep.ts) from the SlaClock rows.
import type { SlaConfig } from '../../config.js';
import type { ClockName, ItemType, OutboxStore, SlaClockStore } from '../../store/index.js';
import { slaPrefix } from '../dedupe-keys.js';
import { levelTimes } from './ladder.js';

export interface ItemRef {
  type: ItemType;
  id: number;
}

export interface ClockOptions {
  at: Date;
  urgent?: boolean;
  /** ticket kind ('repair' | 'complaint') where the policy differs per kind. */
  kind?: string;
  /** An explicit due time (e.g. a drill's date or an agreed next-reply time). */
  dueAt?: Date;
}

export interface Deadlines {
  /** Starts (or restarts) a clock and returns its due time. */
  start(item: ItemRef, clock: ClockName, opts: ClockOptions): Promise<Date>;
  /** The clock was met: stop it and cancel its pending alerts. */
  meet(item: ItemRef, clock: ClockName, at: Date): Promise<void>;
  /** Stops every clock of the item (cancelled, closed, rejected …). */
  stopAll(item: ItemRef, at: Date): Promise<void>;
  /**
   * Stops the item's running clocks from counting (e.g. waiting for the resident): they keep their
   * level, get no alerts, and their pending alerts are cancelled. Returns the clocks paused
   * (empty when none was running or all were already paused).
   */
  pause(item: ItemRef, at: Date): Promise<PausedClock[]>;
  /**
   * Restarts the item's paused clocks: each due time (and start) moves later by the time it was
   * paused and the next alert is recomputed for the level it had reached. Returns the new due times.
   */
  resume(item: ItemRef, at: Date): Promise<ResumedClock[]>;
}

export interface PausedClock {
  clock: ClockName;
  dueAt: Date;
}

export interface ResumedClock {
  clock: ClockName;
  /** The due time before the pause. */
  previousDueAt: Date;
  dueAt: Date;
  /** How long the clock stood still, in ms. */
  pausedMs: number;
}

/** Computes the due time of a clock from the policy; working-day clocks go through `addWorkdays`. */
export type DueCalculator = (clock: ClockName, opts: ClockOptions) => Date;

export function policyMinutes(sla: SlaConfig, clock: ClockName, opts: ClockOptions): number | null {
  const urgentRepair = opts.urgent && opts.kind !== 'complaint';
  switch (clock) {
    case 'response':
      return opts.kind === 'complaint' ? sla.complaintReplyMinutes : urgentRepair ? sla.urgentRepairResponseMinutes : sla.repairResponseMinutes;
    case 'arrival':
      return sla.repairArrivalMinutes;
    case 'resolve':
      return urgentRepair ? sla.urgentRepairResolveMinutes : sla.repairResolveMinutes;
    case 'approval':
      return sla.leaveApprovalMinutes;
    case 'confirm':
      return sla.handoverConfirmMinutes;
    default:
      return null;
  }
}

/** First alert instant: levels[0] percent of the way from start to due. */
export function firstFireAt(startedAt: Date, dueAt: Date, levels: readonly number[]): Date {
  const span = dueAt.getTime() - startedAt.getTime();
  return new Date(startedAt.getTime() + Math.max(0, span) * ((levels[0] ?? 100) / 100));
}

export function createDeadlines(deps: {
  slaClocks: SlaClockStore;
  outbox: OutboxStore;
  sla: SlaConfig;
  addWorkdays: (from: Date, days: number) => Date;
}): Deadlines {
  const { slaClocks, outbox, sla } = deps;
  const due: DueCalculator = (clock, opts) => {
    if (opts.dueAt) return opts.dueAt;
    if (clock === 'followup') return deps.addWorkdays(opts.at, sla.followupWorkdays);
    const minutes = policyMinutes(sla, clock, opts);
    if (minutes === null) throw new Error(`clock ${clock} needs an explicit dueAt`);
    return new Date(opts.at.getTime() + minutes * 60_000);
  };
  return {
    async start(item, clock, opts) {
      const dueAt = due(clock, opts);
      await outbox.cancelPrefix(slaPrefix(item.type, item.id, clock));
      // A page fires at its due time and then every interval (the sweep); the others first at levels[0] percent.
      await slaClocks.upsert({ itemType: item.type, itemId: item.id, clock, startedAt: opts.at, dueAt, nextFireAt: clock === 'page' ? dueAt : firstFireAt(opts.at, dueAt, sla.levels) });
      return dueAt;
    },
    async meet(item, clock, at) {
      await slaClocks.stop(item.type, item.id, clock, at, true);
      await outbox.cancelPrefix(slaPrefix(item.type, item.id, clock));
    },
    async stopAll(item, at) {
      for (const c of await slaClocks.forItem(item.type, item.id)) {
        if (c.active) await slaClocks.stop(item.type, item.id, c.clock, at, false);
      }
      await outbox.cancelPrefix(slaPrefix(item.type, item.id));
    },
    async pause(item, at) {
      const paused = await slaClocks.pauseAll(item.type, item.id, at);
      // Alerts already queued for a time after the pause must not go out (their dedupe keys carry the old due time).
      if (paused.length) await outbox.cancelPrefix(slaPrefix(item.type, item.id));
      return paused.map((c) => ({ clock: c.clock, dueAt: c.dueAt }));
    },
    async resume(item, at) {
      const out: ResumedClock[] = [];
      for (const c of await slaClocks.forItem(item.type, item.id)) {
        if (!c.active || !c.pausedAt) continue;
        const pausedMs = Math.max(0, at.getTime() - c.pausedAt.getTime());
        const startedAt = new Date(c.startedAt.getTime() + pausedMs);
        const dueAt = new Date(c.dueAt.getTime() + pausedMs);
        const nextFireAt = nextLevelTime({ clock: c.clock, startedAt, dueAt }, c.nextLevel, sla.levels);
        await slaClocks.update(c.id, { startedAt, dueAt, pausedAt: null, nextFireAt });
        out.push({ clock: c.clock, previousDueAt: c.dueAt, dueAt, pausedMs });
      }
      return out;
    },
  };
}

/**
 * When the clock's level `nextLevel` (or the next level it does not skip) fires; null when no
 * level is left. A level whose instant is already past fires at the next sweep: a level that was
 * crossed but not yet sent when the clock was paused is still sent once.
 */
export function nextLevelTime(c: { clock: ClockName; startedAt: Date; dueAt: Date }, nextLevel: number, levels: readonly number[]): Date | null {
  const times = levelTimes(c, levels);
  for (let i = nextLevel; i < times.length; i++) if (times[i]) return times[i]!;
  return null;
}
