// Follow-up by the desk: the desk (not the engineers) is asked to call and alerted when late; its call is recorded
// even after the resident rated; a low rating goes to the lead and the supervisor and reopens the follow-up;
// closing without a follow-up needs a supervisor and a reason.
import { describe, expect, it } from 'vitest';
import { DAY } from '../../src/clock.js';
import { say } from '../helpers/app.js';
import { closeAfterEach } from '../helpers/cleanup.js';
import { newRepair, ticketRow } from '../workflows/util.js';
import { deskApp, history, sweepAt, told } from './util.js';

const closeLater = closeAfterEach();

async function completed(t: Awaited<ReturnType<typeof deskApp>>) {
  const id = await newRepair(t, '王芳', '报修 7栋1单元803 卫生间漏水');
  await say(t, '张伟', `接单 #${id}`);
  await say(t, '张伟', `到场 #${id}`);
  await say(t, '张伟', `完工 #${id} 换了密封圈`);
  return id;
}

describe('follow-up by the desk', () => {
  it('the desk is asked to call and alerted when late; the engineers are not', async () => {
    const t = closeLater(await deskApp());
    const id = await completed(t);
    expect(await told(t, '【待回访】')).toEqual(['李娜', '周敏']);
    // 2 working days (Monday 09:00 → Wednesday 09:00): the warning (80 %) to the desk staff, the breach to the desk
    // and its lead, never to 工程.
    await sweepAt(t, 39 * 60);
    expect(await told(t, '回访时限')).toEqual(['李娜']);
    await sweepAt(t, 48 * 60 + 1);
    const late = await told(t, '回访已超时');
    expect(late).toEqual(['李娜', '周敏']);
    expect(late).not.toContain('张伟');
    expect(late).not.toContain('赵强');
    expect((await ticketRow(t, id)).status).toBe('completed');
  });

  it("回访 by the desk after the resident rated is recorded: who called, the rating, the note", async () => {
    const t = closeLater(await deskApp());
    const id = await completed(t);
    expect(await say(t, '王芳', `回访 #${id} 5`)).toContain('感谢您的评价');
    expect(await say(t, '李娜', `回访 #${id} 5 电话回访住户满意`)).toContain('已登记电话回访');
    const h = await history(t, id);
    expect(h.slice(-2)).toEqual([
      ['followed_up', '5分'],
      ['followed_up', '电话回访：5分：电话回访住户满意'],
    ]);
  });

  it('a low rating alerts the lead and the supervisor and reopens the follow-up', async () => {
    const t = closeLater(await deskApp());
    const id = await completed(t);
    const reply = await say(t, '王芳', `回访 #${id} 2 还是有点渗水`);
    expect(reply).toContain('主管会跟进');
    const alerted = await told(t, '【低分评价】');
    expect(alerted).toEqual(expect.arrayContaining(['赵强', '周敏', '陈静']));
    expect(alerted).not.toContain('张伟');
    expect((await ticketRow(t, id)).status).toBe('completed');
    expect((await history(t, id)).at(-1)).toEqual(['low_rating', '2分，重新回访']);
    const clock = await t.prisma.slaClock.findFirstOrThrow({ where: { itemId: id, clock: 'followup' } });
    expect(clock.active).toBe(true);
    expect(clock.dueAt.getTime()).toBeGreaterThan(t.clock.now().getTime() + DAY);
    // The desk's call with a good rating ends it.
    expect(await say(t, '李娜', `回访 #${id} 4 已复查不再渗水`)).toContain('已登记回访');
    expect((await ticketRow(t, id)).status).toBe('followed_up');
  });

  it('a complaint rated low opens its follow-up again too', async () => {
    const t = closeLater(await deskApp());
    await say(t, '王芳', '投诉 楼上装修太吵');
    await say(t, '李娜', '回复 #1 已联系楼上业主 下次回复 明天10点');
    await say(t, '李娜', '解决 #1 已约定施工时间');
    await say(t, '王芳', '回访 #1 3分 还是有点吵');
    expect((await ticketRow(t, 1)).status).toBe('resolved');
    expect(await told(t, '【低分评价】')).toEqual(expect.arrayContaining(['陈静']));
  });
});
