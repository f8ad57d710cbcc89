import { calendarCheck } from './calendar-check.js';
import { dailyDigest } from './daily-digest.js';
import { drillDefaults } from './drill-defaults.js';
import { drillReminders } from './drill-reminders.js';
import { dutyLogSpotCheck } from './duty-log-spot-check.js';
import { dutyLogUnsigned } from './duty-log-unsigned.js';
import { mediaFetch } from './media-fetch.js';
import { monthlyReport } from './monthly-report.js';
import { outboxSend } from './outbox-send.js';
import { patrolRounds } from './patrol-rounds.js';
import { slaSweep } from './sla-sweep.js';
import { deskStaffing } from './desk-staffing.js';
import { shiftHandover } from './shift-handover.js';
import type { Job } from './types.js';

/** Every scheduled job, in the order `jobs run` executes them: alerts are queued before the sender runs. */
export const jobs: Job[] = [calendarCheck, drillDefaults, drillReminders, patrolRounds, slaSweep, shiftHandover, deskStaffing, dailyDigest, dutyLogUnsigned, dutyLogSpotCheck, monthlyReport, outboxSend, mediaFetch];
