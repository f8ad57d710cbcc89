// 停用 / 启用: a supervisor or manager takes someone out of service; their unfinished tickets go back to their lead with
// a history line each, the lead hears once, and the person is refused and reached by no push until 启用.
import { afterEach, describe, expect, it } from 'vitest';
import { toPerson } from '../../src/handlers/outcome.js';
import type { AlertItem } from '../../src/handlers/sla/alert-item.js';
import { directoryOf, recipientsFor } from '../../src/handlers/sla/recipients.js';
import { buildTestApp, consoleAuth, say, type TestApp } from '../helpers/app.js';
import { eventsOf, expectRefused, idOf, newComplaint, newRepair, pushesTo, ticketRow } from '../workflows/util.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const person = (app: TestApp, id: number) => app.prisma.person.findUniqueOrThrow({ where: { id } });

/** Says `text` as a person by number (the test helper finds people by name among the active ones only). */
async function sayAs(app: TestApp, id: number, text: string): Promise<string> {
  const res = await app.app.inject({ method: 'POST', url: '/console/api/say', payload: { as: id, text }, headers: consoleAuth(app) });
  return (res.json() as { reply: { text: string } | null }).reply?.text ?? '';
}

describe('停用', () => {
  it("hands the person's unfinished tickets back to their lead, tells the lead once, and shuts the person out", async () => {
    t = await buildTestApp();
    await t.stores.people.create({ name: '王磊', role: 'staff', team: '工程', phone: null });
    const zhang = await idOf(t, '张伟');
    const zhao = await idOf(t, '赵强');
    await newRepair(t, '王芳', '报修 3栋2单元1502 厨房水管漏水');
    await say(t, '张伟', '接单 #1');
    await newRepair(t, '李娜', '报修 2栋1单元101 门禁不灵');
    await say(t, '李娜', '派单 #2 张伟');
    await newRepair(t, '李娜', '报修 5栋大堂 灯不亮');
    await say(t, '张伟', '接单 #3');
    await say(t, '张伟', '到场 #3');
    await say(t, '张伟', '完工 #3 更换灯管');
    await newRepair(t, '李娜', '报修 6栋 电梯按钮失灵');
    await say(t, '王磊', '接单 #4');
    const before = (await pushesTo(t, '赵强')).length;

    // Staff and leads may not; a supervisor may.
    await expectRefused(t, '李娜', '停用 张伟', /停用或启用人员由主管或经理操作/);
    await expectRefused(t, '赵强', '停用 张伟', /停用或启用人员由主管或经理操作/);
    await expectRefused(t, '陈静', '停用 刘洋', /刘洋是经理，需由经理操作/);
    await expectRefused(t, '陈静', '停用 陈静', /不能停用或启用自己的账号/);
    const reply = await say(t, '陈静', '停用 张伟');
    expect(reply).toContain(`已停用：张伟（工程，编号 ${zhang}）`);
    expect(reply).toContain('名下未完成工单 #1 #2 #3 已退回组长赵强（已通知）');
    expect(reply).toContain(`如需恢复，发送「启用 ${zhang}」。`);
    expect((await person(t, zhang)).active).toBe(false);

    // Accepted work goes back to 已派单 with the lead, so he may pass it on; dispatched and completed keep their status.
    expect(await ticketRow(t, 1)).toMatchObject({ status: 'dispatched', assigneeId: zhao });
    expect(await ticketRow(t, 2)).toMatchObject({ status: 'dispatched', assigneeId: zhao });
    expect(await ticketRow(t, 3)).toMatchObject({ status: 'completed', assigneeId: zhao });
    expect(await ticketRow(t, 4)).toMatchObject({ status: 'accepted', assigneeId: await idOf(t, '王磊') });
    const note = '停用：原负责人张伟已停用，退回组长赵强';
    expect((await eventsOf(t, 1)).at(-1)).toMatchObject({ action: 'handed_back', fromStatus: 'accepted', toStatus: 'dispatched', note, actorId: await idOf(t, '陈静') });
    expect((await eventsOf(t, 2)).at(-1)).toMatchObject({ action: 'handed_back', fromStatus: 'dispatched', toStatus: 'dispatched', note });
    expect((await eventsOf(t, 3)).at(-1)).toMatchObject({ action: 'handed_back', fromStatus: 'completed', toStatus: 'completed', note });
    expect((await eventsOf(t, 4)).map((e) => e.action)).not.toContain('handed_back');
    expect(await say(t, '赵强', '查询 #1')).toContain('退回 → 已派单：停用：原负责人张伟已停用，退回组长赵强');

    // The lead hears once, with the whole list.
    const told = (await pushesTo(t, '赵强')).slice(before);
    expect(told).toHaveLength(1);
    expect(told[0]!.dedupeKey).toMatch(new RegExp(`^person:${zhang}:deactivated:\\d+:lead:${zhao}$`));
    expect(told[0]!.text).toContain('【人员停用】张伟（工程）已由陈静停用，名下 3 张未完成工单退回给您：');
    expect(told[0]!.text).toContain('报修#1 3栋2单元1502 厨房水管漏水（已接单 → 已派单）');
    expect(told[0]!.text).toContain('报修#3');
    expect(await say(t, '陈静', '停用 张伟')).toContain('已经停用，无需重复');
    expect((await pushesTo(t, '赵强')).slice(before)).toHaveLength(1);

    // The person: refused with a clear word, changing nothing; no push reaches them; not a dispatch target.
    expect(await sayAs(t, zhang, '接单 #2')).toBe('您的账号已停用，不能再使用值班台的指令。如有疑问，请联系主管或客服中心。');
    expect(await ticketRow(t, 2)).toMatchObject({ status: 'dispatched', assigneeId: zhao });
    expect(await t.runtime.notifyRouter.rows(toPerson(zhang, '测试', 'test:zhang'), t.clock.now(), t.stores)).toEqual([]);
    await expectRefused(t, '李娜', '派单 #2 张伟', /不在工程组名单中/);
    // An alert ladder whose owner was deactivated skips them (e.g. a drill they owned).
    const dir = directoryOf(await t.stores.people.list());
    const item: AlertItem = { ref: '演练#1', summary: '', groupSummary: '', recusedId: null, ownerId: zhang, team: '工程', open: true, label: () => '演练', action: () => '演练 完成 #1' };
    expect(recipientsFor(0, item, dir)).toEqual([{ kind: 'duty-group' }]);
    expect(recipientsFor(1, item, dir)).toContainEqual({ kind: 'person', personId: zhao });
    expect(recipientsFor(1, item, dir)).not.toContainEqual({ kind: 'person', personId: zhang });
    expect(await say(t, '赵强', '派单 #1 王磊')).toContain('已派单：报修#1 → 王磊');

    // 启用 brings the account back (the work stays where it went).
    expect(await sayAs(t, zhang, '帮助')).toContain('账号已停用');
    expect(await say(t, '刘洋', '启用 张伟')).toContain(`已启用：张伟（工程，编号 ${zhang}）`);
    expect((await person(t, zhang)).active).toBe(true);
    expect((await pushesTo(t, '张伟')).at(-1)!.text).toContain('您的值班台账号已由刘洋重新启用');
    expect(await say(t, '张伟', '帮助')).toContain('报修');
    expect(await say(t, '刘洋', '启用 张伟')).toContain('正在使用中，无需启用');
    expect((await ticketRow(t, 2)).assigneeId).toBe(zhao);
  });

  it('a complaint goes back to the desk lead; with no lead the ticket is unassigned and the supervisors hear', async () => {
    t = await buildTestApp();
    await newComplaint(t, '王芳', '投诉 7栋1单元803 楼道垃圾三天没人清理');
    await say(t, '李娜', '回复 #1 已安排保洁 下次回复 明天10点');
    const sun = await idOf(t, '孙磊');
    const gate = await t.stores.tickets.create(
      { kind: 'repair', status: 'accepted', description: '东门道闸抬杆故障', team: '保安', assigneeId: sun },
      { actorId: sun, action: 'created', at: t.clock.now() },
    );

    expect(await say(t, '陈静', '停用 李娜')).toContain('名下未完成工单 #1 已退回组长周敏（已通知）');
    expect(await ticketRow(t, 1)).toMatchObject({ status: 'replied', assigneeId: await idOf(t, '周敏') });
    expect((await eventsOf(t, 1)).at(-1)).toMatchObject({ action: 'handed_back', note: '停用：原负责人李娜已停用，退回组长周敏' });
    expect((await pushesTo(t, '周敏')).filter((p) => p.dedupeKey.includes(':deactivated:'))).toHaveLength(1);

    // 保安 has no lead: back to 待派单, unassigned; the supervisor is told.
    const r = await say(t, '刘洋', '停用 孙磊');
    expect(r).toContain(`名下未完成工单 #${gate.id} 已退回待重新分派（已通知主管）`);
    expect(await ticketRow(t, gate.id)).toMatchObject({ status: 'pending', assigneeId: null });
    expect((await eventsOf(t, gate.id)).at(-1)).toMatchObject({ fromStatus: 'accepted', toStatus: 'pending', note: '停用：原负责人孙磊已停用，退回保安组待重新分派' });
    const sup = (await pushesTo(t, '陈静')).filter((p) => p.dedupeKey.includes(`person:${sun}:deactivated:`));
    expect(sup).toHaveLength(1);
    expect(sup[0]!.text).toContain('没有组长可以接手');
  });

  it('asks for the number when a name is shared, and names leave only the deactivated person could decide', async () => {
    t = await buildTestApp();
    const other = await t.stores.people.create({ name: '张伟', role: 'staff', team: '保安', phone: null });
    await expectRefused(t, '陈静', '停用 张伟', /名单中有 2 位「张伟」：张伟（工程，编号 \d+）、张伟（保安，编号 \d+）。请写人员编号，例如「停用 \d+」/);
    expect(await say(t, '陈静', `停用 ${other.id}`)).toContain(`已停用：张伟（保安，编号 ${other.id}）`);
    expect(await say(t, '陈静', '停用 张三')).toContain('名单中没有「张三」');

    // Two managers; 刘洋's own leave can only be decided by 吴总. 刘洋 deactivates 吴总: the leave is named, not changed.
    await t.stores.people.create({ name: '吴总', role: 'manager', team: null, phone: null });
    expect(await say(t, '刘洋', '请假 12月1日至12月2日 事假 家里有事')).toContain('请假#1');
    const r = await say(t, '刘洋', '停用 吴总');
    expect(r).toContain('请假#1 原本只有吴总能审批，现在没有其他人可以审批');
    expect((await t.prisma.leaveRequest.findUniqueOrThrow({ where: { id: 1 } })).status).toBe('pending');
  });

  it('residents saying 停用 are not giving a command', async () => {
    t = await buildTestApp();
    const r = await say(t, '王芳', '停用燃气了吗');
    expect(r).not.toContain('停用或启用人员');
    expect(await t.prisma.person.count({ where: { active: false } })).toBe(0);
  });
});
