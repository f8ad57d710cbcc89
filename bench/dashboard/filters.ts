// What the dashboard benchmarks ask: the clock they run at and the list filters a person clicks through.
import { LAST } from './seed.js';

/** 2 November 2026, 09:00 Beijing time (as run.ts). */
export const NOW = new Date(LAST + 33 * 3600_000);

/** The filters a person clicks through on 工单 (http.ts); each is asked for pages 1, 2, 3 in turn. */
export const ALL_FILTERS = [
  '',
  'type=repair',
  'type=complaint&status=closed',
  'type=repair&status=pending',
  'status=open',
  'overdue=1',
  'property=2',
  'type=repair&status=cancelled&property=3',
  'team=客服',
  'from=2026-10-01&to=2026-10-31',
  'type=complaint&from=2026-09-01&to=2026-09-30',
  'type=inquiry&property=4&from=2025-03-01&to=2025-03-31',
  'q=漏水',
  'q=门锁',
  'q=123456',
];

/** More that list-compare.ts checks: longer terms (in every description / in none) and 仅超时 or a search with others. */
export const MORE_FILTERS = ['q=水管漏水', 'q=门锁坏了', 'overdue=1&type=repair', 'overdue=1&property=3', 'q=漏水&type=complaint&status=closed', 'q=厨房&team=客服'];
