import { afterEach, describe, expect, it } from 'vitest';
import { fromLocal } from '../../src/clock.js';
import { buildTestApp, say, type TestApp } from '../helpers/app.js';
import { signIn } from './util.js';

let t: TestApp;
afterEach(async () => t?.close());

async function week(app: TestApp) {
  const zhang = (await app.stores.people.find('张伟'))!;
  const li = (await app.stores.people.find('李娜'))!;
  for (const [p, team, day] of [[zhang, '工程', '2026-11-23'], [li, '客服', '2026-11-24']] as const) {
    await app.stores.roster.add({ propertyId: 1, team, personId: p.id, date: day, shift: '白班', startsAt: fromLocal(day, '08:00', 480), endsAt: fromLocal(day, '20:00', 480), kind: 'shift', coversPersonId: null, source: 'import', changeId: null });
  }
  expect(await say(app, '张伟', '请假 11月25日 事假 家里有事')).toContain('请假#1');
  await app.stores.drills.create({ kind: 'custom', title: '消防疏散<演练>', dueAt: fromLocal('2026-11-26', '10:00', 480), team: '工程' });
}

describe('日程 and 人员 pages', () => {
  it('the week: roster, leave, drills, each viewer within their scope', async () => {
    t = await buildTestApp();
    await week(t);
    const boss = await (await signIn(t, '陈静')).get('/dashboard/calendar');
    expect(boss.status).toBe(200);
    expect(boss.body).toContain('11月23日周一');
    expect(boss.body).toMatch(/工程 张伟 白班 08:00-20:00/);
    expect(boss.body).toMatch(/客服 李娜 白班/);
    expect(boss.body).toMatch(/张伟 事假 11月25日[^<]*<span class="tag">待审批/);
    expect(boss.body).toContain('消防疏散&lt;演练&gt;');
    const lead = (await (await signIn(t, '赵强')).get('/dashboard/calendar')).body;
    expect(lead).toContain('张伟 白班');
    expect(lead).not.toContain('李娜');
    const li = (await (await signIn(t, '李娜')).get('/dashboard/calendar')).body;
    expect(li).toContain('李娜 白班');
    expect(li).not.toContain('张伟');
    expect((await (await signIn(t, '陈静')).get('/dashboard/calendar?week=2026-11-30')).body).not.toContain('张伟');
  });

  it('人员: supervisors take someone out of service from the page through the chat command', async () => {
    t = await buildTestApp();
    const zhang = (await t.stores.people.find('张伟'))!;
    const b = await signIn(t, '陈静');
    const page = await b.get('/dashboard/people');
    expect(page.body).toContain(`action="/dashboard/people/${zhang.id}"`);
    expect(page.body).not.toContain('王芳');
    expect((await b.post(`/dashboard/people/${zhang.id}`, { verb: '停用' }, { csrf: false })).status).toBe(403);
    const done = await b.post(`/dashboard/people/${zhang.id}`, { verb: '停用' });
    expect(done.body).toContain(`已发送「停用 ${zhang.id}」`);
    expect((await t.stores.people.byId(zhang.id))!.active).toBe(false);
    // A lead sees the team and no buttons; the rules refuse a lead's 停用 as they do in chat.
    const lead = await signIn(t, '赵强');
    const leadPage = await lead.get('/dashboard/people');
    expect(leadPage.body).not.toContain('action="/dashboard/people/');
    expect(leadPage.body).not.toContain('李娜');
    const li = (await t.stores.people.find('李娜'))!;
    await lead.post(`/dashboard/people/${li.id}`, { verb: '停用' });
    expect((await t.stores.people.byId(li.id))!.active).toBe(true);
  });
});
