// What a resident's message without a command is: a repair, a complaint, a question for the desk (inquiry), or
// plain courtesy (none). Residents are never dropped: anything that is not a greeting or a thank-you reaches the desk.
import { COMPLAINT_CATEGORIES, type Category } from '../categories.js';
import { isCourtesy } from './courtesy.js';
import { categoryOf, lexiconHits, score, type Hit } from './lexicon.js';
import { asksTheDesk, blames, ofAThing } from './resident-rules.js';

export { isCourtesy };

export interface Reading {
  intent: 'repair' | 'complaint' | 'inquiry' | 'none';
  category?: Category;
}

/**
 * How to reach or use the desk (报修电话是多少, 怎么投诉): answered by the usage hint, so not queued as a 咨询.
 * (Pinned as 'none' by the pre-#12 table in tests/unit/parse.test.ts.)
 */
const ABOUT_THE_DESK = /(?:报修|投诉|维修)(?:电话|热线|号码|流程|方式|渠道)|(?:怎么|如何|怎样|去哪|在哪)(?:报修|投诉)/g;

/** Any question, rhetorical ones included (怎么又坏了, 为什么还收费). */
const QUESTION = /[?？]|吗|么$|呢$|请问|问一下|咨询|想问|几点|几号|哪天|哪一天|几月|什么时候|啥时候|何时|多久|哪里|在哪|怎么|为什么|为啥|多少|能不能|可不可以|是不是|有没有/;
const ABOUT_LATER = /明天|后天|下周|下个月|今晚|几点|几号|哪天|什么时候|何时|会不会|是否|计划|通知|安排|要不要|会|检修|保养|年检|维护/;
/** The fault is said to have happened (停水了吗, 已经停了), not asked about (欠了费会停水吗). */
const PERFECTIVE = /已经|刚才|刚刚/;

/** A question about what will happen (明天停水吗, 下周会停电吗): news the desk answers, not a fault to fix. */
function isScheduleQuestion(text: string, hits: Hit[]): boolean {
  const happened = hits.some((h) => h.entry.act && /^[了过]/.test(text.slice(h.index + h.entry.word.length)));
  if (!QUESTION.test(text) || happened || PERFECTIVE.test(text)) return false;
  if (ABOUT_LATER.test(text)) return true;
  // 停水吗 / 停电么: the symptom itself is asked about.
  return hits.some((h) => h.entry.act && /^[吗么不没]/.test(text.slice(h.index + h.entry.word.length)));
}

/**
 * Reads a resident's message that is no command. `match` may be another matcher (for measurements). In order: courtesy;
 * 投诉 and grievances that blame someone or the service (they outrank any fault word); questions that ask the desk for
 * something (a procedure, a permission, progress, a favour); then faults against grievances by weight.
 */
export function readResident(message: string, match: (text: string) => Hit[] = lexiconHits): Reading {
  if (isCourtesy(message)) return { intent: 'none' };
  const text = message.replace(ABOUT_THE_DESK, ' ');
  const aboutTheDesk = text !== message;
  const hits = ofAThing(text, match(text));
  // 好 我把门开着等你们: an acknowledgement and waiting for the staff, with no fault or grievance, asks for nothing.
  if (ACK_AND_WAIT.test(text) && !hits.some((h) => h.entry.act)) return { intent: 'none' };
  if (/投诉/.test(text) || hits.some(blames)) return withCategory('complaint', hits);
  const r = score(hits, 'repair');
  const c = score(hits, 'complaint');
  const repairAct = hits.some((h) => h.entry.kind === 'repair' && h.entry.act);
  const complaintAct = hits.some((h) => h.entry.kind === 'complaint' && h.entry.act);
  if (!repairAct && !complaintAct && aboutTheDesk) return { intent: 'none' };
  if (asksTheDesk(text, hits)) return inquiry(hits, r, c);
  if ((repairAct || complaintAct) && isScheduleQuestion(text, hits)) return inquiry(hits, r, c);
  if (complaintAct && (!repairAct || c > r)) return withCategory('complaint', hits);
  if (repairAct) return withCategory('repair', hits);
  // No fault or grievance word: a statement about something (水箱一直在响, 车停在楼下) is a report of it, a question
  // or a request (在哪交, 想租车位) is an inquiry, and news that it is fixed (修好了) is courtesy with content.
  if (!ASKING.test(text) && !RESOLVED.test(text)) {
    const topic = hits.some((h) => h.entry.kind === 'complaint' && h.entry.weight >= 3);
    const object = hits.some((h) => h.entry.kind === 'repair' && h.entry.category && h.entry.weight >= 2);
    if (topic && (c > r || !object)) return withCategory('complaint', hits);
    if (object) return withCategory('repair', hits);
  }
  return inquiry(hits, r, c);
}

/** Asking or requesting, not reporting. A rhetorical 怎么又 / 怎么比 / 为什么 is a reproach, not a question. */
const ASKING =
  /[?？]|吗|请问|问一下|咨询|想问|几点|什么时候|啥时候|何时|多久|哪里|哪儿|在哪|怎么(?!又|还|老是|总是|这么|那么|比|一下|会|突然)|能不能|可不可以|是不是|有没有|(?<!为)什么(?!玩意|东西|态度|破)|想|办理|申请|租|买|可以|能否|多少|哪|谁|啥|是[^，。]{1,12}还是/;
const ACK_AND_WAIT = /^(?:好|行|可以|收到|嗯|ok)[^？?吗]*等(?:着|你们|您|你|师傅|管家)/i;
const RESOLVED = /修好了|好了|正常了|解决了|没事了|不漏了|恢复了/;

/** 绿化 is both a repair and a complaint category: 花被人摘了 names it with a repair word. */
const SHARED = (h: Hit) => (COMPLAINT_CATEGORIES as readonly string[]).includes(h.entry.category ?? '');

/** The category of a repair or complaint with these words (staff commands use it too). */
export function categoryFor(kind: 'repair' | 'complaint', hits: Hit[]): Category | undefined {
  return categoryOf(hits, kind) ?? (kind === 'complaint' ? categoryOf(hits, 'repair', SHARED) : undefined);
}

function withCategory(intent: 'repair' | 'complaint', hits: Hit[]): Reading {
  const category = categoryFor(intent, hits);
  return category ? { intent, category } : { intent };
}

/**
 * A question keeps the category of what it asks about when that is a fault (停水吗 → 水电) or a complaint topic
 * (物业费 → 收费, 车位 → 停车): kept for when it becomes a ticket. A mere object (快递柜在哪) names none.
 */
function inquiry(hits: Hit[], r: number, c: number): Reading {
  const about = (h: Hit) => h.entry.act || (h.entry.kind === 'complaint' && h.entry.weight >= 3);
  const [first, second] = r >= c ? (['repair', 'complaint'] as const) : (['complaint', 'repair'] as const);
  const category = categoryOf(hits, first, about) ?? categoryOf(hits, second, about);
  return category ? { intent: 'inquiry', category } : { intent: 'inquiry' };
}
