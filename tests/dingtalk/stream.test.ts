// Stream mode against a fake gateway on 127.0.0.1: registration POST + a real WebSocket pushing CALLBACK frames.
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { DispatchResult, Dispatcher } from '../../src/bot/channel.js';
import { DingtalkClient } from '../../src/bot/dingtalk/client.js';
import { createDingtalkStream, type DingtalkStream } from '../../src/bot/dingtalk/stream.js';
import type { IncomingMessage } from '../../src/bot/message.js';
import { fixedClock, type ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import type { TokenStore } from '../../src/store/types.js';
import { buildTestApp, REFERENCE_TIME, type TestApp } from '../helpers/app.js';
import { startFakeDingtalk, type FakeDingtalk } from '../fakes/dingtalk-server.js';
import { attachStreamGateway, TOPIC_ROBOT, type FakeStreamGateway } from '../fakes/dingtalk-stream-gateway.js';
import { APP_KEY, APP_SECRET, REPAIR_TEXT, ROBOT_CODE, robotText } from './util.js';

let t: TestApp | undefined;
let fake: FakeDingtalk | undefined;
let stream: DingtalkStream | undefined;
afterEach(async () => {
  await stream?.stop();
  for (const ch of t?.runtime.channels ?? []) await ch.stop?.();
  await t?.close();
  await fake?.close();
  t = fake = stream = undefined;
});

const env = (url: string) => ({
  DINGTALK_APP_KEY: APP_KEY,
  DINGTALK_APP_SECRET: APP_SECRET,
  DINGTALK_ROBOT_CODE: ROBOT_CODE,
  DINGTALK_MODE: 'stream',
  DINGTALK_API_BASE: url,
  DINGTALK_OAPI_BASE: url,
});

describe('Stream mode on the full app', () => {
  it('ACKs every push, replies through the sessionWebhook, and a redelivery gives one ticket', async () => {
    const clock: ManualClock = fixedClock(REFERENCE_TIME);
    fake = await startFakeDingtalk({ appKey: APP_KEY, appSecret: APP_SECRET, now: () => clock.now() });
    const gw = attachStreamGateway(fake, { clientId: APP_KEY, clientSecret: APP_SECRET });
    t = await buildTestApp({ clock, env: env(fake.url) });
    const ch = t.runtime.channels.find((c) => c.name === 'dingtalk')!;
    expect(ch.routes).toBeUndefined(); // no HTTP callback in stream mode

    await ch.start!();
    await gw.waitForConnection(1);
    expect(gw.registrations[0].body).toMatchObject({ clientId: APP_KEY, clientSecret: APP_SECRET, subscriptions: [{ type: 'CALLBACK', topic: TOPIC_ROBOT }] });
    expect(gw.registrations[0].accept).toBe('application/json');

    const body = robotText({ text: REPAIR_TEXT, createAt: clock.now().getTime(), sessionWebhook: fake.sessionUrl('s-1') });
    const first = gw.pushRobot(body);
    const ack = await gw.waitForAck(first);
    expect(ack).toMatchObject({ code: 200, message: 'OK', headers: { messageId: first, contentType: 'application/json' } });
    expect(JSON.parse(ack.data)).toEqual({ response: null });
    const reply = await fake.waitFor((r) => r.endpoint === 'session');
    expect(reply.body.text.content).toContain('#1');

    // DingTalk redelivers the same robot message under a new frame id (e.g. ~60 s later without an ACK).
    const again = gw.pushRobot(body);
    await gw.waitForAck(again);
    await ch.stop!(); // disconnects and waits for the messages still being processed
    expect(await t.prisma.ticket.count()).toBe(1);
    expect(await t.stores.inbound.count()).toBe(1);
    expect(fake.requests.filter((r) => r.endpoint === 'session')).toHaveLength(1);
  });
});

/** A dispatcher whose answers the test releases by hand. */
function gatedDispatcher() {
  const calls: Array<{ msg: IncomingMessage; release: (r: DispatchResult) => void }> = [];
  const waiters: Array<() => void> = [];
  const dispatcher: Dispatcher = {
    handle: (msg) =>
      new Promise<DispatchResult>((release) => {
        calls.push({ msg, release });
        waiters.splice(0).forEach((w) => w());
      }),
  };
  const called = (n: number) => new Promise<void>((resolve) => (calls.length >= n ? resolve() : waiters.push(() => calls.length >= n && resolve())));
  return { dispatcher, calls, called };
}

function memoryTokens(): TokenStore {
  const m = new Map<string, { value: string; expiresAt: Date }>();
  return { get: async (k) => m.get(k) ?? null, put: async (k, value, expiresAt) => void m.set(k, { value, expiresAt }), drop: async (k) => void m.delete(k) };
}

async function standalone() {
  const clock = fixedClock(REFERENCE_TIME);
  fake = await startFakeDingtalk({ appKey: APP_KEY, appSecret: APP_SECRET, now: () => clock.now() });
  const gw: FakeStreamGateway = attachStreamGateway(fake, { clientId: APP_KEY, clientSecret: APP_SECRET });
  const config = loadConfig(env(fake.url)).dingtalk;
  const logger = pino({ level: 'silent' });
  const client = new DingtalkClient({ config, tokens: memoryTokens(), clock, logger });
  const gate = gatedDispatcher();
  stream = createDingtalkStream({ config, dispatcher: gate.dispatcher, client, clock, logger, botNames: ['值班台'] });
  return { clock, gw, gate, stream, fake };
}

describe('Stream client', () => {
  it('ACKs before processing finishes, then replies when the answer is ready', async () => {
    const { clock, gw, gate, stream, fake } = await standalone();
    await stream.start();
    await gw.waitForConnection(1);
    const id = gw.pushRobot(robotText({ text: '@值班台 帮助', createAt: clock.now().getTime(), sessionWebhook: fake.sessionUrl('s-2') }));
    await gw.waitForAck(id);
    await gate.called(1);
    expect(gate.calls[0]!.msg).toMatchObject({ platform: 'dingtalk', text: '帮助', chat: { type: 'group' } });
    expect(fake.requests).toHaveLength(0); // still processing, already ACKed

    gate.calls[0]!.release({ duplicate: false, reply: { text: '可用命令：报修、投诉' } });
    const sent = await fake.waitFor((r) => r.endpoint === 'session');
    expect(sent.body).toEqual({ msgtype: 'text', text: { content: '可用命令：报修、投诉' } });
  });

  it('a duplicate (redelivery) is ACKed and not answered twice', async () => {
    const { clock, gw, gate, stream, fake } = await standalone();
    await stream.start();
    await gw.waitForConnection(1);
    const body = robotText({ text: '帮助', createAt: clock.now().getTime(), sessionWebhook: fake.sessionUrl() });
    await gw.waitForAck(gw.pushRobot(body));
    await gw.waitForAck(gw.pushRobot(body));
    await gate.called(2);
    gate.calls[0]!.release({ duplicate: false, reply: { text: 'one' } });
    gate.calls[1]!.release({ duplicate: true });
    await stream.drain();
    expect(fake.requests.filter((r) => r.endpoint === 'session')).toHaveLength(1);
  });

  it('ACKs frames it cannot use without handing them on', async () => {
    const { gw, gate, stream } = await standalone();
    await stream.start();
    await gw.waitForConnection(1);
    await gw.waitForAck(gw.pushRobot({ msgtype: 'text', nothing: 'else' }));
    await stream.drain();
    expect(gate.calls).toHaveLength(0);
  });

  it('echoes ping and reconnects (new registration, new ticket) after a drop and after a SYSTEM disconnect', async () => {
    const { clock, gw, gate, stream, fake } = await standalone();
    await stream.start();
    await gw.waitForConnection(1);
    const echo = await gw.ping();
    expect(echo.code).toBe(200);

    gw.drop(); // connection killed without a close handshake
    await gw.waitForConnection(2);
    expect(gw.registrations).toHaveLength(2);
    const id = gw.pushRobot(robotText({ text: '帮助', createAt: clock.now().getTime(), sessionWebhook: fake.sessionUrl() }));
    expect((await gw.waitForAck(id)).connection).toBe(2);

    gw.sendDisconnect(); // server asks to move: the client drops it at once and opens a new one
    await gw.waitForConnection(3);
    expect(gw.registrations).toHaveLength(3);
    const id3 = gw.pushRobot(robotText({ text: '帮助', createAt: clock.now().getTime(), sessionWebhook: fake.sessionUrl() }));
    expect((await gw.waitForAck(id3)).connection).toBe(3);
    await gate.called(2);
    gate.calls.forEach((c) => c.release({ duplicate: false }));
    expect(stream.connected).toBe(true);
  });

  it('stop() closes the connection', async () => {
    const { gw, stream } = await standalone();
    await stream.start();
    await gw.waitForConnection(1);
    const closed = gw.waitForClose();
    await stream.stop();
    await closed;
    expect(stream.connected).toBe(false);
  });
});
