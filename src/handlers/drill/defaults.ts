// The defaults table of periodic safety tasks (docs/desk-rules.md#drills-and-periodic-safety-tasks), as data,
// and ensureDefaultDrills (used by the daily drill-defaults job). When occurrences fall due: schedule.ts.
import type { Drill, DrillInput, Stores } from '../../store/index.js';
import type { Deadlines } from '../sla/deadlines.js';
import { firstDue, type DueRules } from './schedule.js';
import { drillItem } from './states.js';

export interface DrillDefault {
  kind: string;
  title: string;
  /** Which team does it (owner's team lead is alerted). */
  team: string;
  intervalMonths?: number;
  intervalHours?: number;
  /**
   * Fixed months (1–12): each occurrence is due at the end of the next of these months (its last working day,
   * at DRILL_DEFAULT_TIME) instead of "interval after the last one".
   */
  anchorMonths?: number[];
  /** Words in a chat-created drill's title that make it an occurrence of this kind. */
  match: RegExp;
  /** The frequency as people say it, for replies and docs. */
  frequency: string;
}

/** Order matters for matching: 灭火器 before 灭火 (the drill). */
export const DRILL_DEFAULTS: readonly DrillDefault[] = [
  { kind: 'extinguisher', title: '灭火器普查换药', team: '保安', intervalMonths: 6, anchorMonths: [6, 12], match: /灭火器/, frequency: '每年两次（6月、12月，冬夏各一次）' },
  { kind: 'fire-drill', title: '灭火和应急疏散预案演练', team: '保安', intervalMonths: 6, match: /疏散|灭火(?!器)|消防.{0,6}演练/, frequency: '至少每6个月' },
  { kind: 'fire-team-training', title: '兼职消防员培训', team: '保安', intervalMonths: 3, match: /消防员|消防队|消防.{0,4}培训/, frequency: '每季度' },
  { kind: 'pump-test', title: '消防水泵试开泵', team: '工程', intervalMonths: 1, match: /水泵|试开泵|消防泵/, frequency: '每月' },
  { kind: 'hydrant-test', title: '室内消火栓、喷淋泄水测试', team: '工程', intervalMonths: 3, match: /消火栓|喷淋|泄水/, frequency: '每季度' },
  { kind: 'smoke-control-test', title: '正压送风、防排烟测试', team: '工程', intervalMonths: 6, match: /正压送风|排烟|排煙/, frequency: '每6个月' },
  { kind: 'detector-test', title: '烟温感探头轮测', team: '工程', intervalMonths: 12, match: /烟感|温感|探头/, frequency: '每年' },
  { kind: 'survey', title: '满意度问卷调查', team: '客服', intervalMonths: 6, anchorMonths: [6, 12], match: /问卷|满意度/, frequency: '每年6月、12月' },
];

export const CUSTOM_KIND = 'custom';

/**
 * Kinds that were default drills and are not any more: the 2-hourly fire patrol runs in rounds (handlers/patrol/).
 * Open occurrences left from before are retired by the drill-defaults job.
 */
export const RETIRED_KINDS: readonly string[] = ['fire-patrol'];

export const defaultFor = (kind: string, defaults: readonly DrillDefault[] = DRILL_DEFAULTS): DrillDefault | undefined => defaults.find((d) => d.kind === kind);

/** The default kind a chat-created drill belongs to, by the words of its title. */
export function kindOf(title: string, defaults: readonly DrillDefault[] = DRILL_DEFAULTS): DrillDefault | undefined {
  return defaults.find((d) => d.match.test(title));
}

export const isPeriodic = (d: Pick<Drill, 'intervalMonths' | 'intervalHours'>): boolean => Boolean(d.intervalMonths || d.intervalHours);

/** Length of one period in hours (months as 30 days); null for a one-off drill. */
export function periodHours(d: Pick<Drill, 'intervalMonths' | 'intervalHours'>): number | null {
  if (d.intervalHours) return d.intervalHours;
  if (d.intervalMonths) return d.intervalMonths * 30 * 24;
  return null;
}

/** The row of a default kind's occurrence due at `dueAt`. */
export function defaultInput(def: DrillDefault, dueAt: Date, createdAt: Date, previousId?: number, propertyId = 1): DrillInput {
  return {
    propertyId,
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
 * Makes sure every default kind has an open occurrence: for each kind without one, creates one due one period
 * from today at DRILL_DEFAULT_TIME on a working day (or at its next month-end) and starts its 'due' clock.
 * Each property (项目) keeps its own: every estate drills. Idempotent. Returns what it created.
 */
export async function ensureDefaultDrills(
  stores: Pick<Stores, 'drills'>,
  now: Date,
  deadlines: Pick<Deadlines, 'start'>,
  rules: DueRules,
  defaults: readonly DrillDefault[] = DRILL_DEFAULTS,
  propertyId = 1,
): Promise<Drill[]> {
  const created: Drill[] = [];
  for (const def of defaults) {
    if ((await stores.drills.openOfKind(def.kind, propertyId)).length) continue;
    const dueAt = firstDue(def, now, rules);
    if (!dueAt) continue;
    const d = await stores.drills.create(defaultInput(def, dueAt, now, undefined, propertyId));
    await deadlines.start(drillItem(d), 'due', { at: now, dueAt });
    created.push(d);
  }
  return created;
}

/** Retires open occurrences of RETIRED_KINDS (replaced, clocks stopped). Idempotent. Returns what it retired. */
export async function retireOldKinds(stores: Pick<Stores, 'drills'>, now: Date, deadlines: Pick<Deadlines, 'stopAll'>): Promise<Drill[]> {
  const retired: Drill[] = [];
  for (const kind of RETIRED_KINDS) {
    for (const d of await stores.drills.openOfKind(kind)) {
      if (!(await stores.drills.replace(d.id))) continue;
      await deadlines.stopAll(drillItem(d), now);
      retired.push(d);
    }
  }
  return retired;
}
