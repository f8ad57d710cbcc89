// WeCom (企业微信) channel module: callbacks (/wecom/callback, /wecom/aibot), 微信客服 sync, and the outbox senders
//   'wecom-app'    recipient = userid                          → POST /cgi-bin/message/send (agentid)
//   'wecom-group'  recipient = 'default'                       → group robot webhook (WECOM_GROUP_WEBHOOK_KEY)
//   'wecom-kf'     recipient = `${open_kfid}:${external_userid}` → POST /cgi-bin/kf/send_msg
// Each part is enabled only when its configuration group is complete.
import type { ChannelFactory, ChannelModule, Sender } from '../channel.js';
import { DeliveryError } from '../channel.js';
import { createRateLimiter, type RateLimiter } from '../rate.js';
import type { OutboxChannel } from '../message.js';
import { createAibotStreams } from './aibot.js';
import { WecomClient } from './client.js';
import { createKfSync } from './kf.js';
import { createLateReplies } from '../late-replies.js';
import { createAibotLongConnection } from './long.js';
import { wecomRoutes } from './plugin.js';

export { WecomClient } from './client.js';

/** message/send: at most 30 messages per minute from one app to one member (excess is silently dropped by WeCom). */
export const MEMBER_LIMIT = { limit: 30, windowMs: 60_000 } as const;
/** Group robot: 20 messages per minute per robot. */
export const ROBOT_LIMIT = { limit: 20, windowMs: 60_000 } as const;

/** Claims a slot, runs the send; over the limit → DeliveryError 'rate' (the outbox keeps the row) without calling WeCom. */
async function limited(limiter: RateLimiter, key: string, what: string, send: () => Promise<void>): Promise<void> {
  const slot = limiter.take(key);
  if (!slot.ok) throw new DeliveryError(`企业微信发送频率已达上限（${what}），稍后重试 local rate limit`, 'rate', slot.retryAfterMs, 'localRateLimit');
  try {
    await send();
  } catch (err) {
    // WeCom throttled us anyway (another process): a per-minute breach blocks for 60 s.
    if (err instanceof DeliveryError && err.platformCode === 45009) limiter.block(key, err.retryAfterMs ?? 60_000);
    throw err;
  }
}

export const createWecomChannel: ChannelFactory = (ctx) => {
  const wc = ctx.config.wecom;
  if (!wc.app && !wc.aibot && !wc.groupWebhookKey) return null;
  const logger = ctx.logger.child({ channel: 'wecom' });
  const client = new WecomClient({ config: wc, tokens: ctx.tokens, clock: ctx.clock, logger });
  const memberLimiter = createRateLimiter({ ...MEMBER_LIMIT, clock: ctx.clock });
  const robotLimiter = createRateLimiter({ ...ROBOT_LIMIT, clock: ctx.clock });
  const late = createLateReplies({ logger, platform: 'wecom' });

  const senders: Partial<Record<OutboxChannel, Sender>> = {};
  if (wc.app) {
    senders['wecom-app'] = {
      send: (userId, message) => limited(memberLimiter, `member:${userId}`, '每人每分钟 30 条', () => client.sendApp(userId, message, { cardUrl: ctx.config.publicBaseUrl })),
    };
  }
  if (wc.groupWebhookKey) {
    senders['wecom-group'] = {
      send(recipient, message) {
        if (recipient !== 'default') return Promise.reject(new DeliveryError(`未知的企业微信群 unknown wecom-group recipient ${recipient}`, 'fatal'));
        return limited(robotLimiter, 'robot:default', '群机器人每分钟 20 条', () => client.sendWebhook(message));
      },
    };
  }
  const kf = wc.app && wc.kfOpenKfid ? createKfSync({ client, cursors: ctx.cursors, dispatcher: ctx.dispatcher, clock: ctx.clock, logger, late }) : undefined;
  if (kf) {
    senders['wecom-kf'] = {
      async send(recipient, message) {
        const i = recipient.indexOf(':');
        if (i <= 0 || i === recipient.length - 1) throw new DeliveryError(`微信客服收件人格式错误 bad wecom-kf recipient`, 'fatal');
        await client.kfSend(recipient.slice(0, i), recipient.slice(i + 1), message);
      },
    };
  }

  const aibotCallback = wc.aibot?.mode === 'callback';
  const module: ChannelModule & { kf?: typeof kf; client: WecomClient; late: typeof late } = { name: 'wecom', senders, kf, client, late };
  if (wc.app || aibotCallback) {
    module.routes = wecomRoutes({
      config: ctx.config,
      dispatcher: ctx.dispatcher,
      clock: ctx.clock,
      logger,
      client,
      late,
      kf,
      streams: aibotCallback ? createAibotStreams({ clock: ctx.clock }) : undefined,
      app: !!wc.app,
      aibot: aibotCallback,
    });
  }
  if (wc.aibot?.mode === 'long') {
    // Only one process may hold the long connection; the lease in the token store enforces it.
    const long = createAibotLongConnection({ config: ctx.config, dispatcher: ctx.dispatcher, clock: ctx.clock, logger, tokens: ctx.tokens });
    module.start = () => long.start();
    module.stop = () => long.stop();
  }
  return module;
};
