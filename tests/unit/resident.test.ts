// The acceptance table of #12: residents' own phrasings (address first or problem first, 了/又/一直/还是, full-width,
// voice transcriptions, questions, courtesy) → the intent and category the desk must get. Nothing a resident
// writes is dropped: what is neither a command nor courtesy is an inquiry (咨询).
import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/handlers/command/command.js';
import { parseCommand, type ParseOptions } from '../../src/handlers/command/parse.js';
import { ACCEPTANCE } from './resident-phrasings.js';

/** Monday 2026-11-23, 10:00 in Asia/Shanghai. */
const RESIDENT: ParseOptions = { now: new Date('2026-11-23T02:00:00Z'), utcOffsetMinutes: 480, fromResident: true };

const reading = (c: Command) => ({ intent: c.intent, category: c.category });

describe("residents' phrasings (acceptance table)", () => {
  it.each(ACCEPTANCE)('%s → %s %s', (input, intent, category) => {
    expect(reading(parseCommand(input, RESIDENT))).toEqual({ intent, category });
  });

  it('has at least 60 rows', () => expect(ACCEPTANCE.length).toBeGreaterThanOrEqual(60));
});

describe('messages that begin with a command word but are no command', () => {
  it.each<[string, Command['intent'], string?]>([
    ['报修了三天还没人来修', 'complaint', '服务态度'], // a story about an earlier report
    ['投诉了好几次都没用', 'complaint'],
    ['维修工什么时候来？', 'inquiry'],
    ['进度怎么样了', 'inquiry'],
    ['处理一下我家漏水', 'repair', '水电'],
    ['请问报修电话是多少？', 'none'], // how to reach the desk: the usage hint answers it (pinned by parse.test.ts)
    ['怎么投诉啊', 'none'],
    // 暂停 / 恢复 / 继续 are staff clock words; without a number they are news, and stay none unless they report a
    // fault (pinned by parse.test.ts: 暂停供水了，什么时候恢复 → none)
    ['恢复供水了吗', 'none'],
    ['继续漏水', 'repair', '水电'],
  ])('%s → %s %s', (input, intent, category) => {
    expect(reading(parseCommand(input, RESIDENT))).toEqual({ intent, category });
  });
});

describe('what comes with the reading', () => {
  it.each<[string, Partial<Command>]>([
    ['7栋1单元803 厨房水龙头又漏了', { building: '7', unit: '1', room: '803', detail: '厨房水龙头又漏了' }],
    ['７栋１单元８０３　厨房水龙头漏水', { building: '7', unit: '1', room: '803', detail: '厨房水龙头漏水' }],
    ['喂 你好 我家马桶堵了 七栋一单元八零三 电话13812345678', { building: '7', unit: '1', room: '803', phone: '13812345678' }],
    ['请问明天3栋停水吗 13812345678', { intent: 'inquiry', building: '3', phone: '13812345678', detail: '请问明天 停水吗' }],
    ['水管爆了，水流了一地！', { urgent: true }],
  ])('%s', (input, expected) => {
    expect(parseCommand(input, RESIDENT)).toMatchObject(expected);
  });

  it('an inquiry is never urgent, even when it asks about a hazard', () => {
    expect(parseCommand('下周会停电吗？', RESIDENT).urgent).toBeUndefined();
  });

  it('the same words from staff without a keyword stay chat', () => {
    for (const [input] of ACCEPTANCE.slice(0, 10)) expect(parseCommand(input, { ...RESIDENT, fromResident: false }).intent).toBe('none');
  });
});
