// The defaults table of periodic safety tasks (docs/desk-rules.md#drills-and-periodic-safety-tasks), as data,
// plus the date arithmetic of occurrences and ensureDefaultDrills (used by the daily drill-defaults job).
import { fromLocal, HOUR, localParts } from '../../clock.js';
import type { Drill, DrillInput, Stores } from '../../store/index.js';
import type { Deadlines } from '../sla/deadlines.js';
import { drillItem } from './states.js';

export interface DrillDefault {
  kind: string;
  title: string;
  /** Which team does it (owner's team lead is alerted). */
  team: string;
  intervalMonths?: number;
  intervalHours?: number;
  /**
   * Fixed months (1–12): each occurrence is due at the end of the next of these months
   * (the last day, `ANCHOR_TIME` local) instead of "interval after the last one".
   */
  anchorMonths?: number[];
  /** Words in a chat-created drill's title that make it an occurrence of this kind. */
  match: RegExp;
  /** The frequency as people say it, for replies and docs. */
  frequency: string;
}

/** The time of day an anchored occurrence is due on the last day of its month. */
export const ANCHOR_TIME = '17:00';

/** Order matters for matching: 灭火器 before 灭火 (the drill). */
export const DRILL_DEFAULTS: readonly DrillDefault[] = [
  { kind: 'extinguisher', title: '灭火器普查换药', team: '保安', intervalMonths: 6, anchorMonths: [6, 12], match: /灭火器/, frequency: '每年两次（6月、12月，冬夏各一次）' },
  { kind: 'fire-drill', title: '灭火和应急疏散预案演练', team: '保安', intervalMonths: 6, match: /疏散|灭火(?!器)|消防.{0,6}演练/, frequency: '至少每6个月' },
  { kind: 'fire-team-training', title: '兼职消防员培训', team: '保安', intervalMonths: 3, match: /消防员|消防队|消防.{0,4}培训/, frequency: '每季度' },
  { kind: 'pump-test', title: '消防水泵试开泵', team: '工程', intervalMonths: 1, match: /水泵|试开泵|消防泵/, frequency: '每月' },
  { kind: 'hydrant-test', title: '室内消火栓、喷淋泄水测试', team: '工程', intervalMonths: 3, match: /消火栓|喷淋|泄水/, frequency: '每季度' },
  { kind: 'smoke-control-test', title: '正压送风、防排烟测试', team: '工程', intervalMonths: 6, match: /正压送风|排烟|排煙/, frequency: '每6个月' },
  { kind: 'detector-test', title: '烟温感探头轮测', team: '工程', intervalMonths: 12, match: /烟感|温感|探头/, frequency: '每年' },
  { kind: 'fire-patrol', title: '消防安全重点部位防火巡查', team: '保安', intervalHours: 2, match: /防火巡查|消防巡查|重点部位/, frequency: '每2小时' },
  { kind: 'survey', title: '满意度问卷调查', team: '客服', intervalMonths: 6, anchorMonths: [6, 12], match: /问卷|满意度/, frequency: '每年6月、12月' },
];

export const CUSTOM_KIND = 'custom';

export const defaultFor = (kind: string, defaults: readonly DrillDefault[] = DRILL_DEFAULTS): DrillDefault | undefined => defaults.find((d) => d.kind === kind);

/** The default kind a chat-created drill belongs to, by the words of its title. */
export function kindOf(title: string, defaults: readonly DrillDefault[] = DRILL_DEFAULTS): DrillDefault | undefined {
  return defaults.find((d) => d.match.test(title));
}

const pad = (n: number) => String(n).padStart(2, '0');
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The same local wall-clock time `months` later; the day is clamped to the month's end (1月31日 → 2月28日). */
export function addMonths(d: Date, months: number, offsetMinutes: number): Date {
  const p = localParts(d, offsetMinutes);
  const total = p.year * 12 + (p.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const day = Math.min(p.day, daysIn(year, month));
  return fromLocal(`${year}-${pad(month)}-${pad(day)}`, `${pad(p.hour)}:${pad(p.minute)}`, offsetMinutes);
}

/** The end (last day, ANCHOR_TIME local) of the first anchor month whose end is strictly after `after`. */
export function nextAnchor(after: Date, anchorMonths: readonly number[], offsetMinutes: number): Date {
  const p = localParts(after, offsetMinutes);
  const months = [...anchorMonths].sort((a, b) => a - b);
  for (let year = p.year; year <= p.year + 1; year++) {
    for (const month of months) {
      const end = fromLocal(`${year}-${pad(month)}-${pad(daysIn(year, month))}`, ANCHOR_TIME, offsetMinutes);
      if (end.getTime() > after.getTime()) return end;
    }
  }
  throw new Error('anchorMonths must not be empty');
}

type Interval = Pick<Drill, 'intervalMonths' | 'intervalHours'> & { anchorMonths?: readonly number[] };

export const isPeriodic = (d: Pick<Drill, 'intervalMonths' | 'intervalHours'>): boolean => Boolean(d.intervalMonths || d.intervalHours);

/** Length of one period in hours (months as 30 days); null for a one-off drill. */
export function periodHours(d: Pick<Drill, 'intervalMonths' | 'intervalHours'>): number | null {
  if (d.intervalHours) return d.intervalHours;
  if (d.intervalMonths) return d.intervalMonths * 30 * 24;
  return null;
}

/** When an occurrence following one recorded at `from` is due: the next anchor, else `from` + interval. */
export function nextDue(from: Date, interval: Interval, offsetMinutes: number): Date | null {
  if (interval.anchorMonths?.length) return nextAnchor(from, interval.anchorMonths, offsetMinutes);
  if (interval.intervalHours) return new Date(from.getTime() + interval.intervalHours * HOUR);
  if (interval.intervalMonths) return addMonths(from, interval.intervalMonths, offsetMinutes);
  return null;
}

/**
 * The occurrence after `d`, recorded at `completedAt`. "At least every N months" counts from when it was
 * actually done; anchored kinds go to the next anchor after both the due date and the recording.
 */
export function followingDue(d: Drill, completedAt: Date, offsetMinutes: number, defaults: readonly DrillDefault[] = DRILL_DEFAULTS): Date | null {
  if (!isPeriodic(d)) return null;
  const def = defaultFor(d.kind, defaults);
  if (def?.anchorMonths?.length) {
    const after = completedAt.getTime() > d.dueAt.getTime() ? completedAt : d.dueAt;
    return nextAnchor(after, def.anchorMonths, offsetMinutes);
  }
  return nextDue(completedAt, d, offsetMinutes);
}

/** The row of a default kind's occurrence due at `dueAt`. */
export function defaultInput(def: DrillDefault, dueAt: Date, createdAt: Date, previousId?: number): DrillInput {
  return {
    kind: def.kind,
    title: def.title,
    dueAt,
    intervalMonths: def.intervalMonths ?? null,
    intervalHours: def.intervalHours ?? null,
    team: def.team,
    ownerId: null,
    location: null,
    createdAt,
    ...(previousId !== undefined ? { previousId } : {}),
  };
}

/**
 * Makes sure every default kind has an open occurrence: for each kind without one, creates one due
 * one interval from now (or at its next anchor) and starts its 'due' clock. Idempotent. Returns what it created.
 */
export async function ensureDefaultDrills(
  stores: Pick<Stores, 'drills'>,
  now: Date,
  deadlines: Pick<Deadlines, 'start'>,
  offsetMinutes: number,
  defaults: readonly DrillDefault[] = DRILL_DEFAULTS,
): Promise<Drill[]> {
  const created: Drill[] = [];
  for (const def of defaults) {
    if ((await stores.drills.openOfKind(def.kind)).length) continue;
    const dueAt = nextDue(now, { intervalMonths: def.intervalMonths ?? null, intervalHours: def.intervalHours ?? null, anchorMonths: def.anchorMonths }, offsetMinutes);
    if (!dueAt) continue;
    const d = await stores.drills.create(defaultInput(def, dueAt, now));
    await deadlines.start(drillItem(d), 'due', { at: now, dueAt });
    created.push(d);
  }
  return created;
}
