// Categories (#12): what the words of a 报修 / 投诉 point to, for staff commands as for residents; the names are those
// of src/handlers/categories.ts, of the right kind, and nothing is guessed when nothing matches.
import { describe, expect, it } from 'vitest';
import { COMPLAINT_CATEGORIES, REPAIR_CATEGORIES } from '../../src/handlers/categories.js';
import { DUPLICATES, ENTRIES } from '../../src/handlers/command/lexicon.js';
import { parseCommand, type ParseOptions } from '../../src/handlers/command/parse.js';

const STAFF: ParseOptions = { now: new Date('2026-11-23T02:00:00Z'), utcOffsetMinutes: 480 };
const category = (input: string, opts = STAFF) => parseCommand(input, opts).category;

describe('staff 报修 / 投诉 get the category their words point to', () => {
  it.each([
    ['报修 3栋2单元1502 厨房水管漏水', '水电'],
    ['维修 3号楼2单元1502室 灯不亮', '水电'],
    ['报修 3栋2单元1502 配电箱冒烟', '水电'],
    ['报修 3栋 燃气泄漏', '水电'],
    ['报修 3栋地下车库被淹', '水电'],
    ['报修 12-3-802 卫生间漏水', '水电'], // 卫生间 is no 卫生
    ['紧急报修 5栋电梯困人', '电梯'],
    ['报修 A座1205 空调不制冷', '暖通'],
    ['报修 3栋 空调漏水', '暖通'], // the object decides, not the symptom
    ['报修 11#楼 大堂门禁坏了', '门窗'],
    ['报修 十栋二单元 楼道灯不亮', '水电'],
    ['报修 会所大堂 吊灯不亮', '水电'],
    ['报修 小区东门路灯不亮', '公共设施'], // 路灯 is not 灯, 东门 is not a door
    ['报修 3栋楼下的树倒了', '绿化'],
    ['投诉 7栋1单元803 保洁未清理楼道', '卫生'],
    ['投诉 保安孙磊 态度差', '服务态度'],
    ['投诉 7栋 楼上装修太吵', '噪音'],
    ['投诉 3栋 有人乱停车', '停车'],
    ['投诉 3栋 物业乱收费', '收费'],
    ['投诉 5栋 遛狗不牵绳', '宠物'],
    ['投诉 上次修的水管又漏了', '维修质量'],
    ['投诉 小区的树没人修剪', '绿化'],
    ['投诉 3栋 花坛被人踩坏了', '绿化'], // 绿化 is a repair and a complaint category
    ['投诉 3栋 楼道里堆满杂物有火灾隐患', '安全'],
  ])('%s → %s', (input, expected) => {
    expect(category(input)).toBe(expected);
  });

  it.each(['报修', '报修 3栋2单元1502', '报修 3栋2单元1502 漏水 不急', '投诉 @孙磊', '投诉 3栋 保安说话急躁'].map((i) => [i]))(
    'a kind-specific name or nothing: %s',
    (input) => {
      const c = category(input);
      const kind = parseCommand(input, STAFF).intent === 'repair' ? REPAIR_CATEGORIES : COMPLAINT_CATEGORIES;
      if (c !== undefined) expect(kind as readonly string[]).toContain(c);
    },
  );

  it('leaves the category undefined when nothing matches', () => {
    expect(category('报修 3栋2单元1502')).toBeUndefined();
    expect(category('报修 那个东西')).toBeUndefined();
    expect(category('报修 会所 那个东西')).toBe('公共设施'); // a common area is a public facility
    expect(category('投诉 @孙磊')).toBeUndefined();
  });

  it('a complaint never gets a repair category, nor a repair a complaint one', () => {
    expect(category('投诉 3栋 电梯天天坏')).toBeUndefined();
    expect(category('报修 3栋 太吵了')).toBeUndefined();
  });

  it('commands that are not 报修 / 投诉 / 咨询 get no category from their words', () => {
    expect(category('完工 #12 更换水管')).toBeUndefined();
    expect(category('交班 3号楼电梯异响待跟进')).toBeUndefined();
  });
});

describe('the lexicon', () => {
  it('names only the categories of categories.ts, each of its own kind', () => {
    for (const e of ENTRIES.values()) {
      if (!e.category) continue;
      expect((e.kind === 'repair' ? REPAIR_CATEGORIES : COMPLAINT_CATEGORIES) as readonly string[]).toContain(e.category);
    }
  });

  it('lists no word twice', () => expect(DUPLICATES).toEqual([]));

  it('points somewhere for every category but the catch-alls', () => {
    const named = new Set([...ENTRIES.values()].map((e) => `${e.kind}:${e.category}`));
    for (const c of REPAIR_CATEGORIES.filter((c) => c !== '其他维修')) expect(named).toContain(`repair:${c}`);
    for (const c of COMPLAINT_CATEGORIES.filter((c) => c !== '其他')) expect(named).toContain(`complaint:${c}`);
  });
});
