// AI bot long-connection mode (WECOM_AIBOT_MODE=long): the real @wecom/aibot-node-sdk against a fake WebSocket
// gateway on 127.0.0.1, on the full app (fresh SQLite, real dispatcher) and standalone with a scripted dispatcher.
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { DispatchResult, Dispatcher } from '../../src/bot/channel.js';
import type { IncomingMessage, OutgoingMessage } from '../../src/bot/message.js';
import { STREAM_PENDING_TEXT } from '../../src/bot/wecom/aibot.js';
import { aibotLeaseKey, createAibotLongConnection, type AibotLongOptions, type LongConnection } from '../../src/bot/wecom/long.js';
import { fixedClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import type { TokenStore } from '../../src/store/index.js';
import { buildTestApp, REFERENCE_TIME, type TestApp } from '../helpers/app.js';
import { sleep, until } from '../helpers/async.js';
import { memoryTokens } from '../helpers/memory-tokens.js';
import { startFakeAibotGateway, type AibotClientFrame, type FakeAibotGateway } from '../fakes/wecom-aibot-gateway.js';
import { REPAIR_TEXT } from './util.js';

const BOT_ID = 'aibFAKEbot0001';
const BOT_SECRET = 'fake-aibot-secret';

let gw: FakeAibotGateway | undefined;
const apps: TestApp[] = [];
const conns: LongConnection[] = [];
afterEach(async () => {
  for (const c of conns.splice(0)) await c.stop();
  for (const t of apps.splice(0)) {
    for (const ch of t.runtime.channels) await ch.stop?.();
    await t.close();
  }
  await gw?.close();
  gw = undefined;
});

const env = (url: string, secret = BOT_SECRET) => ({ WECOM_AIBOT_MODE: 'long', WECOM_AIBOT_BOT_ID: BOT_ID, WECOM_AIBOT_SECRET: secret, WECOM_AIBOT_WS_URL: url });

const groupText = (msgid: string, text: string) => ({
  msgid,
  aibotid: BOT_ID,
  chatid: 'wrGroup01',
  chattype: 'group',
  from: { userid: 'zhangsan' },
  msgtype: 'text',
  text: { content: `@值班台 ${text}` },
});

const finished = (reqId: string) => (f: AibotClientFrame) => f.cmd === 'aibot_respond_msg' && f.headers.req_id === reqId && f.body?.stream?.finish === true;

async function fullApp(opts: { secret?: string; dbFile?: string } = {}) {
  gw ??= await startFakeAibotGateway({ botId: BOT_ID, secret: BOT_SECRET });
  const t = await buildTestApp({ env: env(gw.url, opts.secret), ...(opts.dbFile ? { dbFile: opts.dbFile } : {}) });
  apps.push(t);
  const ch = t.runtime.channels.find((c) => c.name === 'wecom')!;
  return { t, ch, gw };
}

/** A connection outside the app: a scripted dispatcher, fast timings. */
async function standalone(o: { dispatcher: Dispatcher; tokens?: TokenStore; options?: AibotLongOptions }) {
  gw ??= await startFakeAibotGateway({ botId: BOT_ID, secret: BOT_SECRET });
  const config = loadConfig({ ...env(gw.url), DATABASE_URL: 'file:unused.db' });
  const c = createAibotLongConnection({
    config,
    dispatcher: o.dispatcher,
    clock: fixedClock(REFERENCE_TIME),
    logger: pino({ level: 'silent' }),
    tokens: o.tokens ?? memoryTokens(),
    options: { reconnectBaseMs: 20, pendingAfterMs: 20, stopGraceMs: 500, leaseRenewMs: 30, ...o.options },
  });
  conns.push(c);
  return { c, gw };
}

const replying = (text: string, seen: IncomingMessage[] = []): Dispatcher => ({
  handle: async (msg) => {
    seen.push(msg);
    return { duplicate: false, reply: { text } };
  },
});

describe('AI bot long connection on the full app', () => {
  it('subscribes with bot id + secret, a repair message creates one ticket and is answered 报修#1; the same frame twice gives one ticket', async () => {
    const { t, ch, gw } = await fullApp();
    expect(ch.routes).toBeUndefined(); // no HTTP callback in long mode
    await ch.start!();
    await gw.waitForAuth(1);
    expect(gw.subscribes[0]).toMatchObject({ bot_id: BOT_ID, secret: BOT_SECRET, ok: true });

    const body = groupText('CAIQ16HMjQYY/NGagIOAgAMgq4KM0AI=', REPAIR_TEXT);
    const first = gw.push(body);
    const reply = await gw.waitForFrame(finished(first));
    expect(reply.body).toMatchObject({ msgtype: 'stream', stream: { finish: true } });
    expect(reply.body.stream.id).toMatch(/^[0-9a-f]{24}$/);
    expect(reply.body.stream.content).toContain('报修#1');
    const row = await t.prisma.inboundMessage.findFirst();
    expect(row).toMatchObject({ platform: 'wecom-aibot', chatId: 'wrGroup01', chatType: 'group', senderId: 'zhangsan', text: REPAIR_TEXT });

    // The same callback again (a redelivery), and once more under the same req_id.
    gw.push(body);
    gw.push(body, first);
    await sleep(300);
    await ch.stop!();
    expect(await t.prisma.ticket.count()).toBe(1);
    expect(await t.stores.inbound.count()).toBe(1);
    expect(gw.replies()).toHaveLength(1);
    await until(() => gw.open === 0); // stop() closed the socket
    expect(await t.stores.tokens.get(aibotLeaseKey(BOT_ID))).toBeNull(); // lease given back
  });

  it('two processes on the same database: only one connects (lease row in the token store)', async () => {
    const a = await fullApp();
    const b = await fullApp({ dbFile: a.t.dbFile });
    await a.ch.start!();
    await a.gw.waitForAuth(1);
    await b.ch.start!();
    await sleep(300);
    expect(a.gw.connections).toBe(1);
    expect(a.gw.subscribes).toHaveLength(1);
    const lease = await a.t.stores.tokens.get(aibotLeaseKey(BOT_ID));
    expect(lease?.value).toContain(`:${process.pid}:`);
    expect(b.t.logs.some((l) => String(l.msg).includes('本进程待命'))).toBe(true);

    // The holder stops: the lease row is dropped, so the other one can take it at its next renewal.
    await a.ch.stop!();
    expect(await b.t.stores.tokens.get(aibotLeaseKey(BOT_ID))).toBeNull();
  });

  it('bad credentials: a clear Chinese error is logged, nothing crashes, stop() still works', async () => {
    const { t, ch, gw } = await fullApp({ secret: 'wrong-secret' });
    await ch.start!();
    await gw.waitForSubscribe(1);
    expect(gw.subscribes[0]).toMatchObject({ ok: false });
    await until(() => t.logs.some((l) => l.level === 50 && String(l.msg).includes('认证失败')));
    const line = t.logs.find((l) => l.level === 50 && String(l.msg).includes('认证失败'))!;
    expect(line.msg).toContain('WECOM_AIBOT_SECRET');
    expect(line).toMatchObject({ errcode: 40001 });
    expect(JSON.stringify(t.logs)).not.toContain('wrong-secret'); // the secret is never logged
    await ch.stop!();
    expect(await t.prisma.inboundMessage.count()).toBe(0);
  });
});

describe('AI bot long connection: reconnect, heartbeat, replies', () => {
  it('reconnects after the gateway drops the socket, and answers on the new connection', async () => {
    const { c, gw } = await standalone({ dispatcher: replying('好的') });
    await c.start();
    await gw.waitForAuth(1);
    gw.drop();
    await gw.waitForAuth(2);
    await until(() => c.connected);
    const id = gw.push(groupText('m-after-drop', '在吗'));
    const reply = await gw.waitForFrame(finished(id));
    expect(reply.connection).toBe(2);
    expect(reply.body.stream.content).toBe('好的');
  });

  it('sends heartbeats; when they go unanswered it drops the connection and opens a new one', async () => {
    const { c, gw } = await standalone({ dispatcher: replying('x'), options: { heartbeatMs: 40 } });
    await c.start();
    await gw.waitForAuth(1);
    await gw.waitForFrame((f) => f.cmd === 'ping' && f.connection === 1);
    gw.answerPings(false);
    await gw.waitForSubscribe(2); // two missed acks: the SDK terminates and reconnects
    gw.answerPings(true);
    await gw.waitForAuth(2);
    await until(() => c.connected);
  });

  it('a `later` answer shows 正在处理 first, then finishes the same stream', async () => {
    let release!: (m: OutgoingMessage | undefined) => void;
    const later = new Promise<OutgoingMessage | undefined>((r) => (release = r));
    const { c, gw } = await standalone({ dispatcher: { handle: async () => ({ duplicate: false, later }) } });
    await c.start();
    await gw.waitForAuth(1);
    const id = gw.push(groupText('m-later', REPAIR_TEXT));
    const pending = await gw.waitForFrame((f) => f.cmd === 'aibot_respond_msg' && f.headers.req_id === id);
    expect(pending.body.stream).toMatchObject({ finish: false, content: STREAM_PENDING_TEXT });
    release({ text: '已登记 报修#7' });
    const done = await gw.waitForFrame(finished(id));
    expect(done.body.stream).toMatchObject({ id: pending.body.stream.id, content: '已登记 报修#7' });
  });

  it('a duplicate is not answered; single chats map to a direct chat; enter_chat gets the welcome text', async () => {
    const seen: IncomingMessage[] = [];
    let n = 0;
    const dispatcher: Dispatcher = {
      handle: async (msg): Promise<DispatchResult> => {
        seen.push(msg);
        return n++ === 0 ? { duplicate: false, reply: { text: 'one' } } : { duplicate: true };
      },
    };
    const { c, gw } = await standalone({ dispatcher });
    await c.start();
    await gw.waitForAuth(1);
    const single = { msgid: 'm-single', aibotid: BOT_ID, chattype: 'single', from: { userid: 'lisi' }, msgtype: 'text', text: { content: '查询 报修#1' } };
    const id = gw.push(single);
    await gw.waitForFrame(finished(id));
    gw.push(single);
    const ev = gw.pushEvent({ msgid: 'ev-1', aibotid: BOT_ID, chattype: 'single', from: { userid: 'lisi' }, create_time: 1795395600, msgtype: 'event', event: { eventtype: 'enter_chat' } });
    const welcome = await gw.waitForFrame((f) => f.cmd === 'aibot_respond_welcome_msg' && f.headers.req_id === ev);
    expect(welcome.body).toMatchObject({ msgtype: 'text', text: { content: expect.stringContaining('值班台') } });
    await c.drain();
    expect(seen).toHaveLength(2);
    expect(seen[0]).toMatchObject({ platform: 'wecom-aibot', msgId: 'm-single', chat: { id: 'lisi', type: 'direct' }, sender: { id: 'lisi' }, text: '查询 报修#1' });
    expect(gw.replies()).toHaveLength(1);
  });

  it('lease: a second process stands by and takes over when the holder stops', async () => {
    const tokens = memoryTokens();
    const a = await standalone({ dispatcher: replying('a'), tokens, options: { holderId: 'host-a' } });
    const b = await standalone({ dispatcher: replying('b'), tokens, options: { holderId: 'host-b' } });
    await a.c.start();
    await gw!.waitForAuth(1);
    await b.c.start();
    await sleep(150); // several renewal periods
    expect(a.c.holder).toBe(true);
    expect(b.c.holder).toBe(false);
    expect(b.c.connected).toBe(false);
    expect(gw!.connections).toBe(1);
    expect((await tokens.get(aibotLeaseKey(BOT_ID)))?.value).toBe('host-a');

    await a.c.stop();
    await gw!.waitForAuth(2);
    await until(() => b.c.connected);
    expect(b.c.holder).toBe(true);
    expect((await tokens.get(aibotLeaseKey(BOT_ID)))?.value).toBe('host-b');
    const id = gw!.push(groupText('m-b', 'hi'));
    expect((await gw!.waitForFrame(finished(id))).body.stream.content).toBe('b');
  });

  it('a holder that finds another live lease disconnects', async () => {
    const tokens = memoryTokens();
    const { c, gw } = await standalone({ dispatcher: replying('x'), tokens, options: { holderId: 'host-d' } });
    await c.start();
    await gw.waitForAuth(1);
    const closed = gw.waitForClose();
    await tokens.put(aibotLeaseKey(BOT_ID), 'host-e', new Date(Date.parse(REFERENCE_TIME) + 60_000));
    await closed;
    expect(c.holder).toBe(false);
    await c.stop();
    expect((await tokens.get(aibotLeaseKey(BOT_ID)))?.value).toBe('host-e');
  });

  it('dropped by WeCom for a newer connection of the same bot (disconnected_event): reconnects after a pause', async () => {
    const { c, gw } = await standalone({ dispatcher: replying('x'), options: { kickedRetryMs: 200 } });
    await c.start();
    await gw.waitForAuth(1);
    // Another deployment subscribes with the same bot: the gateway kicks our connection.
    const { WSClient } = await import('@wecom/aibot-node-sdk');
    const intruder = new WSClient({ botId: BOT_ID, secret: BOT_SECRET, wsUrl: gw.url, logger: { debug() {}, info() {}, warn() {}, error() {} } });
    intruder.connect();
    await gw.waitForAuth(2);
    await until(() => !c.connected);
    intruder.disconnect();
    await gw.waitForAuth(3);
    await until(() => c.connected);
  });
});
