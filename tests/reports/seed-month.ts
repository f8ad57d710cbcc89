// October 2026, scripted through the chat with a moving clock: complaints and repairs across the National Day holiday
// (1–7 October off, Saturday 10 October a 调休 working day), a paused repair, a complaint against a staff member
// (recusal), plus leave, drills and patrol rounds written through the stores. The expected figures are worked out by
// hand in figures.test.ts.
import { expect } from 'vitest';
import { buildTestApp, say, type TestApp } from '../helpers/app.js';

export const at = (local: string): string => `2026-${local}:00+08:00`;

async function as(t: TestApp, when: string, who: string, text: string): Promise<string> {
  t.clock.set(at(when));
  return say(t, who, text);
}

export async function seededOctober(env: Record<string, string> = {}): Promise<TestApp> {
  const t = await buildTestApp({ env: { REPORT_HOUSEHOLDS: '400', ...env } });
  // C1: on the holiday; answered in 60 min; resolved; followed up 10-08 (due 10-09: 2 working days after the holiday).
  expect(await as(t, '10-01T10:00', '王芳', '投诉 7栋1单元803 楼道垃圾三天没人清理')).toContain('投诉#1');
  await as(t, '10-01T11:00', '周敏', '回复 #1 已安排保洁今天清理 下次回复 明天10点');
  await as(t, '10-01T11:30', '周敏', '解决 #1 楼道已清理');
  expect(await as(t, '10-08T10:00', '王芳', '回访 #1 4')).toContain('4分');
  // C2: the same place and category again (a repeat); answered after 3 h (late); resolved, never followed up.
  expect(await as(t, '10-09T09:00', '王芳', '投诉 7栋1单元803 楼道垃圾又没人清理')).toContain('投诉#2');
  await as(t, '10-09T12:00', '周敏', '回复 #2 已督促保洁 下次回复 明天10点');
  await as(t, '10-09T14:00', '周敏', '解决 #2 已清理');
  // C3: names 李娜, who must recuse; 周敏 answers in time; followed up with 5.
  expect(await as(t, '10-12T09:00', '王芳', '投诉 @李娜 电话里态度很差')).toContain('投诉#3');
  expect(await as(t, '10-12T09:10', '李娜', '回复 #3 抱歉 下次回复 明天10点')).toContain('回避');
  await as(t, '10-12T10:00', '周敏', '回复 #3 已约谈当事人 下次回复 明天10点');
  await as(t, '10-12T16:00', '周敏', '解决 #3 已向业主致歉');
  await as(t, '10-13T09:00', '王芳', '回访 #3 5');
  // C4: declared invalid within the reply time (answered on time, not valid).
  expect(await as(t, '10-20T09:00', '王芳', '投诉 9栋2单元101 邻居家狗叫')).toContain('投诉#4');
  await as(t, '10-20T10:30', '周敏', '无效 #4 经核实属于业主间纠纷');
  // C5: never answered: past its reply time when the report is read.
  expect(await as(t, '10-30T20:00', '王芳', '投诉 2栋1单元1201 电梯里有人吸烟')).toContain('投诉#5');

  // R6: on the holiday; accepted in 10 min, arrived in 15, paused 6 h (住户不在家), completed: 90 min of handling.
  expect(await as(t, '10-05T09:00', '王芳', '报修 3栋2单元1502 厨房水管漏水')).toContain('#6');
  await as(t, '10-05T09:10', '张伟', '接单 #6');
  await as(t, '10-05T09:25', '张伟', '到场 #6');
  expect(await as(t, '10-05T09:30', '张伟', '暂停 #6 住户不在家，下午再来')).toContain('暂停');
  await as(t, '10-05T15:30', '张伟', '恢复 #6');
  await as(t, '10-05T16:30', '张伟', '完工 #6 更换了三通');
  await as(t, '10-06T10:00', '王芳', '回访 #6 5');
  // R7: dispatched after 45 min (late), arrived 30 min after acceptance (late), completed after 330 min (late).
  expect(await as(t, '10-15T09:00', '王芳', '报修 5栋1单元302 卫生间灯不亮')).toContain('#7');
  await as(t, '10-15T09:45', '赵强', '派单 #7 张伟');
  await as(t, '10-15T09:50', '张伟', '接单 #7');
  await as(t, '10-15T10:20', '张伟', '到场 #7');
  await as(t, '10-15T14:30', '张伟', '完工 #7 更换灯具');
  // R8: accepted at once by the lead, never arrived: arrival and handling past due when read.
  expect(await as(t, '10-25T09:00', '王芳', '报修 6栋1单元501 下水道堵了')).toContain('#8');
  await as(t, '10-25T09:05', '赵强', '接单 #8');
  // R9: cancelled by the resident: its unmet clocks are left out of the rates.
  expect(await as(t, '10-28T09:00', '王芳', '报修 8栋1单元201 门锁坏了')).toContain('#9');
  expect(await as(t, '10-28T09:10', '王芳', '取消 #9 已经自己修好了')).toContain('已取消');
  // Leave starting in October: 事假 1 day approved, 病假 2 days approved, 年假 pending.
  await as(t, '10-09T10:00', '张伟', '请假 10月13日 事假 家里有事');
  expect(await as(t, '10-09T10:30', '赵强', '批准 #1')).toContain('批准');
  await as(t, '10-16T10:00', '孙磊', '请假 10月20日至10月21日 病假 发烧');
  expect(await as(t, '10-16T10:30', '陈静', '批准 #2')).toContain('批准');
  await as(t, '10-22T10:00', '李娜', '请假 10月26日 年假');
  // Drills due in October: one done early, one done a day late, one still open (overdue when read); patrol rounds.
  const d1 = await t.stores.drills.create({ kind: 'pump-test', title: '消防水泵试开泵', dueAt: new Date(at('10-10T09:00')), team: '工程' });
  await t.stores.drills.complete(d1.id, { result: '正常', completedById: 3, completedAt: new Date(at('10-09T15:00')) });
  const d2 = await t.stores.drills.create({ kind: 'fire-drill', title: '灭火和应急疏散预案演练', dueAt: new Date(at('10-15T09:00')), team: '保安' });
  await t.stores.drills.complete(d2.id, { result: '已演练', completedById: 4, completedAt: new Date(at('10-16T10:00')) });
  await t.stores.drills.create({ kind: 'hydrant-test', title: '室内消火栓、喷淋泄水测试', dueAt: new Date(at('10-28T09:00')), team: '工程' });
  for (const [i, h] of [8, 10, 12].entries()) {
    const slot = { kind: 'fire-patrol', slotStart: new Date(at(`10-03T${String(h).padStart(2, '0')}:00`)), slotEnd: new Date(at(`10-03T${h + 2}:00`)), createdAt: new Date(at('10-03T08:00')) };
    const { round } = await t.stores.patrols.open(slot);
    if (i === 1) await t.stores.patrols.markMissed(round.id);
    else await t.stores.patrols.complete(round.id, { result: 'normal', note: null, doneById: 4, doneAt: new Date(slot.slotStart.getTime() + 30 * 60_000) });
  }
  // A September complaint, outside the month.
  await as(t, '09-30T10:00', '王芳', '投诉 1栋1单元101 垃圾桶满了');
  return t;
}
