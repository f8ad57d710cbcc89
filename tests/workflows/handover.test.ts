import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE } from '../../src/clock.js';
import { buildTestApp, say, type TestApp } from '../helpers/app.js';
import { eventsOf, expectRefused, groupPushes, idOf, newRepair, pushesTo, ticketRow } from './util.js';

let t: TestApp;
afterEach(async () => t?.close());

const engineer = (name: string) => ({ name, role: 'staff' as const, team: '工程', phone: null });

describe('交班 / 接班', () => {
  it('urgent open work blocks 交班 until it is handed over with 移交; 接班 completes it', async () => {
    t = await buildTestApp();
    await t.stores.people.create(engineer('王磊'));
    const zhang = await idOf(t, '张伟');
    const wang = await idOf(t, '王磊');
    await newRepair(t, '王芳', '紧急报修 5栋1单元302 水管爆了');
    await newRepair(t, '李娜', '报修 2栋1单元101 门禁不灵');
    await say(t, '张伟', '接单 #1');
    await say(t, '张伟', '接单 #2');

    const blocked = await expectRefused(t, '张伟', '交班 夜班巡查正常', /重要的工作未处理完毕，不允许交班/);
    expect(blocked).toContain('报修#1（紧急）');
    expect(blocked).not.toContain('报修#2');
    expect(blocked).toContain('移交 #1');

    t.clock.advance(10 * MINUTE);
    const ok = await say(t, '张伟', '交班 夜班巡查正常 5栋水管已关总阀 移交 #1');
    expect(ok).toContain('已提交交班#1');
    expect(ok).toContain('移交：报修#1');
    expect(ok).toContain('待跟进：报修#2');
    const h = await t.prisma.handover.findUniqueOrThrow({ where: { id: 1 }, include: { items: { orderBy: { id: 'asc' } } } });
    expect(h).toMatchObject({ outgoingId: zhang, team: '工程', status: 'pending', incomingId: null });
    expect(h.dutyLog).toContain('夜班巡查正常');
    expect(h.confirmDueAt).toEqual(new Date('2026-11-23T09:40:00+08:00'));
    expect(h.items.map((i) => i.ticketId)).toEqual([1, 2]);
    expect((await groupPushes(t)).at(-1)!.text).toContain('接班');

    // Not the outgoing person, not another team.
    await expectRefused(t, '张伟', '接班', /不能确认自己的交班/);
    await expectRefused(t, '孙磊', '接班', /保安组目前没有待接班/);
    await expectRefused(t, '王芳', '接班', /接班由值班员工或组长确认/);

    t.clock.advance(5 * MINUTE);
    const took = await say(t, '王磊', '接班');
    expect(took).toContain('已接班（交班#1，张伟交出）');
    expect(took).toContain('夜班巡查正常');
    expect(took).toContain('报修#1');
    expect(took).toContain('报修#2');
    const done = await t.prisma.handover.findUniqueOrThrow({ where: { id: 1 } });
    expect(done).toMatchObject({ status: 'confirmed', incomingId: wang });
    expect(done.confirmedAt).toEqual(new Date('2026-11-23T09:15:00+08:00'));
    // The work changed hands, recorded on each ticket's history.
    expect((await ticketRow(t, 1)).assigneeId).toBe(wang);
    expect((await ticketRow(t, 2)).assigneeId).toBe(wang);
    expect((await eventsOf(t, 1)).at(-1)).toMatchObject({ action: 'handover', fromStatus: 'accepted', toStatus: 'accepted', note: '交班#1：张伟 → 王磊' });
    // The lead is told; the outgoing person too.
    expect((await pushesTo(t, '赵强')).at(-1)!.text).toContain('张伟 → 王磊 已完成交接');
    expect((await pushesTo(t, '张伟')).at(-1)!.text).toContain('王磊已接班');
    const clock = await t.prisma.slaClock.findFirstOrThrow({ where: { itemType: 'handover', itemId: 1 } });
    expect(clock).toMatchObject({ clock: 'confirm', active: false });

    await expectRefused(t, '王磊', '接班', /没有待接班/);
    // The new owner may now carry on.
    expect(await say(t, '王磊', '到场 #1')).toContain('已登记到场');
  });

  it('a ticket dispatched to the outgoing person blocks too', async () => {
    t = await buildTestApp();
    await newRepair(t, '李娜', '紧急报修 1栋电梯困人');
    await say(t, '李娜', '派单 #1 张伟');
    await expectRefused(t, '张伟', '交班 一切正常', /不允许交班/);
    expect(await say(t, '张伟', '交班 一切正常 移交#1')).toContain('交班#1');
  });

  it('without open work the handover has no items', async () => {
    t = await buildTestApp();
    const r = await say(t, '孙磊', '交班 夜班巡逻4次，无异常');
    expect(r).toContain('无待跟进工单');
    expect(await t.prisma.handoverItem.count()).toBe(0);
  });

  it('refusals: no duty log, a second 交班 while pending, an unknown ticket, residents and supervisors', async () => {
    t = await buildTestApp();
    await expectRefused(t, '孙磊', '交班', /请写明值班情况/);
    await expectRefused(t, '孙磊', '交班 正常 移交 #99', /没有找到工单 #99/);
    await expectRefused(t, '王芳', '交班 正常', /交班由值班员工或组长登记/);
    await expectRefused(t, '陈静', '交班 正常', /交班由值班员工或组长登记/);
    await say(t, '孙磊', '交班 正常');
    await expectRefused(t, '孙磊', '交班 补充', /还在等待接班/);
  });

  it('接班 #n picks a handover; the right team only', async () => {
    t = await buildTestApp();
    await t.stores.people.create({ name: '钱亮', role: 'staff', team: '保安', phone: null });
    await say(t, '孙磊', '交班 正常');
    await expectRefused(t, '张伟', '接班 #1', /需由该组同事接班/);
    expect(await say(t, '钱亮', '接班 #1')).toContain('已接班');
    await expectRefused(t, '钱亮', '接班 #1', /已完成接班/);
  });
});
