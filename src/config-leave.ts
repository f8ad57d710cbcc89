// The leave settings (请假): approval lengths, limits, the top approver and the working hours a leave is counted in.
// Read by loadConfig (config.ts) only; docs/desk-rules.md#leave-approval-levels, #leave-limits.
import { ConfigError, int, str, type Env } from './config-read.js';

/** A span of the working day in minutes after local midnight, [start, end). */
export interface DaySpan {
  start: number;
  end: number;
}

/** The working day as leave counts it: a morning and an afternoon; a half day (半天) is one of them. */
export interface WorkHours {
  am: DaySpan;
  pm: DaySpan;
  /** Working minutes of a whole day (both halves): what 1天 is worth when hours are converted. */
  dayMinutes: number;
}

export interface LeavePolicy {
  /** Up to this many days a team lead may approve. */
  leadMaxDays: number;
  /** Up to this many days a supervisor may approve; longer goes to the manager. */
  supervisorMaxDays: number;
  /** Up to this many days a manager may approve; longer goes to the top approver. 0: no limit. */
  managerMaxDays: number;
  /**
   * The general manager (总经理): a person's name or number. Approves the managers' own leave and anything
   * longer than managerMaxDays. null: not configured (then the managers are the top of the chain).
   */
  topApprover: string | null;
  /** Longest personal leave (事假), in working days. */
  personalMaxDays: number;
  /** Sick leave longer than this (working days) needs a doctor's certificate (a photo) before approval. */
  sickDaysWithoutCertificate: number;
  workHours: WorkHours;
}

const HHMM = /^([01]?\d|2[0-3]):([0-5]\d)$/;
const minutesOf = (hhmm: string): number | null => {
  const m = HHMM.exec(hhmm.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
};

/** 09:00-12:00,13:00-18:00: the morning and the afternoon, in order, not overlapping. */
function workHours(env: Env, key: string, def: string): WorkHours {
  const v = str(env, key) ?? def;
  const spans = v.split(/[,，]/).map((part) => part.split(/[-~～—]/).map(minutesOf));
  const ok = spans.length === 2 && spans.every((s) => s.length === 2 && s[0] != null && s[1] != null && s[0] < s[1]) && spans[0]![1]! <= spans[1]![0]!;
  if (!ok) throw new ConfigError(key, '必须是上午和下午两段时间，例如 09:00-12:00,13:00-18:00', 'must be a morning and an afternoon span, e.g. 09:00-12:00,13:00-18:00');
  const [am, pm] = spans.map(([start, end]) => ({ start: start!, end: end! })) as [DaySpan, DaySpan];
  return { am, pm, dayMinutes: am.end - am.start + (pm.end - pm.start) };
}

function person(env: Env, key: string): string | null {
  const v = str(env, key);
  if (v === undefined) return null;
  if (v.length > 50 || /[,，\s]/.test(v)) throw new ConfigError(key, '必须是一个人的姓名或人员编号，例如 王总 或 12', 'must be one person’s name or number, e.g. 12');
  return v;
}

export function loadLeavePolicy(env: Env): LeavePolicy {
  return {
    leadMaxDays: int(env, 'LEAVE_LEAD_MAX_DAYS', 1, 0, 365),
    supervisorMaxDays: int(env, 'LEAVE_SUPERVISOR_MAX_DAYS', 3, 0, 365),
    managerMaxDays: int(env, 'LEAVE_MANAGER_MAX_DAYS', 0, 0, 365),
    topApprover: person(env, 'LEAVE_TOP_APPROVER'),
    personalMaxDays: int(env, 'LEAVE_PERSONAL_MAX_DAYS', 6, 1, 365),
    sickDaysWithoutCertificate: int(env, 'LEAVE_SICK_NO_CERT_DAYS', 3, 0, 365),
    workHours: workHours(env, 'LEAVE_WORK_HOURS', '09:00-12:00,13:00-18:00'),
  };
}
