// What a group reads, after a day of all four workflows with phone numbers and room numbers in free text and a
// complaint naming a member of staff: no full phone number, no room number, no accused name, no complaint text.
// And recusal reaches the alerts: an accused supervisor hears nothing about the complaint against her.
import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../../src/clock.js';
import { runAllJobs } from '../../src/scheduler.js';
import { buildTestApp, say, type TestApp } from '../helpers/app.js';
import { closeAfterEach } from '../helpers/cleanup.js';
import { idOf, outbox } from '../workflows/util.js';

const closeLater = closeAfterEach();

/** Every job as cron would run it, every 10 minutes from now for `hours`. */
async function runDay(t: TestApp, hours: number) {
  for (let m = 10; m <= hours * 60; m += 10) {
    t.clock.advance(10 * MINUTE);
    await runAllJobs(t.runtime, t.clock.now(), ['sla-sweep', 'drill-reminders']);
  }
  await runAllJobs(t.runtime, t.clock.now(), ['daily-digest']);
}

const PHONE = /1[3-9]\d(?:[\s-]?\d){8}/;

describe('group chats', () => {
  it('never carry a full phone number, a room number, an accused name or a complaint text', async () => {
    const t = closeLater(await buildTestApp());
    // 报修 in the group, with a phone in free text; a resident's own report in a direct chat.
    await say(t, '李娜', '报修 8栋2单元502 厨房水管漏水 王先生 138-1234-5678', true);
    await say(t, '王芳', '7栋1单元803 卫生间漏水了，电话 13912345678');
    await say(t, '张伟', '接单 #1', true);
    // 投诉 naming a guard, typed in the group.
    await say(t, '李娜', '投诉 5栋3单元1201 保安孙磊态度恶劣，业主电话13700001111', true);
    await say(t, '李娜', '查询 #3', true);
    // 请假 and 交班 with phone numbers in the reason and the duty log.
    await say(t, '张伟', '请假 明天 事假 联系 13600002222', true);
    await say(t, '张伟', '交班 8栋502王先生13987654321下午要回电 移交 #1', true);
    await say(t, '赵强', '接班', true);
    await say(t, '李娜', '查询 #1', true);
    await runDay(t, 30);

    const groupRows = (await outbox(t)).filter((r) => r.channel === 'console-group');
    expect(groupRows.length).toBeGreaterThan(5);
    for (const r of groupRows) {
      expect(r.text, r.dedupeKey).not.toMatch(PHONE);
      expect(r.text, r.dedupeKey).not.toMatch(/502|803|1201/);
      expect(r.text, r.dedupeKey).not.toContain('孙磊');
      expect(r.text, r.dedupeKey).not.toContain('态度恶劣');
    }
    // The group does hear about the complaint: number, place, deadline.
    expect(groupRows.some((r) => r.text.includes('【新投诉】投诉#3') && r.text.includes('5栋3单元***'))).toBe(true);
  });

  it('replies in a group chat are masked the same way', async () => {
    const t = closeLater(await buildTestApp());
    const reply = await say(t, '李娜', '投诉 5栋3单元1201 保安孙磊态度恶劣，业主电话13700001111', true);
    expect(reply).toContain('投诉#1');
    expect(reply).not.toMatch(/孙磊|态度恶劣|1201|13700001111/);
    await say(t, '张伟', '交班 8栋502王先生13987654321下午要回电', true);
    const takeover = await say(t, '赵强', '接班', true); // the reply shows the duty log
    expect(takeover).toContain('值班情况');
    expect(takeover).not.toMatch(/13987654321|502/);
    expect(takeover).toContain('139****4321');
    expect(await say(t, '赵强', '接班 #1')).toContain('已完成接班'); // in a direct chat nothing is hidden from the lead
  });
});

describe('recusal in alerts', () => {
  it('a complaint against a supervisor never reaches her: creation, every alert level, the digest', async () => {
    const t = closeLater(await buildTestApp());
    await t.stores.people.create({ name: '黄蕾', role: 'supervisor', team: '客服', phone: null });
    const reply = await say(t, '王芳', '投诉 客服主管陈静态度很差，电话不回');
    expect(reply).toContain('投诉#1');
    expect((await t.stores.tickets.get(1))!.accusedId).toBe(await idOf(t, '陈静'));
    await runDay(t, 6); // past 200 % of the 2-hour first-reply deadline
    const chen = await idOf(t, '陈静');
    const rows = await outbox(t);
    expect(rows.filter((r) => r.personId === chen && r.text.includes('投诉#1'))).toEqual([]);
    // The ladder went one level up instead: the other supervisor and the manager were told.
    const alerts = rows.filter((r) => r.dedupeKey.startsWith('sla:ticket:1:'));
    const told = new Set(alerts.map((r) => r.personId));
    expect(told.has(await idOf(t, '黄蕾'))).toBe(true);
    expect(told.has(await idOf(t, '刘洋'))).toBe(true);
  });

  it('an accused lead finds no line about the complaint in her digest', async () => {
    const t = closeLater(await buildTestApp());
    await say(t, '王芳', '投诉 客服组长周敏处理太慢');
    t.clock.advance(9 * HOUR); // 18:00
    await runAllJobs(t.runtime, t.clock.now(), ['daily-digest']);
    const zhou = await idOf(t, '周敏');
    const digest = (await outbox(t)).find((r) => r.personId === zhou && r.dedupeKey.startsWith('digest:'))!;
    expect(digest.text).not.toContain('投诉#1');
    const zhaoId = await idOf(t, '赵强');
    const zhao = (await outbox(t)).find((r) => r.personId === zhaoId && r.dedupeKey.startsWith('digest:'));
    expect(zhao).toBeDefined();
  });
});
