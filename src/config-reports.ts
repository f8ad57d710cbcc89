// #14 reports: the households served (denominator of the valid complaint rate), the monthly chat summary's schedule.
import { ConfigError, cronExpr, str, type Env } from './config-read.js';

export interface ReportConfig {
  /** Households (户) served: in total, and per property id. Empty: the valid rate is not computed (null). */
  households: { all: number | null; byProperty: Readonly<Record<number, number>> };
  /** When each supervisor and manager gets last month's summary in chat (local time). */
  monthlyCron: string;
}

/** REPORT_HOUSEHOLDS: `1200` (the whole company) or `1:800,2:400` (property id : households). */
function households(env: Env): ReportConfig['households'] {
  const raw = str(env, 'REPORT_HOUSEHOLDS');
  if (!raw) return { all: null, byProperty: {} };
  const example = '例如 1200，或按项目 1:800,2:400 / e.g. 1200 or 1:800,2:400';
  if (/^\d+$/.test(raw)) {
    const n = Number(raw);
    if (n <= 0) throw new ConfigError('REPORT_HOUSEHOLDS', `必须大于 0，${example}`, 'must be positive');
    return { all: n, byProperty: {} };
  }
  const byProperty: Record<number, number> = {};
  for (const part of raw.split(/[,，]/).map((s) => s.trim()).filter(Boolean)) {
    const m = /^(\d+)\s*[:：=]\s*(\d+)$/.exec(part);
    if (!m || Number(m[2]) <= 0) throw new ConfigError('REPORT_HOUSEHOLDS', `格式不对：「${part}」，${example}`, `bad entry "${part}"`);
    byProperty[Number(m[1])] = Number(m[2]);
  }
  const all = Object.values(byProperty).reduce((a, b) => a + b, 0);
  return { all, byProperty };
}

export function loadReports(env: Env): ReportConfig {
  return { households: households(env), monthlyCron: cronExpr(env, 'MONTHLY_REPORT_CRON', '0 9 1 * *') };
}

/** Households behind a scope: all properties (null) or the listed ones; null when unknown for any of them. */
export function householdsFor(h: ReportConfig['households'], propertyIds: readonly number[] | null): number | null {
  if (propertyIds === null) return h.all;
  let sum = 0;
  for (const id of propertyIds) {
    const n = h.byProperty[id];
    if (n === undefined) return null;
    sum += n;
  }
  return sum || null;
}
