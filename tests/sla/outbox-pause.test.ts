// A configuration error pauses its outbox channel (issue #11 "Trust"): 60020 (untrusted IP) for five minutes used to
// fail every queued alert for good. Now nothing fails, whatever the rows' giveUpAt; the manager and the duty group hear
// it once, on the other channels; one probe a minute; after the fix every alert goes out once, in order.
import { describe, expect, it } from 'vitest';
import { fixedClock, MINUTE, SECOND } from '../../src/clock.js';
import { REFERENCE_TIME, type TestApp } from '../helpers/app.js';
import { closeAfterEach } from '../helpers/cleanup.js';
import { startFakeDingtalk } from '../fakes/dingtalk-server.js';
import { APP_KEY, APP_SECRET, dingtalkEnv, ROBOT_CODE, setup as setupDingtalk } from '../dingtalk/util.js';
import { setup as setupWecom } from '../wecom/util.js';
import { LI_NA, link, LIU_YANG, queue, runSender, ZHANG_WEI, ZHAO_QIANG } from './outbox-util.js';

const closeLater = closeAfterEach();

const pauseLogs = (t: TestApp) => t.logs.filter((l) => String(l.msg).includes('outbox channel paused'));
const resumeLogs = (t: TestApp) => t.logs.filter((l) => String(l.msg).includes('outbox channel resumed'));
const rowsUnder = async (t: TestApp, prefix: string) => (await t.stores.outbox.list()).filter((r) => r.dedupeKey.startsWith(prefix));

describe('a configuration error pauses the channel instead of failing its rows', () => {
  it('WeCom 60020 for five minutes: no row fails, one alert, one probe a minute, then all alerts in order, once', async () => {
    const clock = fixedClock(REFERENCE_TIME);
    const dt = closeLater(await startFakeDingtalk({ appKey: APP_KEY, appSecret: APP_SECRET, robotCode: ROBOT_CODE, now: () => clock.now() }));
    // Pushes give up after one minute: without the pause every one of them would fail.
    const { t, fake } = closeLater(await setupWecom({ ...dingtalkEnv(dt.url), OUTBOX_GIVE_UP_MINUTES: '1', CONSOLE_ENABLED: 'false' }, { clock }));
    const people = { zhangwei: ZHANG_WEI, lina: LI_NA, zhaoqiang: ZHAO_QIANG };
    for (const [userid, id] of Object.entries(people)) await link(t, id, 'wecom', userid);
    // The manager is on both platforms: normally reached on WeCom, during the pause on DingTalk.
    await link(t, LIU_YANG, 'wecom', 'liuyang');
    await link(t, LIU_YANG, 'dingtalk', 'liuyang01');
    const texts = (who: string) => Array.from({ length: 6 }, (_, i) => `${who} 提醒${i + 1}`);
    for (const [userid, id] of Object.entries(people)) expect(await queue(t, id, texts(userid))).toBe(6);

    const t0 = clock.now().getTime();
    fake.refuseIpUntil(new Date(t0 + 5 * MINUTE));
    const first = await runSender(t, t0);
    // Nothing on the paused channel is sent or failed. On PostgreSQL the sender claims in rounds, so the two pause
    // alerts the first round queued (working channels) go out in the same run; on SQLite the run reads its queue once
    // and they go out in the next one.
    const onPostgres = t.dbFile.startsWith('postgresql://');
    expect(first).toMatchObject({ sent: onPostgres ? 2 : 0, failed: 0 });
    expect(first.paused).toBeGreaterThanOrEqual(1);
    expect(await t.stores.outbox.channelPause('wecom-app')).toMatchObject({ channel: 'wecom-app', code: '60020', since: new Date(t0) });
    // One alert for the episode: the duty group (WeCom group robot) and the manager on DingTalk, not on the paused app.
    const alerts = await rowsUnder(t, 'outbox-paused:wecom-app:');
    expect(alerts.map((r) => [r.channel, r.recipient])).toEqual([
      ['wecom-group', 'default'],
      ['dingtalk-robot', 'liuyang01'],
    ]);
    expect(alerts[0]!.text).toContain('企业微信应用');
    expect(alerts[0]!.text).toContain('企业可信IP');
    expect(pauseLogs(t)).toHaveLength(1);
    expect(pauseLogs(t)[0]!.level).toBe(50);

    // Half a minute later: the alerts go out on the working channels; the paused channel is left alone.
    const sendCalls = () => fake.requests.filter((r) => r.endpoint === 'send').length;
    const before = sendCalls();
    await runSender(t, t0 + 30 * SECOND);
    expect(sendCalls()).toBe(before);
    expect(fake.delivered('webhook').map((r) => r.body.text.content)).toEqual([expect.stringContaining('【推送暂停】')]);
    expect(dt.delivered('oto').map((r) => r.body.userIds)).toEqual([['liuyang01']]);

    // Still refused: exactly one probe a minute, nothing fails although every giveUpAt has passed, no second alert.
    for (let m = 1; m <= 4; m++) {
      const calls = sendCalls();
      expect(await runSender(t, t0 + m * MINUTE)).toMatchObject({ sent: 0, failed: 0, paused: 1 });
      await runSender(t, t0 + m * MINUTE + 20 * SECOND);
      expect(sendCalls()).toBe(calls + 1);
    }
    expect((await t.stores.outbox.list({ status: 'failed' })).length).toBe(0);
    expect(await rowsUnder(t, 'outbox-paused:')).toHaveLength(2);
    expect(pauseLogs(t)).toHaveLength(1);

    // The allowlist is fixed: the next probe gets through and the whole queue follows, in order, once.
    const done = await runSender(t, t0 + 5 * MINUTE);
    expect(done).toMatchObject({ sent: 18, failed: 0 });
    expect(await t.stores.outbox.channelPause('wecom-app')).toBeNull();
    for (const userid of Object.keys(people)) {
      expect(fake.delivered('send').filter((r) => r.body.touser === userid).map((r) => r.body.text.content)).toEqual(texts(userid));
    }
    expect(fake.delivered('send')).toHaveLength(18);
    expect(resumeLogs(t)).toHaveLength(1);
    // "已恢复" once, where the alert went.
    await runSender(t, t0 + 5 * MINUTE + 30 * SECOND);
    expect((await rowsUnder(t, 'outbox-resumed:wecom-app:')).map((r) => [r.channel, r.status])).toEqual([
      ['wecom-group', 'sent'],
      ['dingtalk-robot', 'sent'],
    ]);
    expect((await t.stores.outbox.list()).every((r) => r.status === 'sent')).toBe(true);
    await runSender(t, t0 + 10 * MINUTE);
    expect(fake.delivered('send')).toHaveLength(18);
    expect(await rowsUnder(t, 'outbox-paused:')).toHaveLength(2);
  });

  it('DingTalk app secret rejected: the robot channel pauses (alert through the custom group robot) and resumes', async () => {
    const { t, fake, clock } = closeLater(await setupDingtalk({ OUTBOX_GIVE_UP_MINUTES: '1' }, { groupRobot: true }));
    await link(t, ZHANG_WEI, 'dingtalk', 'zhangwei01');
    await queue(t, ZHANG_WEI, ['第1条', '第2条', '第3条']);
    const rejected = { status: 400, code: 'invalidClientIdOrSecret', message: '无效的clientId或者clientSecret' };
    fake.fail('token', rejected, rejected, rejected);
    const t0 = clock.now().getTime();
    expect(await runSender(t, t0)).toMatchObject({ paused: 1, failed: 0 });
    await runSender(t, t0 + 30 * SECOND);
    expect(fake.delivered('custom').map((r) => r.body.text.content)).toEqual([expect.stringMatching(/【推送暂停】「钉钉机器人」.*DINGTALK_APP_SECRET/s)]);
    await runSender(t, t0 + MINUTE);
    await runSender(t, t0 + 2 * MINUTE);
    expect(fake.requests.filter((r) => r.endpoint === 'token')).toHaveLength(3);
    expect(fake.delivered('oto')).toHaveLength(0);
    expect(await runSender(t, t0 + 3 * MINUTE)).toMatchObject({ sent: 3, failed: 0 });
    expect(fake.delivered('oto').map((r) => JSON.parse(r.body.msgParam).content)).toEqual(['第1条', '第2条', '第3条']);
    expect(pauseLogs(t)).toHaveLength(1);
    expect(resumeLogs(t)).toHaveLength(1);
  });

  it('a row whose give-up time passed during the pause gets the pause back: a server error right after recovery is retried', async () => {
    const { t, fake, clock } = closeLater(await setupDingtalk({ OUTBOX_GIVE_UP_MINUTES: '1' }, { groupRobot: true }));
    await link(t, ZHANG_WEI, 'dingtalk', 'zhangwei01');
    await queue(t, ZHANG_WEI, ['第1条', '第2条']);
    const t0 = clock.now().getTime();
    fake.fail('oto', { status: 400, code: 'bot.stopped', message: '机器人已停用' });
    await runSender(t, t0);
    // Back, but the second row meets a server error right after the probe: its giveUpAt (t0 + 1 min) moved by the pause.
    fake.fail('oto', { delayMs: 0 }, { status: 503, message: 'busy' }); // the probe gets through, the next row meets a 503
    const r = await runSender(t, t0 + 10 * MINUTE);
    expect(r).toMatchObject({ failed: 0 });
    const rows = await rowsUnder(t, 'test:');
    expect(rows.map((x) => x.status)).toEqual(['sent', 'pending']);
    expect(rows[1]!.giveUpAt!.getTime()).toBe(t0 + MINUTE + 10 * MINUTE);
  });
});
