// The ticket list's filters: read from the query string (page and API alike), checked, and turned into a store query
// inside the viewer's scope. A filter can narrow the scope, never widen it.
import { fromLocal, DAY } from '../clock.js';
import type { TicketKind, TicketQuery } from '../store/index.js';
import { scopeQuery } from './board.js';
import type { Viewer } from './viewer.js';

export interface TicketFilterInput {
  type?: string;
  status?: string;
  category?: string;
  property?: string;
  team?: string;
  person?: string;
  overdue?: string;
  from?: string;
  to?: string;
  q?: string;
  page?: string;
}

export const FILTER_KEYS = ['type', 'status', 'category', 'property', 'team', 'person', 'overdue', 'from', 'to', 'q'] as const;
const KINDS: readonly string[] = ['repair', 'complaint', 'inquiry'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function ticketQuery(f: TicketFilterInput, v: Viewer, now: Date, offsetMinutes: number): { query: TicketQuery; page: number } | { error: string } {
  const query: TicketQuery = scopeQuery(v);
  if (f.type) {
    if (!KINDS.includes(f.type)) return { error: 'type 只能是 repair（报修）、complaint（投诉）或 inquiry（咨询），例如 type=repair' };
    query.kind = f.type as TicketKind;
  }
  if (f.status) query.status = f.status;
  if (f.category) query.category = f.category;
  if (f.team) query.team = f.team;
  for (const [key, field] of [['property', 'propertyId'], ['person', 'assigneeId']] as const) {
    const raw = f[key];
    if (!raw) continue;
    if (!/^\d{1,9}$/.test(raw)) return { error: `${key} 必须是编号，例如 ${key}=3` };
    query[field] = Number(raw);
  }
  if (f.overdue === '1' || f.overdue === 'true') query.overdueAt = now;
  for (const [key, field] of [['from', 'createdFrom'], ['to', 'createdTo']] as const) {
    const raw = f[key];
    if (!raw) continue;
    if (!DATE.test(raw)) return { error: `${key} 必须是日期，例如 ${key}=2026-11-01` };
    const start = fromLocal(raw, '00:00', offsetMinutes);
    // "to" includes its whole day.
    query[field] = key === 'to' ? new Date(start.getTime() + DAY) : start;
  }
  if (f.q?.trim()) query.text = f.q.trim().slice(0, 100);
  const page = f.page && /^\d{1,6}$/.test(f.page) ? Math.max(1, Number(f.page)) : 1;
  return { query, page };
}

/** The query string of the filters (for paging links), without the page. */
export function filterString(f: TicketFilterInput): string {
  const p = new URLSearchParams();
  for (const k of FILTER_KEYS) if (f[k]) p.set(k, f[k]!);
  return p.toString();
}
