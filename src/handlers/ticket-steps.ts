// The commands a ticket's replies and alerts point to (查询 shows the next step, an alert's 👉 line the command that
// meets the deadline). Repairs and complaints name their own steps; the ending (回访, then 关闭) and the common
// deadlines (到场, 回访) are the same for both.
import type { ClockName, Ticket } from '../store/index.js';

/** The command to type next: the kind's own step for the status, 回访 once `doneStatus` is reached, then 关闭; else ''. */
export function nextStep<S extends string>(t: { id: number; status: S | string }, own: Partial<Record<S, string>>, doneStatus: S): string {
  if (t.status === doneStatus) return `回访 #${t.id} 1-5分`;
  if (t.status === 'followed_up') return `关闭 #${t.id}`;
  return own[t.status as S] ?? '';
}

/** The command that meets a deadline: the kind's own (`own`), else 到场 / 回访, else 查询. */
export function clockAction(t: Pick<Ticket, 'id'>, clock: ClockName, own: Partial<Record<ClockName, string>>): string {
  const common: Partial<Record<ClockName, string>> = { arrival: `到场 #${t.id}`, followup: `回访 #${t.id} 1-5分` };
  return own[clock] ?? common[clock] ?? `查询 #${t.id}`;
}
