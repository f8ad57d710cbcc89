// The dashboard in a real browser (Debian's chromium through playwright-core): sign in with the chat link, the board
// after a scripted morning (live updates without reload), filter the list, open an item, dispatch from the page and
// see the history line, open the report. Screenshots go to tests/artifacts/ for a person to look at.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Locator } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { fromLocal, MINUTE } from '../../src/clock.js';
import { buildTestApp, say, type TestApp } from '../helpers/app.js';
import { linkIn, pathOf } from './util.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.resolve('tests/artifacts');
const present = existsSync(CHROMIUM);
// In CI the browser is installed by .ci/run: a missing one is a failure there, not a skip.
if (!present && process.env.CI) throw new Error(`CI needs ${CHROMIUM}: .ci/run installs Debian's chromium and fonts-noto-cjk`);
if (!present) console.warn(`跳过浏览器测试：未找到 ${CHROMIUM}（apt-get install chromium） skipping the browser test: no chromium at ${CHROMIUM}`);

/** Waits until the element shows the text (playwright-core has no expect of its own). */
const shows = (loc: Locator, text: string) => loc.filter({ hasText: text }).first().waitFor({ timeout: 10_000 });

let t: TestApp | undefined;
let browser: Browser | undefined;
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function scriptedMorning(app: TestApp) {
  const zhang = (await app.stores.people.find('张伟'))!;
  const li = (await app.stores.people.find('李娜'))!;
  const day = '2026-11-23';
  for (const [p, team] of [[zhang, '工程'], [li, '客服']] as const) {
    await app.stores.roster.add({ propertyId: 1, team, personId: p.id, date: day, shift: '白班', startsAt: fromLocal(day, '08:00', 480), endsAt: fromLocal(day, '20:00', 480), kind: 'shift', coversPersonId: null, source: 'import', changeId: null });
  }
  await say(app, '王芳', '报修 3栋2单元1502 厨房水管漏水 <script>alert(1)</script>');
  app.clock.advance(10 * MINUTE);
  await say(app, '王芳', '投诉 7栋1单元803 楼道垃圾三天没人清理');
  await say(app, '王芳', '小区游泳池几点开门');
  await say(app, '李娜', '报修 5栋1单元302 客厅灯不亮');
  await say(app, '李娜', '派单 #4 张伟');
  app.clock.advance(25 * MINUTE);
}

describe.skipIf(!present)('dashboard in a real browser', () => {
  it('signs in through a chat link, sees the board, filters, opens an item, dispatches and sees the history line', { timeout: 120_000 }, async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await buildTestApp({ env: { WEB_POLL_SECONDS: '2' } });
    await scriptedMorning(t);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const alerts: string[] = [];
    page.on('dialog', async (d) => {
      alerts.push(d.message());
      await d.dismiss();
    });

    // 1. Sign in: the link from chat, opened in the browser, lands on the board.
    await page.goto(base + pathOf(linkIn(await say(t, '陈静', '登录'))));
    await page.waitForURL(`${base}/dashboard`);
    await shows(page.locator('header'), '陈静（主管');
    await shows(page.locator('#overdue'), '#1');
    await shows(page.locator('#cards'), '未完成报修');
    await shows(page.locator('#duty'), '张伟');
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-board.png'), fullPage: true });

    // Live: a new report shows up on the board by polling, no reload.
    const before = await page.locator('#cards .card').first().innerText();
    await say(t, '王芳', '报修 8栋2单元602 卫生间漏水');
    await page.waitForFunction(`document.querySelector('#cards .card').innerText !== ${JSON.stringify(before)}`, undefined, { timeout: 10_000 });
    await shows(page.locator('#cards .card').first(), '3');

    // 2. Filter the list: repairs only.
    await page.click('header a[href="/dashboard/tickets"]');
    await page.selectOption('select[name="type"]', 'repair');
    await page.click('form.filters button');
    await page.waitForURL(/type=repair/);
    await shows(page.locator('.pager'), '共 3 条');
    expect(await page.locator('tbody').innerText()).not.toContain('游泳池');
    await shows(page.locator('tbody'), '<script>alert(1)</script>');
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-tickets.png'), fullPage: true });

    // Download the filtered list as CSV: a UTF-8 BOM, Chinese headers, the three repairs and nothing else.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a:has-text("导出 CSV")')]);
    const file = path.join(ARTIFACTS, 'tickets-export.csv');
    await download.saveAs(file);
    const csv = readFileSync(file, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^单号,类型,状态,类别/);
    expect(lines).toHaveLength(4);
    expect(csv).not.toContain('游泳池');

    // 3. Open #1 and dispatch it to 张伟 from the page.
    await page.click('a[href="/dashboard/tickets/1"]');
    await shows(page.locator('h1'), '报修 #1');
    const dispatch = page.locator('form:has(button[data-verb="派单"])');
    await dispatch.locator('input[name="arg"]').fill('张伟');
    await dispatch.locator('button').click();
    await shows(page.locator('#flash'), '报修#1 → 张伟');
    await shows(page.locator('#timeline li').last(), '陈静 派单');
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-ticket.png'), fullPage: true });
    expect((await t.stores.tickets.get(1))!.status).toBe('dispatched');

    // 4. The report page draws with the ECharts served by this server.
    await page.click('header a[href="/dashboard/reports"]');
    await page.waitForFunction('typeof window.echarts === "object"');
    // This month's figures (the link the monthly summary sends in chat names the month).
    await page.goto(`${base}/dashboard/reports?month=2026-11`);
    await shows(page.locator('#note'), '投诉 1 件');
    await page.waitForFunction(`document.querySelectorAll('#byCategory canvas').length > 0`);
    await shows(page.locator('#note'), '评价回收率');
    await page.waitForFunction(`document.querySelectorAll('#surveys canvas').length > 0`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-reports.png'), fullPage: true });

    await page.goto(`${base}/dashboard/calendar`);
    await shows(page.locator('tbody'), '张伟');
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-calendar.png'), fullPage: true });

    // A phone-sized screen (inside the chat app's browser).
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: 'zh-CN' });
    await phone.context().addCookies(await page.context().cookies());
    await phone.goto(`${base}/dashboard`);
    await shows(phone.locator('#cards'), '未完成报修');
    await phone.screenshot({ path: path.join(ARTIFACTS, 'dashboard-board-phone.png'), fullPage: true });

    // 5. 人员 on the phone: upload a CSV, see the preview, confirm, see the new person in the list (phone masked).
    await phone.goto(`${base}/dashboard/people`);
    const csvFile = '\uFEFF姓名,角色,组别,企业微信账号,钉钉账号,手机号,在职,项目\n韩梅,员工,工程,hanmei,,13912345678,是,\n孙磊,员工,保安,,,,否,\n';
    await phone.setInputFiles('#import-csv', { name: '人员名单.csv', mimeType: 'text/csv', buffer: Buffer.from(csvFile) });
    await phone.click('#import-form button');
    await shows(phone.locator('h1'), '导入预览');
    await shows(phone.locator('.cards'), '新增');
    await shows(phone.locator('table').first(), '韩梅');
    expect(await phone.locator('body').innerText()).not.toContain('13912345678');
    const fits = 'document.documentElement.scrollWidth <= window.innerWidth';
    expect(await phone.evaluate(fits)).toBe(true);
    await phone.screenshot({ path: path.join(ARTIFACTS, 'dashboard-people-import-phone.png'), fullPage: true });
    await phone.click('#import-confirm');
    await shows(phone.locator('.flash'), '导入完成：新增 1 人');
    await shows(phone.locator('tbody'), '韩梅');
    expect(await phone.evaluate(fits)).toBe(true);
    await phone.screenshot({ path: path.join(ARTIFACTS, 'dashboard-people-phone.png'), fullPage: true });
    expect((await t.stores.people.find('韩梅'))!.phone).toBe('13912345678');
    expect(alerts).toEqual([]);
  });
});
