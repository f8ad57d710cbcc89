// The one table of Chinese trigger words. A staff command must start with its keyword.
import type { Intent, LeaveType } from './command.js';

export interface Keyword {
  word: string;
  intent: Intent;
  /** Without a ticket number the word is ordinary chat (同意, 回复, 处理 …). */
  needsRef?: boolean;
  urgent?: boolean;
  leaveType?: LeaveType;
  convertTo?: 'repair' | 'complaint';
}

/** Longest words first, so 紧急报修 wins over 报修 and 请病假 over 请假. */
export const KEYWORDS: Keyword[] = ([
  { word: '紧急报修', intent: 'repair', urgent: true },
  { word: '报修', intent: 'repair' },
  { word: '维修', intent: 'repair' },
  { word: '投诉', intent: 'complaint' },
  { word: '请事假', intent: 'leave', leaveType: 'personal' },
  { word: '请病假', intent: 'leave', leaveType: 'sick' },
  { word: '请年假', intent: 'leave', leaveType: 'annual' },
  { word: '请年休假', intent: 'leave', leaveType: 'annual' },
  { word: '请假', intent: 'leave' },
  { word: '交接班', intent: 'handover' },
  { word: '交班', intent: 'handover' },
  { word: '接班', intent: 'takeover' },
  { word: '查询', intent: 'status' },
  { word: '进度', intent: 'status', needsRef: true },
  { word: '接单', intent: 'accept' },
  { word: '到场', intent: 'arrive' },
  { word: '完工', intent: 'complete' },
  { word: '回复', intent: 'reply', needsRef: true },
  { word: '回访', intent: 'followup' },
  { word: '批准', intent: 'approve' },
  { word: '同意', intent: 'approve', needsRef: true },
  { word: '驳回', intent: 'reject' },
  { word: '取消', intent: 'cancel' },
  { word: '撤回', intent: 'cancel' },
  { word: '帮助', intent: 'help' },
  { word: 'help', intent: 'help' },
  { word: '菜单', intent: 'help' },
  { word: '派单', intent: 'dispatch' },
  { word: '处理', intent: 'process', needsRef: true },
  { word: '解决', intent: 'resolve', needsRef: true },
  { word: '无效', intent: 'invalid', needsRef: true },
  { word: '关闭', intent: 'close', needsRef: true },
  { word: '销假', intent: 'return' },
  { word: '演练', intent: 'drill' },
  { word: '巡查', intent: 'patrol' },
  { word: '核实', intent: 'verify', needsRef: true },
  // Stop / restart a ticket's SLA clocks. 恢复 / 继续 are everyday words (恢复供水, 继续观察): only with a number.
  { word: '暂停计时', intent: 'pause' },
  { word: '暂停', intent: 'pause' },
  { word: '挂起', intent: 'pause' },
  { word: '恢复计时', intent: 'resume' },
  { word: '继续计时', intent: 'resume' },
  { word: '恢复', intent: 'resume', needsRef: true },
  { word: '继续', intent: 'resume', needsRef: true },
  // #12: the desk sets a ticket's category, turns an inquiry into a ticket, and records the agreed visit.
  { word: '分类', intent: 'categorize', needsRef: true },
  { word: '改分类', intent: 'categorize', needsRef: true },
  { word: '转报修', intent: 'convert', needsRef: true, convertTo: 'repair' },
  { word: '转为报修', intent: 'convert', needsRef: true, convertTo: 'repair' },
  { word: '转成报修', intent: 'convert', needsRef: true, convertTo: 'repair' },
  { word: '转投诉', intent: 'convert', needsRef: true, convertTo: 'complaint' },
  { word: '转为投诉', intent: 'convert', needsRef: true, convertTo: 'complaint' },
  { word: '转成投诉', intent: 'convert', needsRef: true, convertTo: 'complaint' },
  { word: '约定', intent: 'appoint', needsRef: true },
  { word: '预约', intent: 'appoint', needsRef: true },
  { word: '约好', intent: 'appoint', needsRef: true },
  { word: '改约', intent: 'appoint', needsRef: true },
  { word: '约', intent: 'appoint', needsRef: true },
  // #13: properties and shifts (staff only; see STAFF_WORDS).
  { word: '绑定', intent: 'bind' },
  { word: '值班', intent: 'duty' },
  { word: '谁值班', intent: 'duty' },
  { word: '排班', intent: 'roster' },
  { word: '排班表', intent: 'roster' },
  { word: '换班', intent: 'swap' },
  { word: '调班', intent: 'swap' },
  { word: '顶岗', intent: 'cover' },
  { word: '顶班', intent: 'cover' },
  // 值班日志 (docs/desk-rules.md#duty-log-review-and-spot-checks); 已阅 and 抽查 count only before 值班日志 (command/duty-log.ts).
  { word: '值班日志', intent: 'dutyLog' },
  { word: '已阅', intent: 'dutyLogSign' },
  { word: '抽查', intent: 'spotCheck' },
  // The directory (docs/desk-rules.md#directory): 停用 张伟 / 启用 12.
  { word: '停用', intent: 'deactivate' },
  { word: '启用', intent: 'activate' },
  // #14 the dashboard: the whole message is the word (登录不了 is a resident's inquiry, not a sign-in).
  { word: '登录', intent: 'login' },
  { word: '登陆', intent: 'login' },
  { word: '后台', intent: 'login' },
  { word: '登录后台', intent: 'login' },
  { word: '后台登录', intent: 'login' },
] satisfies Keyword[]).sort((a, b) => b.word.length - a.word.length);

/** Urgent: 紧急 / 加急 / 很急 / a lone 急, or a hazard. Not the 急 inside 急躁 or 急诊. */
export const HAZARD = /紧急|加急|急需|急修|特急|很急|太急|非常急|着急|急急|(?<=^|[\s，；、。！!])急(?=$|[\s，；、。！!])|困人|燃气|煤气|冒烟|着火|起火|停电|淹|漏电|爆管|爆了|爆裂/;
export const NOT_URGENT = /不急|不着急|不紧急|不用急/;
/** A question that only mentions a keyword is not a command. */
export const QUESTION = /[?？]$|吗$|吗[?？]|怎么|如何|什么时候|能不能|可不可以|是不是|多少|找谁|是谁/;
/**
 * Staff-only words that are also everyday words (值班的保安不在, 换班了吗): a command only when nothing that reads as
 * a sentence follows; a resident's message that starts with them is read as the resident's message.
 */
export const STAFF_WORDS = new Set<Intent>(['bind', 'duty', 'roster', 'swap', 'cover']);
export const STAFF_WORD_CHAT = /^(?:的|了|吗|呢|啊|吧|过|着|是|在|有|不|没|也|都|很|太|真|就|还|要|会|能|室|人|员|费|制|表的)/;
/** Right after a keyword, these make it a noun phrase in chat: 报修电话, 投诉热线, 请假的话, 接班人, 维修工, 维修基金. */
export const NOT_A_COMMAND = /^(?:电话|热线|号码|流程|方式|系统|的|人|员|工|师傅|吗|么|呢|基金|资金|费|记录)/;
/**
 * 紧急 / 急 / 不急 … standing as a word of their own: they set `urgent` and are taken out of the
 * detail ("厨房水管漏水，紧急！" → "厨房水管漏水"). Not inside other words (急诊, 着急回家).
 */
export const URGENCY_WORD = /(?<=^|[\s，；、。！!])(?:非常|十分|特别|很|比较)?(?:紧急|加急|急|不急|不着急|不紧急|不用急)[!！]*(?=$|[\s，；、。！!])/g;
