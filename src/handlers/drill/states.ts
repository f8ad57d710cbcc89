// 演练 (drill) states: open → done (result recorded) or replaced (a newer plan of the same kind); how a drill reads.
import { DAY, HOUR, localParts } from '../../clock.js';
import type { Drill } from '../../store/index.js';
import { clip, duration, when } from '../format.js';
import type { AlertItem } from '../sla/alert-item.js';

/** The SLA item a drill's 'due' clock belongs to. */
export const drillItem = (d: Pick<Drill, 'id'>) => ({ type: 'drill' as const, id: d.id });

export const drillRef = (d: Pick<Drill, 'id'>): string => `演练#${d.id}`;
/** 3号楼 消防疏散演练 */
export const drillName = (d: Pick<Drill, 'title' | 'location'>): string => (d.location ? `${d.location} ${d.title}` : d.title);
/** The command that records a result: 「演练 完成 #5 总结…」 */
export const doneCmd = (d: Pick<Drill, 'id'>) => `「演练 完成 #${d.id} 总结…」`;

/** "12月1日 15:00", with the year when it is not the current one ("2027年6月1日 17:00"). */
export function drillWhen(at: Date, now: Date, offsetMinutes: number): string {
  const y = localParts(at, offsetMinutes).year;
  return `${y === localParts(now, offsetMinutes).year ? '' : `${y}年`}${when(at, offsetMinutes)}`;
}

/** 168 → 7天, 24 → 1天, 2 → 2小时. */
export const hoursZh = (h: number): string => (h % 24 === 0 ? `${h / 24}天` : `${h}小时`);

/** A span as people say it: 3天 / 5小时 / 40分钟. */
export function spanZh(ms: number): string {
  if (ms >= DAY) return `${Math.round(ms / DAY)}天`;
  if (ms >= HOUR) return `${Math.round(ms / HOUR)}小时`;
  return duration(Math.max(1, Math.ceil(ms / 60_000)));
}

/** A drill not yet recorded, as an SLA alert describes it. */
export function drillAlert(d: Drill): AlertItem {
  const summary = `${d.location ? `${d.location} ` : ''}${clip(d.title, 30)}`;
  return {
    ref: drillRef(d),
    summary,
    groupSummary: summary,
    recusedId: null,
    ownerId: d.ownerId,
    team: d.team,
    propertyId: d.propertyId,
    open: !d.completedAt && d.status === 'open',
    label: () => '演练',
    action: () => `演练 完成 #${d.id} 总结…`,
  };
}
