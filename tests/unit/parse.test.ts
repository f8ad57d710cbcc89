// Table-driven tests of the pure parser: real Chinese phrasings → the exact typed Command.
// Each row asserts every field except `text` (the normalised input, checked separately), so a
// stray field (a leftover detail, a wrong urgent flag) fails the row.
import { describe, expect, it } from 'vitest';
import { INTENTS, type Command, type Intent } from '../../src/handlers/command/command.js';
import { parseCommand, type ParseOptions } from '../../src/handlers/command/parse.js';
import { readRows } from './phrasings/read.js';

/** Monday 2026-11-23, 10:00 in Asia/Shanghai. */
const NOW = new Date('2026-11-23T02:00:00Z');
const STAFF: ParseOptions = { now: NOW, utcOffsetMinutes: 480 };
const RESIDENT: ParseOptions = { ...STAFF, fromResident: true };

type Fields = Omit<Command, 'text'>;
// `category` (#12) is left out here: the rows below predate it and state none. Categories are asserted in
// categories.test.ts (including the categories these rows' inputs get) and resident.test.ts.
const fields = ({ text: _text, category: _category, ...rest }: Command): Fields => rest;

const seen = new Set<Intent>();
type Row = [input: string, expected: Fields];
const rows = (r: Row[]): Row[] => {
  for (const [, e] of r) seen.add(e.intent);
  return r;
};

const B3 = { building: '3', unit: '2', room: '1502' } as const;

/** A table kept as data (phrasings/*.tsv): the input, then the fields it parses to, as JSON. */
const fromTable = (file: string): Row[] => rows(readRows(file).map(([input, json]) => [input!, JSON.parse(json!) as Fields]));

/** The cases of a table kept as data: each input, from staff in a group, parses to its fields (as `project` keeps them). */
function tableCases(file: string, project: (c: Command) => Fields = fields): void {
  it.each(fromTable(file))('%s', (input, expected) => {
    expect(project(parseCommand(input, STAFF))).toEqual(expected);
  });
}

describe('intents and their synonyms (staff in a group)', () => tableCases('staff-commands.tsv'));

describe('normalisation', () => {
  it.each(
    rows([
      // full-width digits, letters, punctuation and the ideographic space
      ['报修　３栋２单元１５０２　漏水', { intent: 'repair', ...B3, detail: '漏水' }],
      ['报修 Ａ座１２０５ 漏水', { intent: 'repair', building: 'A', room: '1205', detail: '漏水' }],
      ['ｈｅｌｐ', { intent: 'help' }],
      ['查询 ＃１２', { intent: 'status', ref: '12' }],
      // a leading mention of the bot (also without a space, and a WeCom \u2005 space), and of others
      ['@值班台 报修 3栋2单元1502 漏水', { intent: 'repair', ...B3, detail: '漏水' }],
      ['@值班台报修 3栋 漏水', { intent: 'repair', building: '3', detail: '漏水' }],
      ['@值班台\u2005接单 #12', { intent: 'accept', ref: '12' }],
      ['@值班台 @张伟 接单 #12', { intent: 'accept', ref: '12' }],
      ['＠值班台　报修　３栋２单元１５０２　漏水', { intent: 'repair', ...B3, detail: '漏水' }],
      // 【】 brackets
      ['【报修】3栋2单元1502 漏水', { intent: 'repair', ...B3, detail: '漏水' }],
      ['【请假】明天 事假', { intent: 'leave', leaveType: 'personal', start: '2026-11-24', end: '2026-11-24' }],
      // : ： , ， separators and extra spaces
      ['报修：3栋2单元1502：漏水', { intent: 'repair', ...B3, detail: '漏水' }],
      ['报修:3栋2单元1502,漏水', { intent: 'repair', ...B3, detail: '漏水' }],
      ['报修，3栋2单元1502，漏水', { intent: 'repair', ...B3, detail: '漏水' }],
      ['报修   3栋2单元1502    漏水  ', { intent: 'repair', ...B3, detail: '漏水' }],
      ['  接单   #12  ', { intent: 'accept', ref: '12' }],
      ['回复：#12，已安排', { intent: 'reply', ref: '12', detail: '已安排' }],
      // a byte-order mark or zero-width space in front of the keyword
      ['\ufeff报修 3栋 漏水', { intent: 'repair', building: '3', detail: '漏水' }],
      ['\u200b接单 #12', { intent: 'accept', ref: '12' }],
    ]),
  )('%s', (input, expected) => {
    expect(fields(parseCommand(input, STAFF))).toEqual(expected);
  });

  it.each([
    ['＠值班台　报修：３栋２单元１５０２，厨房漏水！', '报修 3栋2单元1502，厨房漏水！'],
    ['【报修】 3栋 , 漏水 ; 很急', '报修 3栋，漏水；很急'],
    ['演练 新增 消防演练 2026-12-01 15：00', '演练 新增 消防演练 2026-12-01 15:00'],
  ])('the normalised text of %s is %s', (input, text) => {
    expect(parseCommand(input, STAFF).text).toBe(text);
  });

  it('strips the configured bot name, not only the default', () => {
    const opts = { ...STAFF, botName: '物业小助手' };
    expect(fields(parseCommand('@物业小助手 接单 #12', opts))).toEqual({ intent: 'accept', ref: '12' });
    expect(fields(parseCommand('@物业小助手接单 #12', opts))).toEqual({ intent: 'accept', ref: '12' });
    expect(fields(parseCommand('你们问问@物业小助手', opts))).toEqual({ intent: 'none' });
  });

  it('keeps Chinese punctuation in free text (detail reads as the user typed it)', () => {
    expect(parseCommand('报修 3栋2单元1502，厨房水管漏水，请尽快', STAFF).detail).toBe('厨房水管漏水，请尽快');
    expect(parseCommand('交班 夜班巡逻4次,无异常', STAFF).detail).toBe('夜班巡逻4次，无异常');
    expect(parseCommand('无效 #1 属于邻里纠纷，已建议协商', STAFF).detail).toBe('属于邻里纠纷，已建议协商');
    expect(parseCommand('报修 3栋 厨房、卫生间都漏水', STAFF).detail).toBe('厨房、卫生间都漏水');
  });
});

describe('locations', () => {
  it.each(
    rows([
      ['报修 3栋2单元1502 漏水', { intent: 'repair', ...B3, detail: '漏水' }],
      ['报修 3号楼2单元1502室 漏水', { intent: 'repair', ...B3, detail: '漏水' }],
      ['报修 3栋 2单元 1502 漏水', { intent: 'repair', ...B3, detail: '漏水' }],
      ['报修 3幢2单元1502 漏水', { intent: 'repair', ...B3, detail: '漏水' }],
      ['报修 3栋2单元15楼1502 漏水', { intent: 'repair', ...B3, detail: '漏水' }],
      ['报修 12-3-802 卫生间漏水', { intent: 'repair', building: '12', unit: '3', room: '802', detail: '卫生间漏水' }],
      ['报修 A座1205 空调不制冷', { intent: 'repair', building: 'A', room: '1205', detail: '空调不制冷' }],
      ['报修 b座1205 空调不制冷', { intent: 'repair', building: 'B', room: '1205', detail: '空调不制冷' }],
      ['报修 B栋1单元302', { intent: 'repair', building: 'B', unit: '1', room: '302' }],
      ['报修 11#楼 大堂门禁坏了', { intent: 'repair', building: '11', detail: '大堂门禁坏了' }],
      ['报修 11#楼2单元1502 漏水', { intent: 'repair', building: '11', unit: '2', room: '1502', detail: '漏水' }],
      ['报修 11#1502 漏水', { intent: 'repair', building: '11', room: '1502', detail: '漏水' }],
      ['报修 十栋二单元 楼道灯不亮', { intent: 'repair', building: '10', unit: '2', detail: '楼道灯不亮' }],
      ['报修 十二栋三单元 漏水', { intent: 'repair', building: '12', unit: '3', detail: '漏水' }],
      ['报修 二十栋 漏水', { intent: 'repair', building: '20', detail: '漏水' }],
      ['报修 三号楼二单元一五零二室 漏水', { intent: 'repair', ...B3, detail: '漏水' }],
      ['报修 七栋一单元八零三 漏水', { intent: 'repair', building: '7', unit: '1', room: '803', detail: '漏水' }],
      ['报修 2单元1502 漏水', { intent: 'repair', unit: '2', room: '1502', detail: '漏水' }],
      ['报修 地址：3栋2单元1502 漏水', { intent: 'repair', ...B3, detail: '漏水' }],
      ['报修 会所大堂 吊灯不亮', { intent: 'repair', detail: '会所大堂 吊灯不亮' }],
    ]),
  )('%s', (input, expected) => {
    expect(fields(parseCommand(input, STAFF))).toEqual(expected);
  });
});

describe('phones', () => {
  it.each(
    rows([
      ['报修 3栋2单元1502 漏水 13812345678', { intent: 'repair', ...B3, phone: '13812345678', detail: '漏水' }],
      ['报修 3栋2单元1502 漏水 138-1234-5678', { intent: 'repair', ...B3, phone: '13812345678', detail: '漏水' }],
      ['报修 3栋2单元1502 漏水 138 1234 5678', { intent: 'repair', ...B3, phone: '13812345678', detail: '漏水' }],
      ['报修 3栋2单元1502 漏水 +86 138 1234 5678', { intent: 'repair', ...B3, phone: '13812345678', detail: '漏水' }],
      ['报修 3栋2单元1502 漏水 +8613812345678', { intent: 'repair', ...B3, phone: '13812345678', detail: '漏水' }],
      ['报修 3栋2单元1502 漏水 １３８１２３４５６７８', { intent: 'repair', ...B3, phone: '13812345678', detail: '漏水' }],
      ['报修 3栋2单元1502 漏水 电话：138-1234-5678', { intent: 'repair', ...B3, phone: '13812345678', detail: '漏水' }],
      ['报修 3栋2单元1502 漏水 电话13812345678 请尽快', { intent: 'repair', ...B3, phone: '13812345678', detail: '漏水 请尽快' }],
      ['报修 联系电话13812345678，3栋2单元1502 漏水', { intent: 'repair', ...B3, phone: '13812345678', detail: '漏水' }],
      // not mainland mobiles: a landline, a number starting 12, too short, too long
      ['报修 3栋2单元1502 漏水 电话 02112345678', { intent: 'repair', ...B3, detail: '漏水 电话 02112345678' }],
      ['报修 3栋2单元1502 漏水 12812345678', { intent: 'repair', ...B3, detail: '漏水 12812345678' }],
      ['报修 3栋2单元1502 漏水 1381234567', { intent: 'repair', ...B3, detail: '漏水 1381234567' }],
      ['报修 3栋2单元1502 漏水 138123456789', { intent: 'repair', ...B3, detail: '漏水 138123456789' }],
    ]),
  )('%s', (input, expected) => {
    expect(fields(parseCommand(input, STAFF))).toEqual(expected);
  });
});

describe('urgency', () => {
  it.each(
    rows([
      ['紧急报修 3栋2单元1502 水管爆裂', { intent: 'repair', urgent: true, ...B3, detail: '水管爆裂' }],
      ['紧急 报修 3栋 漏水', { intent: 'repair', urgent: true, building: '3', detail: '漏水' }],
      ['紧急！报修 3栋 漏水', { intent: 'repair', urgent: true, building: '3', detail: '漏水' }],
      // a trailing or leading 紧急 / 急 sets urgent and leaves the detail
      ['报修 3栋2单元1502 厨房水管漏水 紧急', { intent: 'repair', ...B3, urgent: true, detail: '厨房水管漏水' }],
      ['报修 3栋2单元1502 厨房水管漏水，紧急！', { intent: 'repair', ...B3, urgent: true, detail: '厨房水管漏水' }],
      ['报修 3栋2单元1502 厨房水管漏水 非常紧急', { intent: 'repair', ...B3, urgent: true, detail: '厨房水管漏水' }],
      ['报修 3栋2单元1502 水管漏水 急', { intent: 'repair', ...B3, urgent: true, detail: '水管漏水' }],
      ['报修 3栋 急 漏水', { intent: 'repair', building: '3', urgent: true, detail: '漏水' }],
      ['报修 3栋 加急 漏水', { intent: 'repair', building: '3', urgent: true, detail: '漏水' }],
      // hazards
      ['报修 5栋 电梯困人', { intent: 'repair', building: '5', urgent: true, detail: '电梯困人' }],
      ['报修 3栋 燃气泄漏', { intent: 'repair', building: '3', urgent: true, detail: '燃气泄漏' }],
      ['报修 3栋2单元1502 配电箱冒烟', { intent: 'repair', ...B3, urgent: true, detail: '配电箱冒烟' }],
      ['报修 3栋2单元1502 停电了', { intent: 'repair', ...B3, urgent: true, detail: '停电了' }],
      ['报修 3栋地下车库被淹', { intent: 'repair', building: '3', urgent: true, detail: '地下车库被淹' }],
      // 不急
      ['报修 3栋2单元1502 漏水 不急', { intent: 'repair', ...B3, urgent: false, detail: '漏水' }],
      ['报修 3栋 不着急，灯不亮', { intent: 'repair', building: '3', urgent: false, detail: '灯不亮' }],
      // 急 inside another word stays in the text
      ['投诉 3栋 保安说话急躁', { intent: 'complaint', building: '3', detail: '保安说话急躁' }],
      ['报修 3栋2单元1502 漏水很急', { intent: 'repair', ...B3, urgent: true, detail: '漏水很急' }],
      // not said
      ['报修 3栋2单元1502 灯不亮', { intent: 'repair', ...B3, detail: '灯不亮' }],
    ]),
  )('%s', (input, expected) => {
    expect(fields(parseCommand(input, STAFF))).toEqual(expected);
  });
});

describe('leave dates relative to now (Monday 2026-11-23 10:00 Asia/Shanghai)', () => {
  const leave = (start: string, end: string, extra: Partial<Fields> = {}): Fields => ({ intent: 'leave', leaveType: 'other', start, end, ...extra });
  it.each(
    rows([
      ['请假 今天', leave('2026-11-23', '2026-11-23')],
      ['请假 明天', leave('2026-11-24', '2026-11-24')],
      ['请假 后天', leave('2026-11-25', '2026-11-25')],
      ['请假 大后天', leave('2026-11-26', '2026-11-26')],
      ['请假 下周一', leave('2026-11-30', '2026-11-30')],
      ['请假 本周五', leave('2026-11-27', '2026-11-27')],
      ['请假 周五', leave('2026-11-27', '2026-11-27')],
      ['请假 星期三', leave('2026-11-25', '2026-11-25')],
      ['请假 下周一到下周三', leave('2026-11-30', '2026-12-02')],
      ['请假 12月1日', leave('2026-12-01', '2026-12-01')],
      ['请假 12月5号', leave('2026-12-05', '2026-12-05')],
      ['请假 2026-12-01', leave('2026-12-01', '2026-12-01')],
      ['请假 2026/12/01', leave('2026-12-01', '2026-12-01')],
      ['请假 2026年12月1日', leave('2026-12-01', '2026-12-01')],
      ['请假 2026-12-01 至 2026-12-03', leave('2026-12-01', '2026-12-03')],
      ['请假 11月25日至11月27日', leave('2026-11-25', '2026-11-27')],
      ['请假 11月25日至27日', leave('2026-11-25', '2026-11-27')],
      ['请假 12月1日-12月3日', leave('2026-12-01', '2026-12-03')],
      ['请假 12月1日~3日', leave('2026-12-01', '2026-12-03')],
      ['请假 11.28-11.29', leave('2026-11-28', '2026-11-29')],
      ['请假 11/30-12/2', leave('2026-11-30', '2026-12-02')],
      ['请假 12月30日至1月2日', leave('2026-12-30', '2027-01-02')],
      // a month/day without a year: next January is next year, a few days ago stays in the past
      ['请假 1月5日', leave('2027-01-05', '2027-01-05')],
      ['请假 11月20日', leave('2026-11-20', '2026-11-20')],
      // durations: the start and the length; the end is counted on the working calendar by the handler
      // (tests/unit/leave-phrasings.test.ts), so a length gives no end here
      ['请假 明天 1天 家里有事', { intent: 'leave', leaveType: 'other', start: '2026-11-24', leaveDays: 1, detail: '家里有事' }],
      ['请假 明天 两天', { intent: 'leave', leaveType: 'other', start: '2026-11-24', leaveDays: 2 }],
      ['请假 下周一 3天', { intent: 'leave', leaveType: 'other', start: '2026-11-30', leaveDays: 3 }],
      ['请假 3天', { intent: 'leave', leaveType: 'other', start: '2026-11-24', leaveDays: 3 }],
      ['请病假 后天 三天 发烧', { intent: 'leave', leaveType: 'sick', start: '2026-11-25', leaveDays: 3, detail: '发烧' }],
      ['请病假 11月25日到11月27日', { intent: 'leave', leaveType: 'sick', start: '2026-11-25', end: '2026-11-27' }],
      ['请事假 11月24日至11月30日', { intent: 'leave', leaveType: 'personal', start: '2026-11-24', end: '2026-11-30' }],
      ['请假 明天，家里有事', leave('2026-11-24', '2026-11-24', { detail: '家里有事' })],
      // half days (#13): 半天 is a length, 下午 the half; neither stays in the reason
      ['请假 明天 半天', { intent: 'leave', leaveType: 'other', start: '2026-11-24', leaveDays: 0.5 }],
      ['请假 明天下午 半天', { intent: 'leave', leaveType: 'other', start: '2026-11-24', startHalf: 'pm', leaveDays: 0.5 }],
      ['请假 明天上午 看牙', leave('2026-11-24', '2026-11-24', { startHalf: 'am', detail: '看牙' })],
      ['请假 0.5天 事假 明天下午去银行', { intent: 'leave', leaveType: 'personal', start: '2026-11-24', startHalf: 'pm', leaveDays: 0.5, detail: '去银行' }],
      ['请假 1.5天 事假 明天起', { intent: 'leave', leaveType: 'personal', start: '2026-11-24', leaveDays: 1.5 }],
      ['请假 今天下午3点到5点', leave('2026-11-23', '2026-11-23', { startTime: '15:00', endTime: '17:00' })],
      ['请假 2小时 办证', { intent: 'leave', leaveType: 'other', leaveMinutes: 120, detail: '办证' }],
      // no date at all
      ['请假 家里有事', { intent: 'leave', leaveType: 'other', detail: '家里有事' }],
    ]),
  )('%s', (input, expected) => {
    expect(fields(parseCommand(input, STAFF))).toEqual(expected);
  });

  it('counts days in the configured zone, not in UTC', () => {
    // 2026-11-23T17:00Z is already Tuesday 01:00 in Shanghai.
    const late = new Date('2026-11-23T17:00:00Z');
    expect(parseCommand('请假 明天', { now: late, utcOffsetMinutes: 480 })).toMatchObject({ start: '2026-11-25', end: '2026-11-25' });
    expect(parseCommand('请假 明天', { now: late, utcOffsetMinutes: 0 })).toMatchObject({ start: '2026-11-24', end: '2026-11-24' });
  });

  it('resolves weekdays from a Sunday and month/days across the new year', () => {
    const sunday = new Date('2026-11-29T02:00:00Z');
    const opts = { now: sunday, utcOffsetMinutes: 480 };
    expect(parseCommand('请假 本周五', opts)).toMatchObject({ start: '2026-11-27' });
    expect(parseCommand('请假 下周一', opts)).toMatchObject({ start: '2026-11-30' });
    expect(parseCommand('请假 周五', opts)).toMatchObject({ start: '2026-12-04' });
    const newYearsEve = { now: new Date('2026-12-31T02:00:00Z'), utcOffsetMinutes: 480 };
    expect(parseCommand('请假 明天', newYearsEve)).toMatchObject({ start: '2027-01-01' });
    expect(parseCommand('请假 1月4日', newYearsEve)).toMatchObject({ start: '2027-01-04' });
    expect(parseCommand('请假 12月30日', { now: new Date('2027-01-03T02:00:00Z'), utcOffsetMinutes: 480 })).toMatchObject({ start: '2026-12-30' });
  });

  it('a bare time for 回复 that has passed today means tomorrow', () => {
    expect(parseCommand('回复 #12 已安排 下次回复 9点', STAFF).nextReplyAt).toBe('2026-11-24T09:00:00+08:00');
    expect(parseCommand('回复 #12 已安排 下次回复 下午3点半', STAFF).nextReplyAt).toBe('2026-11-23T15:30:00+08:00');
  });
});

describe("residents' free text", () => {
  it.each(
    rows([
      ['你好，我家厨房下水道堵了，我是7栋1单元803', { intent: 'repair', building: '7', unit: '1', room: '803', detail: '我家厨房下水道堵了' }],
      ['3栋2单元1502 卫生间漏水了 电话13812345678', { intent: 'repair', ...B3, phone: '13812345678', detail: '卫生间漏水了' }],
      ['电梯坏了', { intent: 'repair', detail: '电梯坏了' }],
      ['你好，电梯困人了！5栋', { intent: 'repair', building: '5', urgent: true, detail: '电梯困人了！' }],
      ['楼上装修太吵了，每天早上7点就开始', { intent: 'complaint', detail: '楼上装修太吵了，每天早上7点就开始' }],
      ['楼上邻居每天晚上噪音扰民', { intent: 'complaint', detail: '楼上邻居每天晚上噪音扰民' }],
      ['我要投诉保安态度差', { intent: 'complaint', detail: '我要投诉保安态度差' }],
      // a resident may also use the keywords
      ['报修 3栋2单元1502 漏水', { intent: 'repair', ...B3, detail: '漏水' }],
      ['查询 #12', { intent: 'status', ref: '12' }],
      ['回访 #12 5分', { intent: 'followup', ref: '12', rating: 5 }],
      // 暂停 without a number is news from a resident, not a command (the handler refuses residents anyway)
      ['暂停 #12 我明天上午才在家', { intent: 'pause', ref: '12', detail: '我明天上午才在家' }],
      ['暂停供水了，什么时候恢复', { intent: 'none' }],
      // ordinary chat stays chat
      ['你好', { intent: 'none' }],
      ['在吗？', { intent: 'none' }],
      ['谢谢', { intent: 'none' }],
      ['收到', { intent: 'none' }],
      ['请问报修电话是多少？', { intent: 'none' }],
    ]),
  )('%s', (input, expected) => {
    expect(fields(parseCommand(input, RESIDENT))).toEqual(expected);
  });

  it.each(['你好，我家厨房下水道堵了，我是7栋1单元803', '楼上装修太吵了，每天早上7点就开始', '电梯坏了'])(
    'the same text from staff in a group is none: %s',
    (input) => {
      expect(fields(parseCommand(input, STAFF))).toEqual({ intent: 'none' });
    },
  );
});

describe('not commands', () => {
  it.each([
    '收到',
    '好的',
    '👍',
    '',
    '   ',
    '\u3000',
    '请问报修电话是多少？',
    '请问报修电话是多少',
    '报修电话是多少？',
    '报修电话是多少',
    '投诉热线多少',
    '请假的话找谁审批',
    '接班人是谁？',
    '交班了吗',
    '维修工什么时候来？',
    '进度',
    '同意',
    '回复',
    '处理一下',
    '关闭',
    '恢复',
    '继续',
    '恢复供水了',
    '继续观察一下',
    '暂停是什么意思？',
    '暂停的话找谁',
    'helpless',
    '@张伟 你看下',
    '今天天气真好，大家辛苦了，晚上一起吃饭吧，我请客，地点在3栋楼下那家餐馆，6点半不见不散，有事打我电话13812345678',
    '3栋2单元1502 漏水',
  ])('%j', (input) => {
    expect(fields(parseCommand(input, STAFF))).toEqual({ intent: 'none' });
  });

  it('a question that mentions a keyword but names a location is still a command', () => {
    expect(fields(parseCommand('报修 3栋2单元1502 漏水能不能今天来修？', STAFF))).toEqual({ intent: 'repair', ...B3, detail: '漏水能不能今天来修？' });
  });
});

describe("#12 the desk's rules: every field, category included", () => {
  const all = ({ text: _text, ...rest }: Command): Fields => rest;
  tableCases('desk-commands.tsv', all);

  it.each(
    rows([
      ['7栋1单元803 厨房水龙头又漏了', { intent: 'repair', building: '7', unit: '1', room: '803', category: '水电', detail: '厨房水龙头又漏了' }],
      ['楼下车库有人乱停车堵住我的车位', { intent: 'complaint', category: '停车', detail: '楼下车库有人乱停车堵住我的车位' }],
      ['请问物业费怎么交', { intent: 'inquiry', category: '收费', detail: '请问物业费怎么交' }],
      ['你好，快递柜在哪里？电话13812345678', { intent: 'inquiry', phone: '13812345678', detail: '快递柜在哪里？' }],
      ['您好', { intent: 'none' }],
      ['好的，谢谢👍', { intent: 'none' }],
    ]),
  )('from a resident: %s', (input, expected) => {
    expect(all(parseCommand(input, RESIDENT))).toEqual(expected);
  });
});

describe('#13 the duty log and directory upkeep (Monday 2026-11-23)', () => {
  tableCases('duty-log-commands.tsv');

  it('from a resident these are ordinary words', () => {
    expect(fields(parseCommand('停用燃气了吗', RESIDENT)).intent).not.toBe('deactivate');
    expect(fields(parseCommand('值班日志', RESIDENT)).intent).not.toBe('dutyLog');
  });
});

describe('登录 / 后台: the dashboard sign-in (#14), only as the whole message', () => {
  tableCases('login-commands.tsv');

  it('a resident sending 登录 reaches the handler (which refuses); 登录不了 is their question', () => {
    expect(parseCommand('登录', RESIDENT).intent).toBe('login');
    expect(parseCommand('app登录不了怎么办', RESIDENT).intent).toBe('inquiry');
    expect(parseCommand('登录不了怎么办', RESIDENT).intent).toBe('inquiry');
  });
});

describe('coverage', () => {
  it('every intent in command.ts appears in the tables above', () => {
    seen.add('none');
    expect(INTENTS.filter((i) => !seen.has(i))).toEqual([]);
  });

  it('is pure: the same input gives the same result and does not depend on the clock', () => {
    const a = parseCommand('请假 明天 事假', STAFF);
    const b = parseCommand('请假 明天 事假', { ...STAFF });
    expect(a).toEqual(b);
  });
});
