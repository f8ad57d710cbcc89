// "Did you mean": a near miss of a command word gives intent 'typo' and the corrected message; ordinary words that
// sound or look like a command word (保安, 保修期, 结伴, 完成了吗) stay what they are.
import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/handlers/command/command.js';
import { parseCommand, type ParseOptions } from '../../src/handlers/command/parse.js';
import { editDistance } from '../../src/handlers/command/typo.js';

/** Monday 2026-11-23, 10:00 in Asia/Shanghai. */
const STAFF: ParseOptions = { now: new Date('2026-11-23T02:00:00Z'), utcOffsetMinutes: 480 };
const RESIDENT: ParseOptions = { ...STAFF, fromResident: true };
const fields = ({ text: _text, ...rest }: Command) => rest;

describe('near misses of a command word', () => {
  it.each([
    // same toneless pinyin (the usual slip of a pinyin keyboard)
    ['保修 3栋1单元201 马桶堵了', '报修 3栋1单元201 马桶堵了'],
    ['拍单 #2 张伟', '派单 #2 张伟'],
    ['排单 #2 张伟', '派单 #2 张伟'],
    ['结单 #12', '接单 #12'],
    ['解单 #12', '接单 #12'],
    ['到常 #12', '到场 #12'],
    ['道场 #3', '到场 #3'],
    ['回仿 #12 5分', '回访 #12 5分'],
    ['完公 #12 更换水管', '完工 #12 更换水管'],
    ['请家 明天 事假', '请假 明天 事假'],
    ['投素 7栋 楼上太吵', '投诉 7栋 楼上太吵'],
    ['交搬 一切正常', '交班 一切正常'],
    ['借班 #5', '接班 #5'],
    ['茶询 #12', '查询 #12'],
    ['紧急保修 5栋 电梯困人', '紧急报修 5栋 电梯困人'],
    ['约订 #12 明天下午3点', '约定 #12 明天下午3点'],
    ['分累 #12 停车', '分类 #12 停车'],
    ['演连 新增 消防演练 明天下午3点', '演练 新增 消防演练 明天下午3点'],
    // one edit of a longer word
    ['转报秀 #12', '转报修 #12'],
    ['请病家 明天', '请病假 明天'],
    // pinyin typed without the keyboard converting it, and Latin slips
    ['baoxiu 3栋 漏水', '报修 3栋 漏水'],
    ['paidan #4 王强', '派单 #4 王强'],
    ['hlep', 'help'],
    // the normalised message is corrected (full-width forms, the bot's name)
    ['@值班台 拍单 ＃２ 张伟', '派单 #2 张伟'],
  ])('%s → %s', (input, suggestion) => {
    expect(fields(parseCommand(input, STAFF))).toEqual({ intent: 'typo', suggestion });
  });

  it('residents get the same hint', () => {
    expect(fields(parseCommand('保修 6栋2单元1102 燃气灶打不着火', RESIDENT))).toEqual({ intent: 'typo', suggestion: '报修 6栋2单元1102 燃气灶打不着火' });
  });
});

describe('ordinary words are not typos', () => {
  it.each([
    '保安 3栋门口有人吵架',
    '维修工什么时候来？',
    '处理一下',
    '保修期多长时间',
    '保修卡丢了',
    '保修', // no place, no fault: nothing says it is a report
    '拍单', // a ticket verb without a ticket number
    '完成了吗',
    '完成 #12', // half of 完工, and an everyday word: two-letter words need the same pinyin
    '报告 3栋 漏水',
    '拍照 #12',
    '结伴',
    '彩蛋', // 菜单 is never offered
    '收到 #12',
    '同一 3栋',
    '汇复 #12 已处理', // 回复 or 恢复: no guess
    'helpless',
    'hlep me',
    '今天天气真好',
  ])('%s', (input) => {
    expect(parseCommand(input, STAFF).intent).toBe('none');
  });

  it('a correct command is never a typo', () => {
    for (const input of ['报修 3栋1单元201 马桶堵了', '派单 #2 张伟', '接单 #12', '到场 #12', 'help', '约 #12 明天下午3点']) {
      expect(parseCommand(input, STAFF).intent).not.toBe('typo');
    }
  });
});

describe('editDistance (optimal string alignment)', () => {
  it.each([
    ['help', 'help', 0],
    ['hlep', 'help', 1],
    ['转报秀', '转报修', 1],
    ['请病', '请病假', 1],
    ['完成', '完工', 1],
    ['abc', 'cab', 2],
    ['', '报修', 2],
  ] as const)('%s ~ %s = %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });
});
