// parseCommand(text): a pure function from one chat message to a typed Command.
import { isCategory } from '../categories.js';
import type { Command, Intent, LeaveType } from './command.js';
import { parseDateTime } from './dates.js';
import { parseLeaveWords } from './leave-words.js';
import { HAZARD, KEYWORDS, NOT_A_COMMAND, NOT_URGENT, QUESTION, STAFF_WORD_CHAT, STAFF_WORDS, URGENCY_WORD, type Keyword } from './keywords.js';
import { dutyLogCommand } from './duty-log.js';
import { lexiconHits } from './lexicon.js';
import { parseLocation } from './location.js';
import { normalize, tidy } from './normalize.js';
import { cnToInt } from './numerals.js';
import { parsePhone } from './phone.js';
import { categoryFor, readResident } from './resident.js';
import { suggestCommand } from './typo.js';

export interface ParseOptions {
  now: Date;
  /** Offset of the configured zone from UTC in minutes (Asia/Shanghai: 480). */
  utcOffsetMinutes: number;
  botName?: string;
  /** Residents may describe a fault or a complaint without a keyword. */
  fromResident?: boolean;
}

/** A number right after the verb, unless it is a place (3栋) or a time (约 3点, 10:00, 12月, 5日). */
const REF_AFTER_VERB = /^\s*#?\s*(\d{1,9})(?![\d栋幢座单元号楼室#:点时月日-])/;
const REF_ANYWHERE = /#\s*(\d{1,9})(?!\s*楼)/;

function takeRef(rest: string): { ref?: string; rest: string } {
  const m = REF_AFTER_VERB.exec(rest) ?? REF_ANYWHERE.exec(rest);
  if (!m) return { rest };
  return { ref: m[1], rest: squash(rest.slice(0, m.index) + ' ' + rest.slice(m.index + m[0].length)) };
}

/** Intents whose text starts with a location or a date, never with a ticket number. */
const NO_REF = new Set<Intent>(['login', 'repair', 'complaint', 'leave', 'handover', 'drill', 'patrol', 'help', 'dutyLog', 'dutyLogSign', 'spotCheck', 'bind', 'duty', 'roster', 'swap', 'cover']);
/** Staff words that are everyday words in a resident's mouth (停用燃气了吗, 抽查结果): a resident's message is read as such. */
const STAFF_ONLY = new Set<Intent>(['dutyLog', 'dutyLogSign', 'spotCheck', 'deactivate', 'activate']);

const squash = tidy;

function urgency(text: string): boolean | undefined {
  if (NOT_URGENT.test(text)) return false;
  return HAZARD.test(text) ? true : undefined;
}

function leaveTypeOf(text: string, kw?: Keyword): LeaveType {
  if (kw?.leaveType) return kw.leaveType;
  if (/病假/.test(text)) return 'sick';
  if (/年假|年休/.test(text)) return 'annual';
  if (/事假/.test(text)) return 'personal';
  return 'other';
}

/** 回访 rating: 5分 / 五星 / 4颗星, or a lone digit 1–5 ("回访 #12 5 很满意"); never the 一 of 一般. */
function rating(rest: string): { rating?: number; rest: string } {
  const m = /(?:打|给|评)?(?<![\d.])([1-5一二三四五])\s*(?:分|颗星|星)(?![\d.])/.exec(rest) ?? /(?<=^|[\s，；、])([1-5])(?=$|[\s，；、。！!])/.exec(rest);
  if (!m) return { rest };
  return { rating: cnToInt(m[1]!) ?? undefined, rest: squash(rest.replace(m[0], ' ')) };
}

function withFields(base: Command, rest: string): Command {
  const { phone, rest: r1 } = parsePhone(rest);
  const { location, rest: r2 } = parseLocation(r1);
  const urgent = base.urgent ?? urgency(base.text);
  const detail = squash(r2.replace(URGENCY_WORD, ' '));
  return { ...base, ...location, ...(phone ? { phone } : {}), ...(urgent !== undefined ? { urgent } : {}), ...(detail ? { detail } : {}) };
}

function keywordOf(text: string): Keyword | undefined {
  const lower = text.toLowerCase();
  // A Latin keyword must end at a word boundary ("help me", not "helpless"); so must the one-letter 约 (约 #12, not 约订).
  return KEYWORDS.find((k) => lower.startsWith(k.word) && !(/[a-z]$/.test(k.word) && /^[a-z]/.test(lower.slice(k.word.length))) && !(k.word.length === 1 && !/^(?:$|[\s#\d])/.test(lower.slice(1))));
}

/** 紧急！报修 … / 加急 报修 …: an urgency word in front of the keyword. */
const URGENT_PREFIX = /^(?:紧急|加急)[\s！!，]*(?=报修|维修)/;

export function parseCommand(input: string, opts: ParseOptions): Command {
  const text = normalize(input, opts.botName);
  const none: Command = { intent: 'none', text };
  if (!text) return none;
  if (text === '?' || text === '？') return { intent: 'help', text };
  const prefix = URGENT_PREFIX.exec(text)?.[0] ?? '';
  const body = text.slice(prefix.length);
  const kw = keywordOf(body);
  if (!kw) {
    const suggestion = suggestCommand(text, opts.now, opts.utcOffsetMinutes);
    if (suggestion) return { intent: 'typo', text, suggestion };
    return opts.fromResident ? residentFallback(text) : none;
  }

  if (opts.fromResident && STAFF_ONLY.has(kw.intent)) return residentFallback(text);
  const tail = body.slice(kw.word.length);
  // 报修电话是多少 / 请假的话找谁 / 接班人: the keyword is part of a noun phrase, not a command.
  // 报修了三天还没人来 / 投诉了好几次: a story about an earlier report, not a new one.
  const story = /^了/.test(tail) && (kw.intent === 'repair' || kw.intent === 'complaint');
  if ((NOT_A_COMMAND.test(tail) || story) && !/#\s*\d/.test(tail)) return opts.fromResident ? residentFallback(text) : none;
  // 值班 / 排班 / 换班 / 顶岗 / 绑定 are the staff's; 值班的保安不在岗 is a sentence, and residents' words are theirs.
  if (STAFF_WORDS.has(kw.intent) && (opts.fromResident || STAFF_WORD_CHAT.test(tail) || (QUESTION.test(text) && kw.intent !== 'duty'))) return opts.fromResident ? residentFallback(text) : none;
  const rest = squash(tail);
  const intent: Intent = kw.intent;
  // 登录 / 后台 are a sign-in only on their own (登录不了怎么办 is a question).
  if (intent === 'login') return rest.replace(/[。！!]+$/, '') ? (opts.fromResident ? residentFallback(text) : none) : { intent, text };
  const { ref, rest: afterRef } = NO_REF.has(intent) ? { ref: undefined, rest } : takeRef(rest);
  // A resident's 暂停供水了 / 恢复供水了 is news, not a command: from residents these count only with a number, and
  // the news stays 'none' unless it reports a fault or a grievance (pinned by the pre-#12 table).
  const refRequired = kw.needsRef || (opts.fromResident && intent === 'pause');
  if (refRequired && !ref) return opts.fromResident ? residentFallback(text, CLOCK_WORDS.has(intent)) : none;
  if (QUESTION.test(text) && !ref && ['repair', 'complaint', 'leave', 'handover', 'takeover', 'status', 'pause', 'resume', ...STAFF_ONLY].includes(intent)) {
    const { location } = parseLocation(rest);
    if (!location.building && !location.unit) return opts.fromResident ? residentFallback(text) : none;
  }
  const cmd: Command = { intent, text, ...(ref ? { ref } : {}), ...(kw.urgent || prefix ? { urgent: true } : {}) };

  switch (intent) {
    case 'repair':
    case 'complaint': {
      const category = categoryFor(intent, lexiconHits(rest));
      return withFields({ ...cmd, ...(category ? { category } : {}) }, rest);
    }
    case 'categorize': {
      // 分类 #12 停车 / 分类 #12 改为停车: a known name is the category; anything else is left for the handler to refuse.
      const named = afterRef.replace(/^(?:改为|改成|设为|为|成|到)\s*/, '');
      const word = /^[^\s，；、]+/.exec(named)?.[0];
      if (!word || !isCategory(word)) return { ...cmd, ...(afterRef ? { detail: afterRef } : {}) };
      const detail = squash(named.slice(word.length));
      return { ...cmd, category: word, ...(detail ? { detail } : {}) };
    }
    case 'convert':
      return { ...cmd, convertTo: kw.convertTo!, ...(afterRef ? { detail: afterRef } : {}) };
    case 'appoint': {
      const when = parseDateTime(afterRef, opts.now, opts.utcOffsetMinutes);
      const detail = squash(when?.rest ?? afterRef);
      return { ...cmd, ...(when ? (when.past ? { pastTime: when.iso } : { appointmentAt: when.iso }) : {}), ...(detail ? { detail } : {}) };
    }
    case 'leave': {
      const { rest: left, ...when } = parseLeaveWords(rest, opts.now, opts.utcOffsetMinutes);
      const detail = squash(left.replace(/事假|病假|年假|年休假?/g, ' '));
      return { ...cmd, leaveType: leaveTypeOf(text, kw), ...when, ...(detail ? { detail } : {}) };
    }
    case 'handover': {
      const handedOver = [...rest.matchAll(/#\s*(\d+)/g)].map((m) => m[1]!);
      const detail = squash(rest.replace(/移交|转交/g, ' ').replace(/#\s*\d+/g, ' '));
      const { ref: _r, ...base } = cmd;
      return { ...base, ...(handedOver.length ? { handedOver } : {}), ...(detail ? { detail } : {}) };
    }
    case 'followup': {
      const r = rating(afterRef);
      return { ...cmd, ...(r.rating ? { rating: r.rating } : {}), ...(r.rest ? { detail: r.rest } : {}) };
    }
    case 'dispatch': {
      const name = /^@?([^\s，；、]+)/.exec(afterRef)?.[1];
      const detail = squash(afterRef.replace(/^@?[^\s，；、]+/, ''));
      return { ...cmd, ...(name ? { assignee: name } : {}), ...(detail ? { detail } : {}) };
    }
    case 'reply': {
      const m = /(下次回复时间|下次回复|下次答复|约定|预计)\s*/.exec(afterRef);
      if (!m) return { ...cmd, ...(afterRef ? { detail: afterRef } : {}) };
      const when = parseDateTime(afterRef.slice(m.index + m[0].length), opts.now, opts.utcOffsetMinutes);
      const detail = squash(afterRef.slice(0, m.index));
      return { ...cmd, ...(detail ? { detail } : {}), ...(when ? (when.past ? { pastTime: when.iso } : { nextReplyAt: when.iso }) : {}) };
    }
    case 'drill':
      return drill(cmd, rest, opts);
    case 'patrol':
      return patrol(cmd, rest);
    case 'dutyLog':
    case 'dutyLogSign':
    case 'spotCheck':
      return dutyLogCommand(cmd, rest, opts.now, opts.utcOffsetMinutes) ?? none;
    default:
      return { ...cmd, ...(afterRef ? { detail: afterRef } : {}) };
  }
}

function drill(cmd: Command, rest: string, opts: ParseOptions): Command {
  const action = /^(新增|添加|计划|安排|完成|记录|列表|查看)/.exec(rest)?.[1];
  const after = squash(rest.slice(action?.length ?? 0));
  if (action === '完成' || action === '记录') {
    const { ref, rest: summary } = takeRef(after);
    return { ...cmd, drillAction: 'done', ...(ref ? { ref } : {}), ...(summary ? { detail: summary.replace(/^总结\s*/, '') } : {}) };
  }
  if (!action || action === '列表' || action === '查看') return { ...cmd, drillAction: 'list' };
  const when = parseDateTime(after, opts.now, opts.utcOffsetMinutes);
  const detail = squash(when?.rest ?? after);
  return { ...cmd, drillAction: 'add', ...(when ? { dueAt: when.iso } : {}), ...(detail ? { detail } : {}) };
}

/** 巡查 完成 #8 正常 ｜ 巡查 完成 #8 发现 3号楼消防通道堵塞 ｜ 巡查 #8 转报修 ｜ 巡查 今日 (巡查 #8 正常: 完成 may be left out). */
function patrol(cmd: Command, rest: string): Command {
  const { ref, rest: afterRef } = takeRef(rest.replace(/^(?:完成|记录|登记|打卡)\s*/, (m) => ' '.repeat(m.length)));
  const words = squash(afterRef);
  const withRef = ref ? { ref } : {};
  if (/转报修|转为报修|转成报修/.test(words)) return { ...cmd, ...withRef, patrolAction: 'repair' };
  const done = /^\s*(?:完成|记录|登记|打卡)/.test(rest);
  if (!done && !ref && /^(?:今日|今天|列表|查看|统计|情况)?$/.test(words)) return { ...cmd, patrolAction: 'today' };
  const normal = /^(?:一切正常|正常|无异常|未见异常)[\s，。,.!！]*/.exec(words);
  if (normal) return { ...cmd, ...withRef, patrolAction: 'done', patrolResult: 'normal', ...(words.slice(normal[0].length) ? { detail: squash(words.slice(normal[0].length)) } : {}) };
  const finding = /^(?:发现|异常|问题|有问题)[\s:：，,]*/.exec(words);
  if (finding) return { ...cmd, ...withRef, patrolAction: 'done', patrolResult: 'finding', ...(words.slice(finding[0].length) ? { detail: squash(words.slice(finding[0].length)) } : {}) };
  return { ...cmd, ...withRef, patrolAction: 'done', ...(words ? { detail: words } : {}) };
}

/** The clock words residents cannot use (暂停 / 挂起 / 恢复 / 继续): without a number they are news. */
const CLOCK_WORDS = new Set<Intent>(['pause', 'resume']);
const GREETING = /^(?:你好|您好|在吗|喂)[\s，！!？?。]*/;

/**
 * A resident's plain message (resident.ts): a fault is a repair, a grievance a complaint, courtesy is none, and
 * anything else is an inquiry for the desk. `newsOnly`: an inquiry stays none (see CLOCK_WORDS).
 */
function residentFallback(text: string, newsOnly = false): Command {
  const reading = readResident(text);
  if (reading.intent === 'none' || (newsOnly && reading.intent === 'inquiry')) return { intent: 'none', text };
  const base: Command = { intent: reading.intent, text, ...(reading.category ? { category: reading.category } : {}) };
  const cmd = withFields(base, text.replace(GREETING, ''));
  if (reading.intent !== 'inquiry') return cmd;
  // An inquiry is not urgent: 会停电吗 asks about a hazard, it does not report one.
  const { urgent: _urgent, ...inquiry } = cmd;
  return inquiry;
}
