// 值班, 排班, 换班 and 顶岗 in chat, at one of two properties.
import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { outbox } from '../workflows/util.js';
import { at, importRoster, rosterRows, sayIn, twoProperties } from './util.js';

let t: TestApp;
afterEach(() => t?.close());

const WEEK = rosterRows('week.csv');

/** The two properties with WEEK imported; the clock at `hhmm` on the test day (2026-11-23) when given. */
async function weekAt(hhmm?: string): Promise<TestApp> {
  const app = await twoProperties();
  await importRoster(app, WEEK);
  if (hhmm) app.clock.set(at(hhmm));
  return app;
}

async function pushedTo(t: TestApp, name: string) {
  const id = (await t.stores.people.find(name))!.id;
  return (await outbox(t)).filter((r) => r.personId === id).map((r) => r.text);
}

describe('值班 and 排班', () => {
  it('值班 shows who is on duty now, here; 排班 本周 shows the week', async () => {
    t = await weekAt();
    await sayIn(t, '苏梅', '绑定 项目 阳光花园', '阳光花园群');
    t.clock.set(at('10:00'));
    const duty = await sayIn(t, '褚军', '值班', '阳光花园群');
    expect(duty).toContain('【阳光花园】现在值班（11月23日 10:00）');
    expect(duty).toContain('保安：吕刚（早班 08:00-16:00）');
    expect(duty).toContain('客服：严丽（白班 08:30-20:00）');
    expect(duty).not.toContain('韩工');
    expect(await sayIn(t, '褚军', '值班 翠湖苑')).toContain('工程：韩工（早班 08:00-16:00）');
    expect(await sayIn(t, '王芳', '值班')).not.toContain('吕刚');

    const week = await sayIn(t, '褚军', '排班 本周', '阳光花园群');
    expect(week).toContain('【阳光花园】排班（11月23日周一至11月29日周日）');
    expect(week).toMatch(/11月24日周二\n  早班 08:00-16:00：保安 施勇\n  中班 16:00-24:00：保安 吕刚/);
    expect(await sayIn(t, '褚军', '排班 明天 保安', '阳光花园群')).toMatch(/^【阳光花园】保安组排班（11月24日周二）/);
    expect(await sayIn(t, '褚军', '排班 下周', '阳光花园群')).toContain('没有排班');
  });
});

describe('换班', () => {
  it('is approved like a leave: asked of the lead (never of the two people in it), then shows in the roster', async () => {
    t = await weekAt('10:00');
    const asked = await sayIn(t, '施勇', '换班 11月24日 早班 吕刚 家里有事');
    expect(asked).toContain('已提交换班#1：11月24日周二早班（08:00-16:00）由吕刚代班，待褚军审批');
    expect((await pushedTo(t, '褚军')).join('\n')).toContain('【换班审批】换班#1');
    expect((await pushedTo(t, '吕刚')).join('\n')).toContain('施勇申请11月24日周二早班（08:00-16:00）由您代班');
    expect(await sayIn(t, '吕刚', '批准 换班#1')).toContain('不能审批与自己有关的换班');
    expect(await sayIn(t, '孟工', '批准 换班#1')).toContain('换班由组长、主管或经理审批');
    expect(await sayIn(t, '褚军', '批准 换班#1')).toContain('已批准换班#1');
    expect(await sayIn(t, '褚军', '批准 换班#1')).toContain('已批准，无需再处理');

    const day = await sayIn(t, '褚军', '排班 11月24日 保安');
    expect(day).toContain('早班 08:00-16:00：保安 吕刚（换班，替施勇）');
    expect(day).not.toMatch(/早班[^\n]*施勇、/);
    t.clock.set(at('09:00', '2026-11-24'));
    expect(await sayIn(t, '褚军', '值班')).toContain('保安：吕刚（换班，替施勇）（早班 08:00-16:00）');
  });

  it("is refused without a shift of one's own, for someone of another team, or after the shift began; 撤回 tells the approver", async () => {
    t = await weekAt('10:00');
    expect(await sayIn(t, '施勇', '换班 11月25日 早班 吕刚')).toContain('排班中没有您11月25日周三的早班');
    expect(await sayIn(t, '施勇', '换班 11月24日 早班 严丽')).toContain('严丽不是保安组的同事');
    expect(await sayIn(t, '吕刚', '换班 11月23日 早班 施勇')).toContain('已经开始，不能再换班');
    expect(await sayIn(t, '施勇', '换班 明天')).toMatch(/请写明日期、班次和代班同事，例如「换班 11月25日 早班 李娜 家里有事」/);
    await sayIn(t, '施勇', '换班 11月24日 早班 吕刚');
    expect(await sayIn(t, '吕刚', '撤回 换班#1')).toContain('只有申请人本人可以撤回');
    expect(await sayIn(t, '施勇', '撤回 换班#1')).toContain('已撤回换班#1，排班不变');
    expect((await pushedTo(t, '褚军')).join('\n')).toContain('换班#1（11月24日周二早班（08:00-16:00） 施勇 → 吕刚）已由申请人撤回');
  });
});

describe('顶岗', () => {
  it('records a stand-in of at most 4 hours within the shift; the stand-in is on duty instead', async () => {
    t = await weekAt('10:00');
    expect(await sayIn(t, '吕刚', '顶岗 施勇 5小时')).toContain('顶岗最长4小时（您写了5小时），未登记');
    expect(await sayIn(t, '施勇', '顶岗 吕刚 2小时')).toContain('排班中您此刻不在班上');
    const ok = await sayIn(t, '吕刚', '顶岗 施勇 两个小时');
    expect(ok).toContain('已登记顶岗：【阳光花园】保安组 吕刚 10:00-12:00 由施勇顶岗（顶岗#1）');
    expect((await pushedTo(t, '施勇')).join('\n')).toContain('吕刚应在12:00前回岗');
    expect((await pushedTo(t, '褚军')).join('\n')).toContain('【顶岗】');
    expect(await sayIn(t, '褚军', '值班')).toContain('保安：施勇（顶岗，替吕刚）（顶岗 10:00-12:00）');
    t.clock.set(at('12:30'));
    expect(await sayIn(t, '褚军', '值班')).toContain('保安：吕刚（早班 08:00-16:00）');
    expect(await sayIn(t, '孟工', '顶岗 施勇 1小时 替 吕刚')).toContain('替他人登记顶岗需由组长或主管操作');
  });
});
