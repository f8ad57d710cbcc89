// The 20-minute rule in full, and emergencies: the desk is asked to call the resident when nobody arrived in time,
// 约定 records the agreed visit and the deadlines run from it; an emergency is paged at once to everyone who must
// act and again every 5 minutes until accepted.
import { describe, expect, it } from 'vitest';
import { MINUTE } from '../../src/clock.js';
import { say } from '../helpers/app.js';
import { closeAfterEach } from '../helpers/cleanup.js';
import { newRepair, ticketRow } from '../workflows/util.js';
import { deskApp, history, sweepAt, told } from './util.js';

const closeLater = closeAfterEach();

describe('the 20-minute rule', () => {
  it('at the arrival deadline the desk is asked to call, with the phone; 约定 then moves the deadlines', async () => {
    const t = closeLater(await deskApp());
    const id = await newRepair(t, '王芳', '报修 7栋1单元803 卫生间漏水');
    await say(t, '张伟', `接单 #${id}`);
    await sweepAt(t, 20);
    const asked = await told(t, '请致电业户解释原因，并约定完工时间');
    expect(asked).toEqual(['李娜', '周敏']);
    const call = (await t.prisma.outbox.findMany({ where: { text: { contains: '请致电业户' } } }))[0]!;
    expect(call.text).toContain('13800000001'); // the desk works the ticket: the full number
    expect(await told(t, '请致电业户')).not.toContain('孙磊');

    expect(await say(t, '李娜', `约定 #${id} 昨天下午3点`)).toMatch(/已经过去.*明天下午3点/);
    const agreed = await say(t, '李娜', `约定 #${id} 明天下午3点`);
    expect(agreed).toContain('上门时间11月24日 15:00');
    expect(agreed).toContain('完工时限11月24日 19:00');
    const row = await ticketRow(t, id);
    expect(row.appointmentAt).toEqual(new Date('2026-11-24T15:00:00+08:00'));
    expect((await history(t, id)).at(-1)).toEqual(['appointed', '约定上门：11月24日 15:00']);
    const arrival = await t.prisma.slaClock.findFirstOrThrow({ where: { itemId: id, clock: 'arrival' } });
    expect(arrival).toMatchObject({ active: true, dueAt: new Date('2026-11-24T15:00:00+08:00') });
    expect(await told(t, '约定上门时间')).toEqual(expect.arrayContaining(['张伟', '王芳']));
  });
});

describe('emergencies', () => {
  it('紧急报修 电梯困人 reaches the engineers, the lead, the supervisor and the manager at once, and repeats until accepted', async () => {
    const t = closeLater(await deskApp());
    const reply = await say(t, '李娜', '紧急报修 5栋电梯困人');
    expect(reply).toContain('紧急报修：已通知工程组、组长、主管和经理');
    const now = await told(t, '【紧急报修】');
    expect(now).toEqual(expect.arrayContaining(['张伟', '赵强', '陈静', '刘洋']));
    expect(now).not.toContain('孙磊');
    expect((await ticketRow(t, 1)).urgent).toBe(true);

    await sweepAt(t, 5);
    expect(await told(t, '第1次提醒')).toEqual(expect.arrayContaining(['张伟', '赵强', '陈静', '刘洋']));
    await sweepAt(t, 10);
    expect(await told(t, '第2次提醒')).toEqual(expect.arrayContaining(['张伟', '赵强', '陈静', '刘洋']));
    t.clock.advance(11 * MINUTE);
    await say(t, '张伟', '接单 #1');
    await sweepAt(t, 10);
    expect(await told(t, '第3次提醒')).toEqual([]);
  });

  it('a configured emergency word (漏到楼下) makes a resident report an emergency', async () => {
    const t = closeLater(await deskApp());
    await say(t, '王芳', '7栋1单元803 卫生间漏水了，已经漏到楼下了');
    expect((await ticketRow(t, 1)).urgent).toBe(true);
    expect(await told(t, '【紧急报修】')).toEqual(expect.arrayContaining(['刘洋']));
  });
});
