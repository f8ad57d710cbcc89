// Stream mode against a fake gateway on 127.0.0.1: registration POST + a real WebSocket pushing CALLBACK frames.
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { DispatchResult, Dispatcher } from '../../src/bot/channel.js';
import { DingtalkClient } from '../../src/bot/dingtalk/client.js';
import { createDingtalkStream, STREAM_LEASE_TTL_MS, streamLeaseKey } from '../../src/bot/dingtalk/stream.js';
import type { IncomingMessage, OutgoingMessage } from '../../src/bot/message.js';
import { fixedClock, type ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import type { TokenStore } from '../../src/store/index.js';
import { REFERENCE_TIME } from '../helpers/app.js';
import { deferred, sleep, until } from '../helpers/async.js';
import { closeAfterEach } from '../helpers/cleanup.js';
import { memoryTokens } from '../helpers/memory-tokens.js';
import { startFakeDingtalk, type FakeDingtalk } from '../fakes/dingtalk-server.js';
import { attachStreamGateway, TOPIC_ROBOT, type FakeStreamGateway } from '../fakes/dingtalk-stream-gateway.js';
import { APP_KEY, APP_SECRET, dingtalkEnv, REPAIR_TEXT, robotText, setup } from './util.js';

const closeLater = closeAfterEach();
const STREAM_MODE = { DINGTALK_MODE: 'stream' };

/** The full app in stream mode against a fake DingTalk with a Stream gateway; its channels stop before it closes. */
async function fullApp() {
  const s = closeLater(await setup(STREAM_MODE));
  const gw = attachStreamGateway(s.fake, { clientId: APP_KEY, clientSecret: APP_SECRET });
  closeLater(async () => {
    for (const ch of s.t.runtime.channels) await ch.stop?.();
  });
  return { ...s, gw, ch: s.t.runtime.channels.find((c) => c.name === 'dingtalk')! };
}

describe('Stream mode on the full app', () => {
  it('ACKs every push, replies through the sessionWebhook, and a redelivery gives one ticket', async () => {
    const { t, fake, clock, gw, ch } = await fullApp();
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
  const called = (n: number) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (calls.length >= n) resolve();
        else waiters.push(check);
      };
      check();
    });
  return { dispatcher, calls, called };
}

/** The fake DingTalk and its Stream gateway, shared by the standalone streams of one test. */
let platform: { fake: FakeDingtalk; gw: FakeStreamGateway } | undefined;

async function standalone(opts: { dispatcher?: Dispatcher; ackDeadlineMs?: number; clock?: ManualClock; tokens?: TokenStore; lease?: boolean; holderId?: string } = {}) {
  const clock = opts.clock ?? fixedClock(REFERENCE_TIME);
  if (!platform) {
    const fake = closeLater(await startFakeDingtalk({ appKey: APP_KEY, appSecret: APP_SECRET, now: () => clock.now() }));
    platform = { fake, gw: attachStreamGateway(fake, { clientId: APP_KEY, clientSecret: APP_SECRET }) };
    closeLater(() => void (platform = undefined));
  }
  const { fake, gw } = platform;
  const config = loadConfig(dingtalkEnv(fake.url, STREAM_MODE)).dingtalk;
  const logger = pino({ level: 'silent' });
  const tokens = opts.tokens ?? memoryTokens();
  const client = new DingtalkClient({ config, tokens, clock, logger });
  const gate = gatedDispatcher();
  const s = createDingtalkStream({
    config,
    dispatcher: opts.dispatcher ?? gate.dispatcher,
    client,
    clock,
    logger,
    botNames: ['值班台'],
    ackDeadlineMs: opts.ackDeadlineMs ?? 100,
    ...(opts.lease ? { lease: { tokens, renewMs: 30, holderId: opts.holderId } } : {}),
  });
  closeLater(() => s.stop());
  return { clock, gw, gate, stream: s, fake, tokens };
}

describe('Stream client', () => {
  it('dispatcher answers `later`: ACKed as soon as recorded, the reply goes out when `later` resolves', async () => {
    const answer = deferred<OutgoingMessage | undefined>();
    const seen: IncomingMessage[] = [];
    const dispatcher: Dispatcher = {
      handle: async (msg) => {
        seen.push(msg);
        return { duplicate: false, later: answer.promise };
      },
    };
    const { clock, gw, stream, fake } = await standalone({ dispatcher, ackDeadlineMs: 60_000 }); // the ACK must not wait for the deadline
    await stream.start();
    await gw.waitForConnection(1);
    const id = gw.pushRobot(robotText({ text: '@值班台 帮助', createAt: clock.now().getTime(), sessionWebhook: fake.sessionUrl('s-2') }));
    const ack = await gw.waitForAck(id);
    expect(JSON.parse(ack.data)).toEqual({ response: null });
    expect(seen[0]).toMatchObject({ platform: 'dingtalk', text: '帮助', chat: { type: 'group' } });
    expect(fake.requests).toHaveLength(0); // still processing, already ACKed

    answer.resolve({ text: '可用命令：报修、投诉' });
    const sent = await fake.waitFor((r) => r.endpoint === 'session');
    expect(sent.body).toEqual({ msgtype: 'text', text: { content: '可用命令：报修、投诉' } });
  });

  it('dispatcher answers `reply`: ACKed, and the reply is sent through the sessionWebhook', async () => {
    const dispatcher: Dispatcher = { handle: async () => ({ duplicate: false, reply: { text: '好的' } }) };
    const { clock, gw, stream, fake } = await standalone({ dispatcher, ackDeadlineMs: 60_000 });
    await stream.start();
    await gw.waitForConnection(1);
    await gw.waitForAck(gw.pushRobot(robotText({ text: '帮助', createAt: clock.now().getTime(), sessionWebhook: fake.sessionUrl('s-3') })));
    expect((await fake.waitFor((r) => r.endpoint === 'session')).body.text.content).toBe('好的');
  });

  it('a dispatcher that has not answered yet is still ACKed within the deadline, and the reply follows', async () => {
    const { clock, gw, gate, stream, fake } = await standalone({ ackDeadlineMs: 100 });
    await stream.start();
    await gw.waitForConnection(1);
    const id = gw.pushRobot(robotText({ text: '帮助', createAt: clock.now().getTime(), sessionWebhook: fake.sessionUrl('s-4') }));
    await gate.called(1);
    await gw.waitForAck(id);
    expect(fake.requests).toHaveLength(0);
    gate.calls[0]!.release({ duplicate: false, reply: { text: 'done' } });
    expect((await fake.waitFor((r) => r.endpoint === 'session')).body.text.content).toBe('done');
  });

  it('a message the dispatcher could not record is not ACKed, so DingTalk pushes it again', async () => {
    const dispatcher: Dispatcher = { handle: async () => Promise.reject(new Error('database is locked')) };
    const { clock, gw, stream } = await standalone({ dispatcher, ackDeadlineMs: 100 });
    await stream.start();
    await gw.waitForConnection(1);
    const id = gw.pushRobot(robotText({ text: '帮助', createAt: clock.now().getTime() }));
    await stream.drain();
    await sleep(250); // past the deadline
    expect(gw.frames.filter((f) => f.headers?.messageId === id)).toHaveLength(0);
  });

  it('a duplicate (redelivery) is ACKed and not answered twice', async () => {
    const { clock, gw, gate, stream, fake } = await standalone();
    await stream.start();
    await gw.waitForConnection(1);
    const body = robotText({ text: '帮助', createAt: clock.now().getTime(), sessionWebhook: fake.sessionUrl() });
    const a = gw.pushRobot(body);
    const b = gw.pushRobot(body);
    await gate.called(2);
    gate.calls[0]!.release({ duplicate: false, reply: { text: 'one' } });
    gate.calls[1]!.release({ duplicate: true });
    await gw.waitForAck(a);
    await gw.waitForAck(b);
    await stream.drain();
    expect(fake.requests.filter((r) => r.endpoint === 'session')).toHaveLength(1);
  });

  it('ACKs frames it cannot use without handing them on', async () => {
    const { gw, gate, stream } = await standalone({ ackDeadlineMs: 60_000 });
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

describe('Stream lease: one process holds the stream', () => {
  it('a second process sharing the database stands by, and takes over when the first one stops', async () => {
    const tokens = memoryTokens();
    const clock = fixedClock(REFERENCE_TIME);
    const a = await standalone({ tokens, clock, lease: true, holderId: 'host-a' });
    const b = await standalone({ tokens, clock, lease: true, holderId: 'host-b' });
    await a.stream.start();
    await a.gw.waitForConnection(1);
    await b.stream.start();
    await sleep(150); // several renewal periods
    expect(a.stream.holder).toBe(true);
    expect(b.stream.holder).toBe(false);
    expect(b.stream.connected).toBe(false);
    expect(a.gw.registrations).toHaveLength(1);
    expect((await tokens.get(streamLeaseKey(APP_KEY)))?.value).toBe('host-a');

    await a.stream.stop(); // gives the lease back
    await a.gw.waitForConnection(2);
    await until(() => b.stream.connected, 2000); // the client side is open too (stopping a socket still being opened makes ws log an error)
    expect(b.stream.holder).toBe(true);
    expect((await tokens.get(streamLeaseKey(APP_KEY)))?.value).toBe('host-b');
    expect(a.gw.registrations).toHaveLength(2);
  });

  it("a crashed holder's lease is taken over once it has expired (injected clock)", async () => {
    const tokens = memoryTokens();
    const clock = fixedClock(REFERENCE_TIME);
    await tokens.put(streamLeaseKey(APP_KEY), 'crashed-host', new Date(clock.now().getTime() + STREAM_LEASE_TTL_MS));
    const { gw, stream } = await standalone({ tokens, clock, lease: true, holderId: 'host-c' });
    await stream.start();
    await sleep(120);
    expect(stream.holder).toBe(false);
    expect(gw.connections).toBe(0);
    clock.advance(STREAM_LEASE_TTL_MS + 1);
    await gw.waitForConnection(1);
    await until(() => stream.connected, 2000);
    expect(stream.holder).toBe(true);
    const row = await tokens.get(streamLeaseKey(APP_KEY));
    expect(row).toMatchObject({ value: 'host-c', expiresAt: new Date(clock.now().getTime() + STREAM_LEASE_TTL_MS) });
  });

  it('a holder that finds another live lease disconnects', async () => {
    const tokens = memoryTokens();
    const clock = fixedClock(REFERENCE_TIME);
    const { gw, stream } = await standalone({ tokens, clock, lease: true, holderId: 'host-d' });
    await stream.start();
    await gw.waitForConnection(1);
    const closed = gw.waitForClose();
    await tokens.put(streamLeaseKey(APP_KEY), 'host-e', new Date(clock.now().getTime() + STREAM_LEASE_TTL_MS)); // a simultaneous claim won
    await closed;
    expect(stream.holder).toBe(false);
    await stream.stop();
    expect((await tokens.get(streamLeaseKey(APP_KEY)))?.value).toBe('host-e'); // not ours: left alone
  });

  it('the full app in stream mode takes the lease in the database', async () => {
    const { t, gw, ch } = await fullApp();
    await ch.start!();
    await gw.waitForConnection(1);
    await sleep(50);
    expect((await t.stores.tokens.get(streamLeaseKey(APP_KEY)))?.value).toContain(`:${process.pid}:`);
    await ch.stop!();
    expect(await t.stores.tokens.get(streamLeaseKey(APP_KEY))).toBeNull();
  });
});
