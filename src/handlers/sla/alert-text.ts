// The words of an SLA alert: short, actionable Chinese — which deadline, how late, where and what, who owns it,
// and the command that meets it.
import { formatLocal } from '../../clock.js';
import type { SlaClockRow } from '../../store/index.js';
import type { AlertItem } from './alert-item.js';
import { duration } from './ladder.js';
import type { Directory } from './recipients.js';

const HEADLINE = ['⏰ 即将超时', '🔴 已超时', '🔴 超时升级·主管', '🔴 超时升级·经理'];

export function alertText(level: number, c: SlaClockRow, item: AlertItem, now: Date, dir: Directory, offsetMinutes: number, forGroup = false): string {
  const label = item.label(c.clock);
  const late = now.getTime() - c.dueAt.getTime();
  const timing = late < 0 ? `${label}时限 ${formatLocal(c.dueAt, offsetMinutes)}，还剩 ${duration(late)}` : `${label}已超时 ${duration(late)}（时限 ${formatLocal(c.dueAt, offsetMinutes)}）`;
  const owner = item.ownerLabel ?? (item.ownerId ? (dir.byId.get(item.ownerId)?.name ?? '未知') : item.teamOwns && item.team ? `${item.team}组` : '暂无（请组长安排）');
  const summary = forGroup ? item.groupSummary : item.summary;
  return [`${HEADLINE[level] ?? HEADLINE[3]}｜${item.ref} ${timing}`, summary, `负责人：${owner}`, `👉 ${item.action(c.clock)}`].filter(Boolean).join('\n');
}

/** An emergency's page, repeated until someone accepts it. */
export function pageText(round: number, item: AlertItem, offsetMinutes: number, since: Date): string {
  return [`🚨 紧急报修未接单（第${round + 1}次提醒）｜${item.ref}`, item.summary, `报修时间：${formatLocal(since, offsetMinutes)}`, `👉 ${item.action('response')}`].join('\n');
}
