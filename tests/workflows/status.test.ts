import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE } from '../../src/clock.js';
import { buildTestApp, say, type TestApp } from '../helpers/app.js';
import { eventsOf, expectRefused, newComplaint, newRepair } from './util.js';

let t: TestApp;
afterEach(async () => t?.close());

describe('查询', () => {
  it('shows the ticket with its history in Asia/Shanghai time and the next step', async () => {
    t = await buildTestApp();
    await newRepair(t, '王芳');
    t.clock.advance(7 * MINUTE);
    await say(t, '赵强', '派单 #1 张伟');
    t.clock.advance(3 * MINUTE);
    await say(t, '张伟', '接单 #1');
    const shown = await say(t, '李娜', '查询 #1');
    expect(shown.split('\n')).toEqual([
      '报修#1 已接单',
      '类别：水电（工程组）',
      '位置：3栋2单元1502',
      '内容：厨房水管漏水',
      '电话：13800000001',
      '处理人：张伟',
      '记录：',
      '11月23日 09:00 王芳 登记 → 待派单：类别：水电，工程组',
      '11月23日 09:07 赵强 派单 → 已派单：派给张伟',
      '11月23日 09:10 张伟 接单 → 已接单',
      '下一步：到场 #1',
    ]);
  });

  it('masks the phone in a group chat', async () => {
    t = await buildTestApp();
    await newRepair(t, '王芳');
    expect(await say(t, '李娜', '查询 #1', true)).toContain('电话：138****0001');
  });

  it('a resident sees only their own tickets', async () => {
    t = await buildTestApp();
    await t.stores.people.create({ name: '赵敏', role: 'resident', team: null, phone: null });
    await newRepair(t, '王芳');
    await newComplaint(t, '王芳', '投诉 @孙磊 态度差');
    await expectRefused(t, '赵敏', '查询 #1', /只能查询您本人提交的工单/);
    await expectRefused(t, '赵敏', '查询 #2', /只能查询您本人提交的工单/);
    const own = await say(t, '王芳', '查询 #2');
    expect(own).toContain('投诉#2 已受理');
    expect(own).not.toContain('被投诉人'); // internal detail, staff only
    expect(await say(t, '李娜', '查询 #2')).toContain('被投诉人：孙磊（回避）');
  });

  it('查询 alone lists my open tickets', async () => {
    t = await buildTestApp();
    await newRepair(t, '王芳');
    await newComplaint(t, '王芳');
    const mine = await say(t, '王芳', '查询');
    expect(mine).toContain('报修#1');
    expect(mine).toContain('投诉#2');
    expect(await say(t, '张伟', '查询')).toContain('没有进行中的工单');
    await say(t, '张伟', '接单 #1');
    expect(await say(t, '张伟', '查询')).toContain('报修#1');
  });

  it('an unknown number or a missing number is explained', async () => {
    t = await buildTestApp();
    await expectRefused(t, '李娜', '查询 #42', /没有找到工单 #42/);
    await expectRefused(t, '张伟', '接单', /请注明单号，例如「接单 #12」/);
    await newComplaint(t);
    await expectRefused(t, '张伟', '接单 #1', /#1 是投诉单/);
  });
});

describe('history', () => {
  it('is append-only: each change adds one event with the actor and the inbound message; refusals add none', async () => {
    t = await buildTestApp();
    await newRepair(t, '王芳');
    const first = await eventsOf(t, 1);
    await say(t, '张伟', '接单 #1');
    await expectRefused(t, '赵强', '接单 #1', /已由张伟接单/);
    await expectRefused(t, '孙磊', '到场 #1', /只有接单的维修人员/);
    await say(t, '张伟', '到场 #1');
    const all = await eventsOf(t, 1);
    expect(all).toHaveLength(3);
    expect(all.slice(0, first.length)).toEqual(first); // earlier rows untouched
    for (const e of all) {
      const inbound = await t.prisma.inboundMessage.findUniqueOrThrow({ where: { id: e.inboundId! } });
      const actor = await t.prisma.person.findUniqueOrThrow({ where: { id: e.actorId! } });
      expect(inbound.senderId).toBe(String(actor.id));
    }
    expect(all.map((e) => e.actorId)).toEqual([1, 3, 3].map((n) => n)); // 王芳, 张伟, 张伟 (seed order)
  });

  it('a platform retry of the same message records nothing twice', async () => {
    t = await buildTestApp();
    const { consoleMessage } = await import('../../src/bot/console/plugin.js');
    const msg = consoleMessage(1, '报修 3栋2单元1502 厨房水管漏水', false, t.clock.now());
    await t.runtime.dispatcher.handle(msg);
    await t.runtime.dispatcher.handle(msg);
    expect(await t.prisma.ticket.count()).toBe(1);
    expect(await t.prisma.ticketEvent.count()).toBe(1);
  });
});
