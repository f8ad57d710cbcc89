// Directory first: a stranger who writes to the bot from a staff channel may report, sees no one else's data and
// acts on nothing until a lead confirms them; never takes an existing name; or is refused (UNKNOWN_SENDERS=refuse).
import { describe, expect, it } from 'vitest';
import { closeAfterEach } from '../helpers/cleanup.js';
import { say } from '../helpers/app.js';
import { APP_SECRET, robotText, setup, signedHeaders } from '../dingtalk/util.js';
import { newRepair, pushesTo } from '../workflows/util.js';
import type { TestApp } from '../helpers/app.js';

const closeLater = closeAfterEach();

/** A message from a DingTalk user the directory does not know, as a direct chat; returns the answer text. */
async function stranger(t: TestApp, text: string, staffId = 'stranger01', nick = '刘洋'): Promise<string> {
  t.clock.advance(1); // DingTalk signs every delivery with its own timestamp; a pair is bound to its first msgId
  const body = robotText({ text, group: false, staffId, nick, createAt: t.clock.now().getTime() });
  const res = await t.app.inject({ method: 'POST', url: '/dingtalk/robot', headers: signedHeaders(t.clock.now(), APP_SECRET), payload: JSON.stringify(body) });
  expect(res.statusCode).toBe(200);
  return (res.json() as { text?: { content: string } }).text?.content ?? '';
}

describe('a stranger in a staff channel (UNKNOWN_SENDERS=report-only, the default)', () => {
  it('may report, is registered unverified under a name of its own, and the leads hear about it once', async () => {
    const { t } = closeLater(await setup({ CONSOLE_ENABLED: 'true' }));
    const answer = await stranger(t, '报修 5栋1单元302 卫生间漏水');
    expect(answer).toMatch(/报修#1/);
    expect(answer).toContain('待核实');
    const p = (await t.stores.people.byAccount('dingtalk', 'stranger01'))!;
    expect(p).toMatchObject({ name: '刘洋（待核实）', verified: false, role: 'staff', team: null });
    // The real 刘洋 (经理) is still the one a name finds.
    expect((await t.stores.people.find('刘洋'))!.role).toBe('manager');
    const toLead = await pushesTo(t, '赵强');
    expect(toLead.filter((r) => r.text.includes('【新成员待核实】'))).toHaveLength(1);
    await stranger(t, '报修 5栋1单元302 又漏了');
    expect((await pushesTo(t, '赵强')).filter((r) => r.text.includes('【新成员待核实】'))).toHaveLength(1);
  });

  it("sees nothing personal of someone else's ticket and can act on nothing", async () => {
    const { t } = closeLater(await setup({ CONSOLE_ENABLED: 'true' }));
    const id = await newRepair(t, '王芳', '报修 7栋1单元803 厨房水管漏水 电话13912345678');
    for (const text of [`查询 #${id}`, `接单 #${id}`, `派单 #${id} 张伟`, `关闭 #${id}`, '请假 明天 事假', '交班 一切正常', '演练 列表']) {
      const answer = await stranger(t, text);
      expect(answer).toMatch(/身份还未核实|还不在值班台/);
      expect(answer).not.toMatch(/13912345678|1391|803|水管|王芳/);
    }
    expect((await t.stores.tickets.get(id))!.status).toBe('pending');
  });

  it('a lead confirms them with 核实 into their own team; then they work as staff', async () => {
    const { t } = closeLater(await setup({ CONSOLE_ENABLED: 'true' }));
    await stranger(t, '你好');
    const p = (await t.stores.people.byAccount('dingtalk', 'stranger01'))!;
    expect(await say(t, '张伟', `核实 ${p.id}`)).toMatch(/组长、主管或经理/);
    const done = await say(t, '赵强', `核实 ${p.id} 保安`);
    expect(done).toContain('归入工程组'); // a lead confirms into their own team, whatever they type
    const after = (await t.stores.people.byId(p.id))!;
    expect(after).toMatchObject({ verified: true, team: '工程' });
    expect(after.name).toBe(`刘洋${p.id}`); // 刘洋 is taken by a verified person
    expect((await pushesTo(t, after.name)).some((r) => r.text.includes('您的身份已由赵强核实'))).toBe(true);
    const id = await newRepair(t, '王芳');
    expect(await stranger(t, `接单 #${id}`)).toContain('已接单');
  });

  it('UNKNOWN_SENDERS=refuse: refused, nothing recorded about them but the inbound message', async () => {
    const { t } = closeLater(await setup({ UNKNOWN_SENDERS: 'refuse', CONSOLE_ENABLED: 'true' }));
    const answer = await stranger(t, '报修 5栋1单元302 卫生间漏水');
    expect(answer).toContain('还不在值班台的人员名单中');
    expect(await t.stores.people.byAccount('dingtalk', 'stranger01')).toBeNull();
    expect(await t.prisma.ticket.count()).toBe(0);
  });
});

describe('need to know', () => {
  it('full phone and room only to the people working the ticket; masked for other staff, also in free text and history', async () => {
    const { t } = closeLater(await setup({ CONSOLE_ENABLED: 'true' }));
    const id = await newRepair(t, '王芳', '报修 7栋1单元803 厨房水管漏水 住户说可以打 139-1234-5678');
    await say(t, '张伟', `接单 #${id}`);
    expect(await say(t, '张伟', `暂停 #${id} 王先生13987654321下午回电`)).toContain('已暂停计时');
    const guard = await say(t, '孙磊', `查询 #${id}`); // 保安: not working this repair
    expect(guard).toContain('7栋1单元***');
    expect(guard).not.toMatch(/803|13912345678|13987654321/);
    expect(guard).toContain('139****5678');
    expect(guard).toContain('139****4321'); // the phone in the pause note (history) is masked too
    const desk = await say(t, '周敏', `查询 #${id}`); // 客服 lead: the desk works every ticket
    expect(desk).toContain('7栋1单元803');
    expect(desk).toContain('13912345678');
    const inGroup = await say(t, '周敏', `查询 #${id}`, true); // the same query in a group chat
    expect(inGroup).not.toMatch(/803|13912345678|13987654321/);
  });
});
