// /wecom/callback and /wecom/aibot on the full app (fresh SQLite, real dispatcher) + the fake WeCom API.
import { describe, expect, it } from 'vitest';
import { WecomCrypto } from '../../src/bot/wecom/crypto.js';
import { cursorKey } from '../../src/bot/wecom/kf.js';
import { parseXml } from '../../src/bot/wecom/xml.js';
import { expectNothingStored } from '../helpers/assertions.js';
import { closeAfterEach } from '../helpers/cleanup.js';
import { AES_KEY, AIBOT_KEY, AIBOT_TOKEN, CORP_ID, KFID, REPAIR_TEXT, TOKEN, aibotCallback, customer, customerWaiting, kfEvent, postCallback, setup, signedCallback, textXml } from './util.js';

const closeLater = closeAfterEach();
const start = async (extra: Record<string, string> = {}) => closeLater(await setup(extra));

/** The same query with the first hex digit of msg_signature changed. */
const tamper = (q: string) => q.replace(/msg_signature=([0-9a-f])/, (_m, c: string) => `msg_signature=${c === '0' ? '1' : '0'}`);

const appCrypto = new WecomCrypto(TOKEN, AES_KEY, CORP_ID);

describe('POST /wecom/callback', () => {
  it('the retry storm: the same 报修 delivered 3 times gives one ticket and one answer', async () => {
    const { t } = await start();
    const cb = signedCallback(textXml({ text: REPAIR_TEXT, from: 'zhangsan' }));
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await postCallback(t, cb));
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200]);
    const env = parseXml(answers[0]!.body)!;
    expect(appCrypto.verify(env.MsgSignature, env.TimeStamp, env.Nonce, env.Encrypt!)).toBe(true);
    const inner = parseXml(appCrypto.open(env.Encrypt!).message)!;
    expect(inner.ToUserName).toBe('zhangsan');
    expect(inner.Content).toContain('#1');
    expect(answers[1]!.body).toBe('');
    expect(answers[2]!.body).toBe('');
    expect(await t.prisma.ticket.count()).toBe(1);
    expect(await t.prisma.inboundMessage.count()).toBe(1);
    const row = await t.prisma.inboundMessage.findFirstOrThrow();
    expect(row).toMatchObject({ platform: 'wecom', msgId: 'CAIQg/PKxgYY2sC9tpuAgAMg9/zKaw==', senderId: 'zhangsan', text: REPAIR_TEXT });
  });

  it('image, voice and location become attachments; enter_agent/subscribe are answered; events dedupe on From:CreateTime:Event', async () => {
    const { t } = await start();
    const img = `<xml><ToUserName>${CORP_ID}</ToUserName><FromUserName>lisi</FromUserName><CreateTime>1795395601</CreateTime><MsgType>image</MsgType><PicUrl><![CDATA[https://p.example/x.jpg]]></PicUrl><MediaId><![CDATA[media-1]]></MediaId><MsgId>img-1</MsgId><AgentID>1000002</AgentID></xml>`;
    const loc = `<xml><ToUserName>${CORP_ID}</ToUserName><FromUserName>lisi</FromUserName><CreateTime>1795395602</CreateTime><MsgType>location</MsgType><Location_X>23.13</Location_X><Location_Y>113.26</Location_Y><Scale>15</Scale><Label><![CDATA[3栋2单元]]></Label><MsgId>loc-1</MsgId><AgentID>1000002</AgentID></xml>`;
    const voice = `<xml><ToUserName>${CORP_ID}</ToUserName><FromUserName>lisi</FromUserName><CreateTime>1795395603</CreateTime><MsgType>voice</MsgType><MediaId>voice-1</MediaId><Format>amr</Format><MsgId>voice-1</MsgId><AgentID>1000002</AgentID></xml>`;
    const enter = `<xml><ToUserName>${CORP_ID}</ToUserName><FromUserName>lisi</FromUserName><CreateTime>1795395604</CreateTime><MsgType>event</MsgType><Event>enter_agent</Event><EventKey></EventKey><AgentID>1000002</AgentID></xml>`;
    const sub = enter.replace('enter_agent', 'subscribe');
    for (const x of [img, loc, voice, enter, sub, enter]) expect((await postCallback(t, signedCallback(x))).statusCode).toBe(200);
    const rows = await t.prisma.inboundMessage.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((r) => r.msgId)).toEqual(['img-1', 'loc-1', 'voice-1', 'lisi:1795395604:enter_agent', 'lisi:1795395604:subscribe']);
    expect(JSON.parse(rows[0]!.attachments!)).toEqual([{ kind: 'image', ref: 'media-1', note: 'https://p.example/x.jpg' }]);
    expect(JSON.parse(rows[1]!.attachments!)[0]).toMatchObject({ kind: 'location', note: '3栋2单元 (23.13,113.26)' });
    expect(JSON.parse(rows[2]!.attachments!)[0]).toMatchObject({ kind: 'voice', ref: 'voice-1' });
  });

  it('rejects unsigned, wrongly signed, malformed, foreign and oversized bodies with 4xx and stores nothing', async () => {
    const { t } = await start();
    const good = signedCallback(textXml({ text: REPAIR_TEXT }));
    const q = new URLSearchParams(good.query);
    const cases: Array<[string, { query: string; body: string }, number]> = [
      ['unsigned', { query: '', body: good.body }, 401],
      ['no signature', { query: `timestamp=${q.get('timestamp')}&nonce=${q.get('nonce')}`, body: good.body }, 401],
      ['wrong signature', { query: tamper(good.query), body: good.body }, 401],
      ['wrong token', signedCallback(textXml({ text: REPAIR_TEXT }), { token: 'someone-else' }), 401],
      ['other receiveid', signedCallback(textXml({ text: REPAIR_TEXT }), { receiveId: 'wwotherco' }), 401],
      ['other key', signedCallback(textXml({ text: REPAIR_TEXT }), { key: 'ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut' }), 400],
      ['not xml', { query: good.query, body: 'hello' }, 400],
      ['broken xml', { query: good.query, body: good.body.slice(0, 60) }, 400],
      ['doctype', { query: good.query, body: `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${good.body}` }, 400],
      ['plaintext not xml', signedCallback('just text'), 400],
      ['empty', { query: good.query, body: '' }, 400],
    ];
    for (const [name, c, status] of cases) {
      const res = await postCallback(t, c);
      expect(res.statusCode, name).toBe(status);
    }
    const big = signedCallback(textXml({ text: `${REPAIR_TEXT}${'水'.repeat(4000)}` }));
    expect((await postCallback(t, big)).statusCode).toBe(413);
    await expectNothingStored(t);
    // nothing crashed: the good one still goes through
    expect((await postCallback(t, good)).statusCode).toBe(200);
    expect(await t.prisma.ticket.count()).toBe(1);
  });

  it('when the answer is not ready in time: empty 200 now, the reply through message/send', async () => {
    const { t, fake } = await start({ REPLY_WAIT_MS: '0' });
    const res = await postCallback(t, signedCallback(textXml({ text: REPAIR_TEXT, from: 'wangwu', msgId: 'late-1' })));
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    const sent = await fake.waitFor((r) => r.endpoint === 'send' && r.delivered && r.body.touser === 'wangwu');
    expect(sent.body).toMatchObject({ agentid: 1000002, touser: 'wangwu' });
    expect(JSON.stringify(sent.body)).toContain('#1');
    expect(await t.prisma.ticket.count()).toBe(1);
  });
});

describe('微信客服 (kf)', () => {
  it('pulls with the token, handles only customer text, replies with kf/send_msg, and keeps the cursor across instances', async () => {
    const first = await start();
    const { fake } = first;
    let t = first.t;
    fake.kfTokens.add('SYNC1');
    fake.kfMessages.push(
      customer(1, REPAIR_TEXT),
      { msgid: 'kfmsg-2', open_kfid: KFID, external_userid: 'wmResident0001', send_time: 1795395602, origin: 5, msgtype: 'text', text: { content: '客服人员发的' }, servicer_userid: 'zhangsan' },
      { msgid: 'kfmsg-3', open_kfid: KFID, external_userid: 'wmResident0001', send_time: 1795395603, origin: 4, msgtype: 'event', event: { event_type: 'enter_session' } },
    );
    const res = await postCallback(t, signedCallback(kfEvent('SYNC1')));
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    const reply = await fake.waitFor((r) => r.endpoint === 'kfSend' && r.delivered);
    expect(reply.body).toMatchObject({ touser: 'wmResident0001', open_kfid: KFID, msgtype: 'text' });
    await vitestWait(async () => (await t.stores.cursors.get(cursorKey(KFID))) === '3');
    expect(await t.prisma.inboundMessage.count()).toBe(1);
    expect(await t.prisma.ticket.count()).toBe(1);
    const resident = await t.stores.people.byAccount('wecom', 'wmResident0001');
    expect(resident?.role).toBe('resident');
    const syncs = fake.requests.filter((r) => r.endpoint === 'kfSync');
    expect(syncs.map((r) => r.body.cursor ?? null)).toEqual([null, '2']); // paged (page size 2), has_more followed
    const dbFile = t.dbFile;
    await t.close();

    // A second instance on the same database: only the new message is pulled and handled.
    fake.kfMessages.push(customer(4, '投诉 楼上装修太吵了'));
    fake.kfTokens.add('SYNC2');
    const second = closeLater(await setup({}, { dbFile, fake }));
    t = second.t;
    expect((await postCallback(t, signedCallback(kfEvent('SYNC2', 1795395800)))).statusCode).toBe(200);
    await fake.waitFor((r) => r.endpoint === 'kfSend' && r.delivered && r.body.msgid !== reply.body.msgid);
    await vitestWait(async () => (await t.stores.cursors.get(cursorKey(KFID))) === '4');
    const later = fake.requests.filter((r) => r.endpoint === 'kfSync').slice(2);
    expect(later[0]!.body.cursor).toBe('3');
    expect(await t.prisma.inboundMessage.count()).toBe(2);
    expect(fake.delivered('kfSend')).toHaveLength(2);
  });

  it('an expired sync token or a closed reply window is logged, not retried forever', async () => {
    const { t, fake } = await start();
    customerWaiting(fake);
    fake.fail('kfSend', { errcode: 95001, errmsg: 'over the 48h/5 limit' });
    await postCallback(t, signedCallback(kfEvent('SYNC1')));
    await fake.waitFor((r) => r.endpoint === 'kfSend');
    await vitestWait(async () => t.logs.some((l) => String(l.msg).includes('延迟回复失败') && l.platform === 'wecom'));
    expect(fake.requests.filter((r) => r.endpoint === 'kfSend')).toHaveLength(1);
    await postCallback(t, signedCallback(kfEvent('EXPIRED', 1795395999)));
    await vitestWait(async () => t.logs.some((l) => String(l.msg).includes('kf/sync_msg failed')));
  });
});

describe('/wecom/aibot (智能机器人)', () => {
  const aibotCrypto = new WecomCrypto(AIBOT_TOKEN, AIBOT_KEY, '');
  const openAnswer = (body: string) => {
    const env = JSON.parse(body) as { encrypt: string; msgsignature: string; timestamp: string; nonce: string };
    expect(aibotCrypto.verify(env.msgsignature, env.timestamp, env.nonce, env.encrypt)).toBe(true);
    return JSON.parse(aibotCrypto.open(env.encrypt).message);
  };
  const groupText = (o: { msgid: string; text: string; responseUrl: string }) => ({
    msgid: o.msgid,
    aibotid: 'AIBOTID',
    chatid: 'wrGroup01',
    chattype: 'group',
    from: { userid: 'zhangsan' },
    response_url: o.responseUrl,
    msgtype: 'text',
    text: { content: `@值班台 ${o.text}` },
  });

  it('URL verification with receiveid ""', async () => {
    const { t } = await start();
    const { encrypt } = aibotCrypto.seal('echo-123', '1795395600', 'n1');
    const q = new URLSearchParams({ msg_signature: aibotCrypto.signature('1795395600', 'n1', encrypt), timestamp: '1795395600', nonce: 'n1', echostr: encrypt });
    const res = await t.app.inject({ method: 'GET', url: `/wecom/aibot?${q}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('echo-123');
  });

  it('a group @-mention is answered with a finished stream; a retry creates nothing', async () => {
    const { t, fake } = await start();
    const cb = aibotCallback(groupText({ msgid: 'CAIQ16HMjQYY/NGagIOAgAMgq4KM0AI=', text: REPAIR_TEXT, responseUrl: fake.responseUrl() }));
    const res = await postCallback(t, cb, '/wecom/aibot');
    expect(res.statusCode).toBe(200);
    const ans = openAnswer(res.body);
    expect(ans.msgtype).toBe('stream');
    expect(ans.stream.finish).toBe(true);
    expect(ans.stream.content).toContain('#1');
    const row = await t.prisma.inboundMessage.findFirstOrThrow();
    expect(row).toMatchObject({ platform: 'wecom-aibot', chatId: 'wrGroup01', chatType: 'group', senderId: 'zhangsan', text: REPAIR_TEXT });
    const again = await postCallback(t, cb, '/wecom/aibot');
    expect(again.body).toBe('');
    expect(await t.prisma.ticket.count()).toBe(1);
  });

  it('late answers go out on the next stream refresh', async () => {
    const { t, fake } = await start({ REPLY_WAIT_MS: '0' });
    const res = await postCallback(t, aibotCallback(groupText({ msgid: 'late-aibot-1', text: REPAIR_TEXT, responseUrl: fake.responseUrl() })), '/wecom/aibot');
    const first = openAnswer(res.body);
    expect(first.stream.finish).toBe(false);
    await t.runtime.dispatcher.idle();
    const refresh = await postCallback(t, aibotCallback({ msgtype: 'stream', stream: { id: first.stream.id }, from: { userid: 'zhangsan' }, chattype: 'group', chatid: 'wrGroup01' }), '/wecom/aibot');
    const done = openAnswer(refresh.body);
    expect(done.stream).toMatchObject({ id: first.stream.id, finish: true });
    expect(done.stream.content).toContain('#1');
    expect(fake.delivered('aibotResponse')).toHaveLength(0);
  });

  it('enter_chat gets a welcome; bad signatures are refused', async () => {
    const { t } = await start();
    const res = await postCallback(t, aibotCallback({ msgtype: 'event', create_time: 1795395600, from: { userid: 'zhangsan' }, event: { eventtype: 'enter_chat' } }), '/wecom/aibot');
    expect(openAnswer(res.body).msgtype).toBe('text');
    const cb = aibotCallback(groupText({ msgid: 'x1', text: REPAIR_TEXT, responseUrl: 'http://evil.example/' }));
    const bad = await postCallback(t, { ...cb, query: tamper(cb.query) }, '/wecom/aibot');
    expect(bad.statusCode).toBe(401);
    await expectNothingStored(t);
  });
});

async function vitestWait(cond: () => Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('condition not met in time');
}
