// #13 bugs 6, 7 and the certificate: 撤回 tells the approvers and stops every reminder; 销假 is refused before the leave
// starts and during it is an early return that shortens the leave; a long sick leave needs a photo before 批准.
import { describe, expect, it } from 'vitest';
import { HOUR } from '../../src/clock.js';
import { idOf, leaveAlerts, leaveRow, outbox, pushesTo, say, sendPhotos, start, sweep } from './util.js';

const TUESDAY = '2026-12-01T09:00:00+08:00';

describe('撤回 (withdraw)', () => {
  it('tells the approver who was asked, cancels what was not sent yet, and the sweep never alerts again', async () => {
    const t = await start(TUESDAY);
    await say(t, '张伟', '请假 明天 事假');
    // 12:12 (80 % of the 4-hour approval clock): the warning goes to 赵强 and waits in the outbox with the request.
    await sweep(t, '2026-12-01T12:12:00+08:00');
    expect((await leaveAlerts(t)).map((a) => [a.to, a.status])).toEqual([['赵强', 'pending']]);
    t.clock.set('2026-12-01T12:20:00+08:00');
    expect(await say(t, '张伟', '撤回请假 #1')).toBe('已撤回请假#1，已通知审批人赵强。');
    const toZhao = await pushesTo(t, '赵强');
    expect(toZhao.map((r) => [r.dedupeKey.replace(/:\d+$/, ''), r.status])).toEqual([
      ['leave:1:created:approver', 'cancelled'],
      [expect.stringMatching(/^sla:leave:1:approval:/), 'cancelled'],
      ['leave:1:withdrawn:approver', 'pending'],
    ]);
    expect(toZhao.at(-1)!.text).toBe('张伟已撤回请假#1（事假 12月2日（1天）），无需再审批。');
    // The clock is stopped: no breach, no escalation later.
    for (const at of ['13:00', '15:00', '17:00']) expect((await sweep(t, `2026-12-01T${at}:00+08:00`)).alerts).toBe(0);
    expect(await leaveAlerts(t)).toHaveLength(1);
    expect(await t.prisma.slaClock.count({ where: { itemType: 'leave', active: true } })).toBe(0);
  });

  it('an escalated request is withdrawn from everyone its reminders reached', async () => {
    const t = await start(TUESDAY);
    await say(t, '张伟', '请假 明天 事假');
    await sweep(t, '2026-12-01T12:12:00+08:00'); // 80 %: the lead 赵强
    await sweep(t, '2026-12-01T15:00:00+08:00'); // 150 %: one level up, the supervisor 陈静
    expect((await leaveAlerts(t)).map((a) => a.to)).toEqual(['赵强', '陈静']);
    expect(await say(t, '张伟', '取消 #1')).toBe('已撤回请假#1，已通知审批人赵强、陈静。');
    expect((await pushesTo(t, '陈静')).at(-1)!.text).toContain('张伟已撤回请假#1');
    expect(await pushesTo(t, '刘洋')).toEqual([]);
  });
});

describe('销假 (back from leave)', () => {
  it('is refused before the leave starts, with a clear reply; nothing changes', async () => {
    const t = await start(TUESDAY);
    await say(t, '张伟', '请假 12月3日至12月7日 事假 回老家');
    await say(t, '陈静', '批准 #1');
    const reply = await say(t, '张伟', '销假 #1');
    expect(reply).toBe('请假#1（12月3日至12月7日（3天））还没有开始，不能销假。返岗后再发送「销假 #1」；如不再需要这次请假，请联系审批人陈静取消。');
    t.clock.set('2026-12-03T08:59:00+08:00'); // a minute before it starts
    expect(await say(t, '张伟', '销假 #1')).toContain('还没有开始，不能销假');
    expect(await leaveRow(t, 1)).toMatchObject({ status: 'approved', endDate: '2026-12-07', days: 3, returnedAt: null });
  });

  it('during the leave is an early return: the end moves to today, the days are counted again and shown', async () => {
    const t = await start(TUESDAY);
    await say(t, '张伟', '请假 12月3日至12月7日 事假 回老家');
    await say(t, '陈静', '批准 #1');
    t.clock.set('2026-12-04T10:30:00+08:00'); // Friday morning: Thursday and Friday morning were taken
    const reply = await say(t, '张伟', '销假 #1');
    expect(reply).toBe('已销假：请假#1，提前返岗，假期改为12月3日至12月4日上午（1.5天），原为12月3日至12月7日（3天）。欢迎回来！');
    const row = await leaveRow(t, 1);
    expect(row).toMatchObject({ status: 'returned', startDate: '2026-12-03', endDate: '2026-12-04', endHalf: 'am', days: 1.5, returnedAt: t.clock.now() });
    expect(JSON.parse(row.plannedEnd!)).toEqual({ endDate: '2026-12-07', endHalf: 'pm', endTime: null, days: 3, minutes: null });
    expect((await pushesTo(t, '陈静')).at(-1)!.text).toBe('张伟已销假（请假#1），提前返岗，假期改为12月3日至12月4日上午（1.5天），原为12月3日至12月7日（3天）。');
    expect(await say(t, '张伟', '查询 请假#1')).toContain('提前返岗（原为12月3日至12月7日（3天））');
  });

  it('an hour leave ends at the minute of return; after the leave 销假 changes nothing', async () => {
    const t = await start(TUESDAY);
    await say(t, '张伟', '请假 今天下午3点到5点');
    await say(t, '赵强', '批准 #1');
    t.clock.set('2026-12-01T16:00:00+08:00');
    expect(await say(t, '张伟', '销假 #1')).toContain('假期改为12月1日 15:00-16:00（1小时），原为12月1日 15:00-17:00（2小时）');
    expect(await leaveRow(t, 1)).toMatchObject({ endTime: '16:00', minutes: 60, days: 0.125 });
    await say(t, '张伟', '请假 明天上午');
    await say(t, '赵强', '批准 #2');
    t.clock.set('2026-12-02T13:30:00+08:00');
    expect(await say(t, '张伟', '销假 #2')).toBe('已销假：请假#2。欢迎回来！');
    expect(await leaveRow(t, 2)).toMatchObject({ status: 'returned', endHalf: 'am', days: 0.5, plannedEnd: null });
  });
});

describe('sick leave beyond LEAVE_SICK_NO_CERT_DAYS needs a photo of the certificate', () => {
  it('批准 is refused until a photo is attached; the approver is told when it arrives', async () => {
    const t = await start(TUESDAY);
    const reply = await say(t, '张伟', '请病假 12月2日至12月7日 发烧住院');
    expect(reply).toContain('病假 12月2日至12月7日（4天），待经理审批（已通知刘洋）');
    expect(reply).toContain('病假超过3天。病假需提供医生证明：请直接发送证明照片（或发送照片时写「请假#1」）');
    expect((await pushesTo(t, '刘洋'))[0]!.text).toContain('医生证明：尚未收到照片，收到后才能批准。');
    expect(await say(t, '刘洋', '批准 #1')).toBe('请假#1 是超过3天的病假，医生证明：尚未收到照片，收到后才能批准。已提醒张伟发送照片。如需驳回请发送「驳回 #1 原因」。');
    expect((await leaveRow(t, 1)).status).toBe('pending');
    expect((await pushesTo(t, '张伟')).at(-1)!.text).toContain('需要医生证明才能批准，请直接发送证明照片');

    // A photo alone goes onto the waiting sick leave.
    t.clock.advance(HOUR);
    expect(await sendPhotos(t, '张伟', '', 'media-cert-1')).toBe('已收到医生证明照片，已附在请假#1，已通知审批人刘洋。');
    expect(await t.prisma.leaveMedia.findMany()).toEqual([expect.objectContaining({ leaveId: 1, kind: 'image', platform: 'console', ref: 'media-cert-1', senderId: await idOf(t, '张伟') })]);
    expect(await t.prisma.ticketMedia.count()).toBe(0);
    expect((await pushesTo(t, '刘洋')).at(-1)!.text).toBe('请假#1（张伟）的医生证明已附上（照片1张），可以审批：「批准 #1」或「驳回 #1 原因」。');
    expect(await say(t, '张伟', '查询 请假#1')).toContain('医生证明：已附照片1张。');
    expect(await say(t, '刘洋', '批准 #1')).toContain('已批准请假#1');
  });

  it('photos in the 请病假 message itself go onto the request it creates', async () => {
    const t = await start(TUESDAY);
    const reply = await sendPhotos(t, '张伟', '请病假 12月2日至12月7日 肺炎', 'media-cert-with-request');
    expect(reply).toContain('已提交请假#1：病假 12月2日至12月7日（4天）');
    expect(reply).toContain('已收到医生证明照片，已附在请假#1，已通知审批人刘洋。');
    expect(await t.stores.leave.imageCount(1)).toBe(1);
    expect(await say(t, '刘洋', '批准 #1')).toContain('已批准');
  });

  it('a photo sent with 「请假#1」 goes onto that request, only the requester’s own; a short sick leave needs none', async () => {
    const t = await start(TUESDAY);
    await say(t, '张伟', '请病假 12月2日至12月7日');
    expect(await sendPhotos(t, '孙磊', '请假#1', 'media-x')).toBe('抱歉，只能给您本人的请假附证明照片。');
    expect(await sendPhotos(t, '张伟', '请假#1', 'media-cert-2', 'media-cert-3')).toContain('已附在请假#1');
    expect(await t.stores.leave.imageCount(1)).toBe(2);
    expect(await say(t, '刘洋', '批准 #1')).toContain('已批准');
    await say(t, '张伟', '请病假 12月14日至12月16日');
    expect((await leaveRow(t, 2)).certificateRequired).toBe(false);
    expect(await say(t, '赵强', '批准 #2')).toMatch(/需由主管或以上审批/);
    expect(await say(t, '陈静', '批准 #2')).toContain('已批准');
    expect((await outbox(t)).filter((r) => r.dedupeKey.startsWith('leave:2:certificate'))).toEqual([]);
  });
});
