// The typed result of parsing one chat message. The single contract between parser and handlers.

export const INTENTS = [
  'repair', 'complaint', 'leave', 'handover', 'takeover', 'status', 'accept', 'arrive', 'complete',
  'reply', 'followup', 'approve', 'reject', 'cancel', 'help', 'none',
  // used by the workflows beyond the design card's list:
  'dispatch', 'process', 'resolve', 'invalid', 'close', 'return', 'drill',
  // SLA pause / resume of a ticket's clocks (waiting for the resident):
  'pause', 'resume',
  // the directory: confirm a stranger who wrote to the bot
  'verify',
  // the desk's rules (#12): a resident's message that is no command becomes a 咨询 (inquiry); the desk sets a
  // ticket's category (分类 #12 停车), turns an inquiry into a repair or complaint (转报修 #12 / 转投诉 #12), and
  // records the appointment agreed with the resident (约定 #12 明天下午3点); a near-miss of a command word gets a
  // "did you mean" hint (typo).
  'inquiry', 'categorize', 'convert', 'appoint', 'typo',
  // #13 properties and shifts: bind a group to a property (绑定 项目 阳光花园), who is on duty now (值班), the roster
  // (排班 本周), a shift swap (换班 12月3日 早班 李娜) and a stand-in of a few hours (顶岗 张伟 4小时).
  'bind', 'duty', 'roster', 'swap', 'cover',
  // #13: patrol rounds (巡查 完成 #8 正常 / 巡查 完成 #8 发现 … / 巡查 #8 转报修 / 巡查 今日)
  'patrol',
  // 值班日志 (a team's handovers of a day): show it, the lead's sign-off (已阅 值班日志), the supervisors' monthly spot
  // check (抽查 值班日志 12月3日 / 抽查 进度); the directory's upkeep: take someone out of service and back (停用 / 启用).
  'dutyLog', 'dutyLogSign', 'spotCheck', 'deactivate', 'activate',
  // #14: a one-time sign-in link to the dashboard, in a direct chat (登录 / 后台).
  'login',
] as const;
export type Intent = (typeof INTENTS)[number];

export type LeaveType = 'personal' | 'sick' | 'annual' | 'other';

export interface Command {
  intent: Intent;
  /** The normalised input. */
  text: string;
  /** Free text left after the keyword, reference, location and phone are taken out. */
  detail?: string;
  building?: string;
  unit?: string;
  room?: string;
  /** 11-digit mainland mobile number, separators removed. */
  phone?: string;
  /** true: 紧急/hazard words; false: 不急; absent: not said. */
  urgent?: boolean;
  /**
   * Leave: the first and last day named, YYYY-MM-DD in the configured zone (end = start for one day; no end when a
   * length is given instead: the handler counts it on the working calendar). With a length and no day: tomorrow.
   */
  start?: string;
  end?: string;
  /** 上午 / 下午 of the first / last day (明天下午, 12月3日下午至5日上午). */
  startHalf?: 'am' | 'pm';
  endHalf?: 'am' | 'pm';
  /** Hour leave: HH:MM (今天下午3点到5点, 3点起). */
  startTime?: string;
  endTime?: string;
  /** The length asked for: days (0.5, 1.5, 3) or minutes (2小时 = 120). */
  leaveDays?: number;
  leaveMinutes?: number;
  leaveType?: LeaveType;
  /** Ticket / leave / drill number, digits only. */
  ref?: string;
  /** 1–5, for 回访. */
  rating?: number;
  /** 派单 target name. */
  assignee?: string;
  /** 回复: the agreed next reply time (ISO-8601 with offset). */
  nextReplyAt?: string;
  /** 演练 sub-command. */
  drillAction?: 'add' | 'done' | 'list';
  /** 巡查 sub-command: record a round's result, today's rounds, or turn a finding into a repair. */
  patrolAction?: 'done' | 'today' | 'repair';
  /** 巡查 完成: 正常 (normal) or 发现 … (finding, the words in detail). */
  patrolResult?: 'normal' | 'finding';
  /** 演练 新增: the drill's time (ISO-8601 with offset). */
  dueAt?: string;
  /** 交班 … 移交 #12 #15: tickets explicitly handed over. */
  handedOver?: string[];
  /** 报修 / 投诉 / 咨询: the category the words point to (categories.ts); 分类 #12 停车: the category named. */
  category?: string;
  /** 转报修 #12 / 转投诉 #12 */
  convertTo?: 'repair' | 'complaint';
  /** 约定 #12 明天下午3点: the agreed time (ISO-8601 with offset). */
  appointmentAt?: string;
  /** typo: the command the sender probably meant, corrected (e.g. 报修 3栋1单元201 马桶堵了). */
  suggestion?: string;
  /** 值班日志 / 已阅 值班日志 / 抽查 值班日志: the log's local date (YYYY-MM-DD); absent: the default day. */
  logDate?: string;
  /** A date that names no day (2月30日): refused with an example. */
  badDate?: string;
  /** 抽查 进度 [11月]: the progress of a month's spot check (YYYY-MM; '' = last month's logs). */
  spotCheckMonth?: string;
  /** A time that was understood but is in the past (下次回复 昨天10点, 约定 昨天): refused with a future example. */
  pastTime?: string;
}
