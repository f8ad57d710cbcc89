// Outbound: the senders of the WeCom channel and the client against the fake WeCom API.
import { describe, expect, it } from 'vitest';
import type { Sender } from '../../src/bot/channel.js';
import { WecomClient } from '../../src/bot/wecom/client.js';
import { MINUTE } from '../../src/clock.js';
import { closeAfterEach } from '../helpers/cleanup.js';
import { deliveryFailure } from '../helpers/assertions.js';
import { KFID, setup } from './util.js';

const closeLater = closeAfterEach();

/** The app against a fake WeCom, and its three senders. */
async function start(extra: Record<string, string> = {}) {
  const s = closeLater(await setup(extra));
  const senders = s.t.runtime.senders;
  return { ...s, app: senders['wecom-app']!, group: senders['wecom-group']!, kf: senders['wecom-kf']! };
}

describe('wecom senders', () => {
  it('message/send: text, markdown and textcard with agentid; the token is cached in the database', async () => {
    const { app, fake, t } = await start({ PUBLIC_BASE_URL: 'https://duty.example.com' });
    await app.send('zhangsan', { text: '报修 #1 已派单' });
    await app.send('zhangsan', { text: 'x', markdown: '**报修 #1** 已派单' });
    await app.send('lisi', { text: '3栋2单元1502 厨房水管漏水', title: '新报修 #1' });
    const sent = fake.delivered('send').map((r) => r.body);
    expect(sent[0]).toMatchObject({ touser: 'zhangsan', agentid: 1000002, msgtype: 'text', text: { content: '报修 #1 已派单' } });
    expect(sent[1]).toMatchObject({ msgtype: 'markdown', markdown: { content: '**报修 #1** 已派单' } });
    expect(sent[2]).toMatchObject({ msgtype: 'textcard', textcard: { title: '新报修 #1', url: 'https://duty.example.com' } });
    expect(fake.tokensIssued).toBe(1);
    const cached = await t.stores.tokens.get('wecom:wwfakecorp:1000002');
    expect(cached?.value).toMatch(/^tok-1-/);
    // A second process (another client on the same database) reuses the token.
    const other = new WecomClient({ config: t.config.wecom, tokens: t.stores.tokens, clock: t.clock, logger: t.runtime.logger });
    await other.sendApp('wangwu', { text: 'hi' });
    expect(fake.tokensIssued).toBe(1);
    // Tokens and secrets never reach the logs.
    const logText = JSON.stringify(t.logs);
    expect(logText).not.toContain(cached!.value);
    expect(logText).not.toContain('fake-secret');
  });

  it('refreshes the token on 42001 / 40014 and before expiry', async () => {
    const { app, fake, clock } = await start();
    await app.send('zhangsan', { text: 'one' });
    fake.expireTokens();
    await app.send('zhangsan', { text: 'two' });
    expect(fake.tokensIssued).toBe(2);
    expect(fake.requests.filter((r) => r.endpoint === 'send').map((r) => r.errcode)).toEqual([0, 42001, 0]);
    fake.fail('send', { errcode: 40014 });
    await app.send('zhangsan', { text: 'three' });
    expect(fake.tokensIssued).toBe(3);
    clock.advance(7200_000 - 4 * MINUTE); // inside the refresh margin
    await app.send('zhangsan', { text: 'four' });
    expect(fake.tokensIssued).toBe(4);
    expect(fake.delivered('send')).toHaveLength(4);
  });

  it('45009 / 45033 → rate, 5xx / timeouts → retry, 60020 → config (channel paused, never fatal) with the 企业可信IP hint logged at error', async () => {
    const { app, fake, t } = await start();
    fake.fail('send', { errcode: 45009, errmsg: 'api freq out of limit' });
    const rate = await deliveryFailure(app.send('zhangsan', { text: 'x' }));
    expect(rate.kind).toBe('rate');
    expect(rate.platformCode).toBe(45009);
    expect(rate.retryAfterMs).toBe(60_000);
    // WeCom told us: the member is blocked locally for the window, without another call.
    const before = fake.requests.length;
    expect((await deliveryFailure(app.send('zhangsan', { text: 'y' }))).kind).toBe('rate');
    expect(fake.requests.length).toBe(before);

    fake.fail('send', { errcode: 45033 });
    expect((await deliveryFailure(app.send('lisi', { text: 'x' }))).kind).toBe('rate');
    fake.fail('send', { status: 502 });
    expect((await deliveryFailure(app.send('lisi', { text: 'x' }))).kind).toBe('retry');
    fake.fail('send', { errcode: -1 });
    expect((await deliveryFailure(app.send('lisi', { text: 'x' }))).kind).toBe('retry');
    fake.fail('send', { errcode: 60020, errmsg: 'not allow to access from your ip' });
    const ip = await deliveryFailure(app.send('lisi', { text: 'x' }));
    expect(ip.kind).toBe('config');
    expect(ip.platformCode).toBe(60020);
    expect(ip.message).toContain('企业可信IP');
    expect(t.logs.some((l) => l.level === 50 && String(l.msg).includes('企业可信IP'))).toBe(true);

    const slow = new WecomClient({ config: t.config.wecom, tokens: t.stores.tokens, clock: t.clock, logger: t.runtime.logger, timeoutMs: 200 });
    fake.fail('send', { hang: true });
    const timeout = await deliveryFailure(slow.sendApp('lisi', { text: 'x' }));
    expect(timeout.kind).toBe('retry');
    expect(timeout.message).toContain('timeout');
    fake.fail('send', { delayMs: 50 });
    await slow.sendApp('lisi', { text: 'slow but fine' });
  });

  it('30 messages per minute per member, then rate (queued by the outbox, never dropped)', async () => {
    const { app, fake, clock } = await start();
    for (let i = 0; i < 30; i++) await app.send('zhangsan', { text: `m${i}` });
    const over = await deliveryFailure(app.send('zhangsan', { text: 'm30' }));
    expect(over.kind).toBe('rate');
    expect(over.retryAfterMs).toBeGreaterThan(0);
    await app.send('lisi', { text: 'other member is fine' });
    clock.advance(MINUTE);
    await app.send('zhangsan', { text: 'm30 again' });
    expect(fake.delivered('send')).toHaveLength(32);
  });

  it('group robot webhook: text with mentioned_list, markdown, 20/min, bad key is a configuration error', async () => {
    const { group, fake, t } = await start();
    await group.send('default', { text: '新报修 #1', mentions: ['zhangsan', 'lisi'] });
    await group.send('default', { text: 'x', markdown: '## 新报修 #1', mentions: ['zhangsan'] });
    const [a, b] = fake.delivered('webhook');
    expect(a!.query.get('key')).toBe('hook-key-0000');
    expect(a!.body).toEqual({ msgtype: 'text', text: { content: '新报修 #1', mentioned_list: ['zhangsan', 'lisi'] } });
    expect(b!.body).toEqual({ msgtype: 'markdown', markdown: { content: '## 新报修 #1\n<@zhangsan>' } });
    for (let i = 2; i < 20; i++) await group.send('default', { text: `g${i}` });
    expect((await deliveryFailure(group.send('default', { text: 'g20' }))).kind).toBe('rate');
    fake.fail('webhook', { errcode: 45009 });
    t.clock.advance(MINUTE);
    expect((await deliveryFailure(group.send('default', { text: 'g21' }))).kind).toBe('rate');
    const wrong = new WecomClient({ config: { ...t.config.wecom, groupWebhookKey: 'nope' }, tokens: t.stores.tokens, clock: t.clock, logger: t.runtime.logger });
    const bad = await deliveryFailure(wrong.sendWebhook({ text: 'x' }));
    expect(bad.kind).toBe('config');
    expect(bad.platformCode).toBe(93000);
    expect(JSON.stringify(t.logs)).not.toContain('hook-key-0000');
  });

  it('kf/send_msg: recipient open_kfid:external_userid; window errors are fatal', async () => {
    const { kf, fake } = await start();
    await kf.send(`${KFID}:wmResident0001`, { text: '您的报修已受理' });
    expect(fake.delivered('kfSend')[0]!.body).toMatchObject({ touser: 'wmResident0001', open_kfid: KFID, msgtype: 'text', text: { content: '您的报修已受理' } });
    fake.fail('kfSend', { errcode: 95001 });
    const win = await deliveryFailure(kf.send(`${KFID}:wmResident0001`, { text: 'x' }));
    expect(win.kind).toBe('fatal');
    expect(win.message).toContain('48 小时');
    expect((await deliveryFailure(kf.send('garbage', { text: 'x' }))).kind).toBe('fatal');
  });

  it('is disabled when nothing is configured, and parts follow their groups', async () => {
    const { t } = closeLater(await setup({ WECOM_CORP_ID: '', WECOM_TOKEN: '', WECOM_ENCODING_AES_KEY: '', WECOM_AGENT_ID: '', WECOM_SECRET: '', WECOM_KF_OPEN_KFID: '', WECOM_AIBOT_TOKEN: '', WECOM_AIBOT_ENCODING_AES_KEY: '' }));
    const senders: Partial<Record<string, Sender>> = t.runtime.senders;
    expect(Object.keys(senders).filter((k) => k.startsWith('wecom'))).toEqual(['wecom-group']);
    expect((await t.app.inject({ method: 'GET', url: '/wecom/callback' })).statusCode).toBe(404);
  });
});
