// The Chinese trigger words (the table is data: keywords.tsv) and the patterns around them. A staff command must start with its keyword.
import type { Intent, LeaveType } from './command.js';
import { readTable } from './table.js';

export interface Keyword {
  word: string;
  intent: Intent;
  /** Without a ticket number the word is ordinary chat (同意, 回复, 处理 …). */
  needsRef?: boolean;
  urgent?: boolean;
  leaveType?: LeaveType;
  convertTo?: 'repair' | 'complaint';
}

/** Reads the keyword table: `word<TAB>intent[<TAB>options]` a line, options `needsRef urgent leaveType=… convertTo=…`. */
function readKeywords(file: string): Keyword[] {
  return readTable(new URL(file, import.meta.url)).map(([word, intent, options = '']) => {
    if (!word || !intent) throw new Error(`${file}: bad row «${word}»`);
    const row: Keyword = { word, intent: intent as Intent };
    for (const option of options.split(' ').filter(Boolean)) {
      const [key, value] = option.split('=') as [string, string | undefined];
      if (key === 'needsRef' || key === 'urgent') row[key] = true;
      else if (key === 'leaveType') row.leaveType = value as LeaveType;
      else if (key === 'convertTo') row.convertTo = value as Keyword['convertTo'];
      else throw new Error(`${file}: unknown option «${option}» for «${word}»`);
    }
    return row;
  });
}

/** Longest words first, so 紧急报修 wins over 报修 and 请病假 over 请假. The words are data: keywords.tsv. */
export const KEYWORDS: Keyword[] = readKeywords('keywords.tsv').sort((a, b) => b.word.length - a.word.length);

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
