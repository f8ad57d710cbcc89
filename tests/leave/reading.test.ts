// #13 bugs 1–3: a 请假 message is read right — half days and decimals are lengths, 上午 / 下午 a half of the day, and
// none of it is left in the reason. Through the chat, Wednesday 2026-12-02 09:00 (Asia/Shanghai).
import { describe, expect, it } from 'vitest';
import { idOf, leaveRow, pushesTo, say, start } from './util.js';

const WEDNESDAY = '2026-12-02T09:00:00+08:00';

describe('请假: how long, from when, and why', () => {
  it('「请假 0.5天 事假 明天下午去银行」 is Thursday afternoon, half a day, for the bank (not 5 days with 「0. 下午去银行」)', async () => {
    const t = await start(WEDNESDAY);
    const reply = await say(t, '张伟', '请假 0.5天 事假 明天下午去银行');
    expect(reply).toContain('已提交请假#1：事假 12月3日下午（0.5天），待组长审批（已通知赵强）');
    expect(await leaveRow(t, 1)).toMatchObject({
      startDate: '2026-12-03', startHalf: 'pm', endDate: '2026-12-03', endHalf: 'pm', startTime: null, endTime: null,
      days: 0.5, minutes: null, reason: '去银行', leaveType: 'personal', approverRole: 'lead', askedIds: String(await idOf(t, '赵强')),
    });
    const [asked] = await pushesTo(t, '赵强');
    expect(asked!.text).toContain('事假 12月3日下午（0.5天）：去银行');
  });

  it('「请假 1.5天 事假 明天起」 is a day and a half from Thursday, with no reason (not one day with 「天 起」)', async () => {
    const t = await start(WEDNESDAY);
    const reply = await say(t, '张伟', '请假 1.5天 事假 明天起');
    expect(reply).toContain('事假 12月3日至12月4日上午（1.5天），待主管审批（已通知陈静）');
    expect(await leaveRow(t, 1)).toMatchObject({ startDate: '2026-12-03', startHalf: 'am', endDate: '2026-12-04', endHalf: 'am', days: 1.5, reason: null, approverRole: 'supervisor' });
    expect((await pushesTo(t, '陈静'))[0]!.text).toContain('事假 12月3日至12月4日上午（1.5天）\n');
  });

  it('「请假 明天上午 …」 counts half a day and keeps 上午 out of the reason', async () => {
    const t = await start(WEDNESDAY);
    expect(await say(t, '张伟', '请假 明天上午 带孩子打疫苗')).toContain('请假 12月3日上午（0.5天）');
    expect(await leaveRow(t, 1)).toMatchObject({ startHalf: 'am', endHalf: 'am', days: 0.5, reason: '带孩子打疫苗' });
    // The afternoon of the same day is free to ask for; the morning again is an overlap.
    expect(await say(t, '张伟', '请假 明天下午 事假')).toContain('已提交请假#2：事假 12月3日下午（0.5天）');
    expect(await say(t, '张伟', '请假 12月3日上午10点到11点')).toContain('与请假#1（12月3日上午，待审批）时间重叠，未提交。');
  });

  it('hours and ranges: 今天下午3点到5点, 3天 across a weekend, and the days off named in the reply', async () => {
    const t = await start(WEDNESDAY);
    expect(await say(t, '张伟', '请假 今天下午3点到5点 办证')).toContain('请假 12月2日 15:00-17:00（2小时），待组长审批');
    expect(await leaveRow(t, 1)).toMatchObject({ startTime: '15:00', endTime: '17:00', minutes: 120, days: 0.25, reason: '办证' });
    const long = await say(t, '张伟', '请假 周四 3天 回老家');
    expect(long).toContain('请假 12月3日至12月7日（3天），待主管审批');
    expect(long).toContain('12月5日、12月6日是休息日，不计入天数。');
    expect(await leaveRow(t, 2)).toMatchObject({ endDate: '2026-12-07', days: 3, reason: '回老家' });
  });

  it('what does not add up is refused with a correct example, and nothing is stored', async () => {
    const t = await start(WEDNESDAY);
    expect(await say(t, '张伟', '请假 12月5日')).toMatch(/12月5日不是您的工作日（周末、节假日或排班表上的休息日），不用请假/);
    expect(await say(t, '张伟', '请假 1.2天 明天')).toMatch(/以半天为单位.*「请假 明天上午 2小时」/);
    expect(await say(t, '张伟', '请假 家里有事')).toMatch(/请写明日期，例如「请假 明天 事假 家里有事」/);
    expect(await t.prisma.leaveRequest.count()).toBe(0);
  });
});
