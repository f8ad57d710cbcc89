// Stream mode (Stream 模式): the robot messages arrive over DingTalk's WebSocket instead of the HTTP callback.
// Uses the official `dingtalk-stream` SDK (2.1.5) with four fixes around it:
//  - the registration POST goes to `${config.dingtalk.apiBase}/v1.0/gateway/connections/open` (the SDK hard-codes
//    api.dingtalk.com, which left tests no way to use a local gateway);
//  - one reconnect loop only (2.1.5 can start two after a failed connect) with backoff 1 s → 60 s;
//  - SYSTEM `disconnect` drops the socket at once so the SDK's autoReconnect opens a new one (2.1.5 only flips flags);
//  - an idle watchdog: WebSocket ping every 30 s, terminate when nothing was heard for 90 s.
// Every robot CALLBACK is ACKed with socketCallBackResponse as soon as the dispatcher has recorded it (a few ms),
// before it is processed, and at the latest after STREAM_ACK_DEADLINE_MS (DingTalk redelivers after ~60 s
// otherwise); a redelivery is harmless because the dispatcher de-duplicates on msgId. Replies go out afterwards
// through the sessionWebhook / robot API (reply.ts).
//
// Only ONE process may hold the stream for an app: DingTalk hands each push to one randomly chosen connection, so a
// second process with the same AppKey (a laptop, a second replica) silently takes a share of the messages.
// Processes sharing the database coordinate through a lease row in the token store (renewed every 20 s, 60 s ttl):
// the others stand by and take over when the holder stops or dies. A process on another database (a developer's
// laptop) cannot be seen; the README (钉钉 Stream 模式) tells people not to do that.
import { TOPIC_ROBOT, type DWClientDownStream } from 'dingtalk-stream';
import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import type { DingtalkConfig } from '../../config.js';
import type { Dispatcher } from '../channel.js';
import { LEASE_RENEW_MS, LEASE_TTL_MS } from '../lease.js';
import { holdConnection, type LeaseSettings, type LongConnection } from '../long-connection.js';
import { respond } from '../respond.js';
import type { DingtalkClient } from './client.js';
import { decode, replyHintOf } from './decode.js';
import { createLateReplies, type LateReplies } from './reply.js';
import { GatewayClient } from './stream-gateway.js';

export { WATCHDOG_IDLE_MS, WATCHDOG_INTERVAL_MS } from './stream-gateway.js';

export interface DingtalkStreamDeps {
  config: DingtalkConfig;
  dispatcher: Dispatcher;
  client: DingtalkClient;
  clock: Clock;
  logger: Logger;
  botNames?: string[];
  /** Single holder of the stream across processes sharing the database. Without it, every start() connects. */
  lease?: LeaseSettings;
  /** ACK at the latest this long after a push, even when the dispatcher has not recorded it yet. */
  ackDeadlineMs?: number;
  lateReplies?: LateReplies;
}

export type DingtalkStream = LongConnection;

/** Lease row: ttl 60 s, renewed every 20 s; a crashed holder is replaced after at most ttl + renew. */
export const STREAM_LEASE_TTL_MS = LEASE_TTL_MS;
export const STREAM_LEASE_RENEW_MS = LEASE_RENEW_MS;
/** The ACK waits for the inbound row to be recorded (normally a few ms), but never longer than this. */
export const STREAM_ACK_DEADLINE_MS = 1_500;

export const streamLeaseKey = (appKey: string) => `dingtalk-stream-lease:${appKey}`;

export function createDingtalkStream(deps: DingtalkStreamDeps): DingtalkStream {
  const robot = deps.config.robot;
  if (!robot) throw new Error('DingTalk stream mode needs DINGTALK_APP_KEY / DINGTALK_APP_SECRET / DINGTALK_ROBOT_CODE');
  const log = deps.logger;
  const ackDeadline = deps.ackDeadlineMs ?? STREAM_ACK_DEADLINE_MS;
  let sdk: GatewayClient | undefined;
  const held = holdConnection({
    logger: log,
    clock: deps.clock,
    connect,
    disconnect,
    newLateReplies: () => deps.lateReplies ?? createLateReplies({ client: deps.client, logger: log }),
    lease: deps.lease && { ...deps.lease, key: streamLeaseKey(robot.appKey), what: '钉钉 Stream 连接' },
  });

  // ---- connection -------------------------------------------------------------------------------------------
  function connect() {
    if (sdk && !sdk.stopped) return;
    sdk = new GatewayClient({
      clientId: robot!.appKey,
      clientSecret: robot!.appSecret,
      gatewayUrl: `${deps.config.apiBase}/v1.0/gateway/connections/open`,
      clock: deps.clock,
      logger: log,
    });
    const own = sdk;
    own.registerCallbackListener(TOPIC_ROBOT, (frame: DWClientDownStream) => onRobotMessage(own, frame));
    own.on('error', (err: unknown) => log.warn({ err }, '钉钉 Stream 错误 DingTalk stream error'));
    // Does not wait for the connection: the SDK keeps retrying in the background (server start must not hang).
    void own.connect();
    log.info('钉钉 Stream 模式已启动 DingTalk stream mode started');
  }

  function disconnect() {
    sdk?.stop();
    sdk = undefined;
  }

  // ---- messages ---------------------------------------------------------------------------------------------
  function ack(client: GatewayClient, messageId: string) {
    try {
      client.socketCallBackResponse(messageId, null);
    } catch (err) {
      log.warn({ err, messageId }, '钉钉 Stream ACK 发送失败 DingTalk stream ACK failed');
    }
  }

  async function handleFrame(frame: DWClientDownStream, acked: () => boolean, ackNow: () => void): Promise<void> {
    const messageId = frame.headers.messageId;
    let body: unknown;
    try {
      body = JSON.parse(frame.data);
    } catch {
      ackNow(); // nothing to redeliver that we could use
      log.warn({ messageId }, '钉钉 Stream 消息不是 JSON DingTalk stream data is not JSON');
      return;
    }
    const msg = decode(body, { now: deps.clock.now(), botNames: deps.botNames });
    if (!msg) {
      ackNow();
      log.info({ messageId }, '忽略无法识别的钉钉 Stream 消息 unsupported DingTalk stream message');
      return;
    }
    try {
      // Resolves once the inbound row is recorded; every reply goes out through the sessionWebhook / robot API.
      await respond(deps.dispatcher, msg, { later: (answer) => held.late.send(replyHintOf(msg)!, answer, msg.msgId), ack: () => undefined });
    } catch (err) {
      // Not recorded: without an ACK DingTalk pushes it again (~60 s), which is the retry we want.
      log.error({ err, messageId, msgId: msg.msgId, acked: acked() }, '钉钉 Stream 消息未能入库 DingTalk stream message not recorded');
      return;
    }
    ackNow();
  }

  function onRobotMessage(client: GatewayClient, frame: DWClientDownStream) {
    // ACK as soon as the message is recorded (so a crash before that gets it redelivered), and in any case
    // within ackDeadline: DingTalk redelivers an un-ACKed push after ~60 s (sometimes ~16 s).
    const messageId = frame.headers.messageId;
    let done = false;
    const ackNow = () => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      ack(client, messageId);
    };
    const deadline = setTimeout(ackNow, ackDeadline);
    deadline.unref();
    held.track(
      handleFrame(frame, () => done, ackNow)
        .catch((err) => log.error({ err, messageId }, '钉钉 Stream 消息处理失败 DingTalk stream message failed'))
        .finally(() => {
          if (!done) clearTimeout(deadline); // a failed recording: leave it to DingTalk's redelivery
        }),
    );
  }

  return {
    start: () => held.start(),
    stop: () => held.stop(),
    drain: () => held.drain(),
    get connected() {
      return !!sdk?.connected;
    },
    get holder() {
      return held.holder;
    },
  };
}
