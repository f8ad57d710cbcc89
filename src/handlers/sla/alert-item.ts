import type { ClockName } from '../../store/index.js';

/** What an alert needs to know about the item behind a clock; each workflow describes its own items. */
export interface AlertItem {
  /** 报修#12, 投诉#7, 请假#3, 交班#5, 演练#2 */
  ref: string;
  /** Where and what, short. Never a phone number. */
  summary: string;
  /** The person who must act; null: nobody yet (the duty group and the lead are told). */
  ownerId: number | null;
  team: string | null;
  /** False once the item needs no more work: its clocks are stopped instead of alerted. */
  open: boolean;
  /** 响应 / 首次答复 / 到场 / 完工 / 回访 / 审批 / 接班确认 / 演练 */
  label(clock: ClockName): string;
  /** The command that meets the clock, e.g. `接单 #12`. */
  action(clock: ClockName): string;
}
