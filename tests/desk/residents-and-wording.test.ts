// Residents are never dropped (咨询, 转报修 / 转投诉), near-misses get a hint, and the wording says the right thing.
import { describe, expect, it } from 'vitest';
import { say } from '../helpers/app.js';
import { closeAfterEach } from '../helpers/cleanup.js';
import { outbox, ticketRow } from '../workflows/util.js';
import { deskApp, history, sweepAt, told } from './util.js';

const closeLater = closeAfterEach();

describe('a resident message that is not a command', () => {
  it('becomes a 咨询 for the desk; the desk answers it or turns it into a repair', async () => {
    const t = closeLater(await deskApp());
    const reply = await say(t, '王芳', '请问这个月的物业费在哪里交');
    expect(reply).toContain('咨询#1');
    expect(await ticketRow(t, 1)).toMatchObject({ kind: 'inquiry', status: 'received', team: '客服' });
    expect(await told(t, '【新咨询】')).toEqual(['李娜', '周敏']);
    expect(await say(t, '李娜', '回复 #1 可以在物业服务中心前台或App缴纳')).toContain('已转告住户');
    expect((await outbox(t)).some((r) => r.text.includes('可以在物业服务中心前台'))).toBe(true);

    await say(t, '王芳', '家里那个东西又不行了');
    expect(await say(t, '张伟', '转报修 #2')).toMatch(/咨询由客服组/);
    expect(await say(t, '李娜', '转报修 #2')).toContain('已将咨询转为报修#2');
    expect(await ticketRow(t, 2)).toMatchObject({ kind: 'repair', status: 'pending', team: '工程' });
    expect((await history(t, 2)).at(-1)?.[0]).toBe('converted');
    expect(await told(t, '报修#2')).toEqual(expect.arrayContaining(['赵强', '王芳']));
  });

  it("an unanswered 咨询 alerts the desk with the complaint's 2-hour deadline; greetings and thanks create nothing", async () => {
    const t = closeLater(await deskApp());
    await say(t, '王芳', '你好');
    await say(t, '王芳', '谢谢');
    expect(await t.prisma.ticket.count()).toBe(0);
    await say(t, '王芳', '请问快递柜在哪');
    await sweepAt(t, 120);
    expect(await told(t, '咨询#1 答复已超时')).toEqual(expect.arrayContaining(['李娜', '周敏']));
  });
});

describe('did you mean', () => {
  it('a near-miss of a command word in a group gets a hint and creates nothing', async () => {
    const t = closeLater(await deskApp());
    expect(await say(t, '李娜', '保修 3栋1单元201 马桶堵了', true)).toContain('请把「保修」改成「报修」后重新发送');
    expect(await say(t, '赵强', '拍单 #2 张伟', true)).toContain('请把「拍单」改成「派单」');
    // In a direct chat the whole corrected message is offered.
    expect(await say(t, '李娜', '保修 3栋1单元201 马桶堵了')).toContain('您是不是想发送「报修 3栋1单元201 马桶堵了」');
    expect(await t.prisma.ticket.count()).toBe(0);
  });
});

describe('wording', () => {
  it('an overdue next reply says 下次答复, not 首次答复', async () => {
    const t = closeLater(await deskApp());
    await say(t, '王芳', '投诉 楼上装修太吵');
    await say(t, '李娜', '回复 #1 已联系楼上 下次回复 今天下午3点');
    await sweepAt(t, 7 * 60);
    const alerts = (await outbox(t)).filter((r) => r.dedupeKey.startsWith('sla:ticket:1:response'));
    expect(alerts.some((r) => r.text.includes('下次答复已超时'))).toBe(true);
    expect(alerts.every((r) => !r.text.includes('首次答复已超时'))).toBe(true);
  });

  it('a reply must agree the next reply; a time in the past is refused with a future example', async () => {
    const t = closeLater(await deskApp());
    await say(t, '王芳', '投诉 楼上装修太吵');
    expect(await say(t, '李娜', '回复 #1 已联系楼上')).toMatch(/请和投诉人约定下次回复时间/);
    expect(await say(t, '李娜', '回复 #1 已联系楼上 下次回复 昨天10点')).toMatch(/已经过去.*明天10点/);
    expect((await ticketRow(t, 1)).status).toBe('received');
  });

  it('a resident who tries to approve leave is told what concerns a resident', async () => {
    const t = closeLater(await deskApp());
    await say(t, '张伟', '请假 明天 事假 家里有事');
    const r = await say(t, '王芳', '批准 #1');
    expect(r).toContain('住户不能审批请假');
    expect(r).not.toContain('员工');
  });

  it('a leave approval alert names its dates in Chinese, never ISO', async () => {
    const t = closeLater(await deskApp());
    await say(t, '张伟', '请假 明天 事假 家里有事');
    await sweepAt(t, 4 * 60);
    const rows = (await outbox(t)).filter((r) => r.dedupeKey.startsWith('sla:leave:'));
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.text).toContain('11月24日');
      expect(r.text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    }
  });
});
