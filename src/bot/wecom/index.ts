// WeCom (企业微信) channel: callbacks (/wecom/callback, /wecom/aibot), 微信客服 sync, the AI-bot long connection,
// and the outbox channels it delivers:
//   'wecom-app'    recipient = userid                             → POST /cgi-bin/message/send (agentid)
//   'wecom-group'  recipient = 'default'                          → group robot webhook (WECOM_GROUP_WEBHOOK_KEY)
//   'wecom-kf'     recipient = `${open_kfid}:${external_userid}`  → POST /cgi-bin/kf/send_msg
// Directory accounts: provider 'wecom' holds the member userid, or the external_userid of a 微信客服 customer.
// Each part is enabled only when its configuration group is complete.
import { DeliveryError, runsConnection, type ChannelDefinition, type ChannelModule, type MediaFetcher, type Route, type Sender } from '../channel.js';
import { createLateReplies } from '../late-replies.js';
import type { IncomingMessage } from '../message.js';
import { createRateLimiter, sendWithinLimit } from '../rate.js';
import { createAibotStreams } from './aibot.js';
import { WecomClient } from './client.js';
import { readWecomConfig, wecomConfigured } from './config.js';
import { createKfSync, outboxMsgId } from './kf.js';
import { createAibotLongConnection } from './long.js';
import { wecomRoutes } from './plugin.js';
import { wecomWebSignIn } from './web-sign-in.js';

export { WecomClient } from './client.js';

/** The directory provider of WeCom accounts. */
export const WECOM_PROVIDER = 'wecom';
/** message/send: at most 30 messages per minute from one app to one member (excess is silently dropped by WeCom). */
export const MEMBER_LIMIT = { limit: 30, windowMs: 60_000 } as const;
/** Group robot: 20 messages per minute per robot. */
export const ROBOT_LIMIT = { limit: 20, windowMs: 60_000 } as const;

/** WeCom external contacts (residents via 微信客服) have ids starting wm/wo. */
const isExternal = (id: string) => /^w[mo]/.test(id);
const kfRecipient = (openKfid: string, externalUserId: string) => `${openKfid}:${externalUserId}`;

const member = (msg: IncomingMessage) => ({ provider: WECOM_PROVIDER, externalId: msg.sender.id, audience: 'staff' as const, name: msg.sender.name });

function createWecomChannel(ctx: Parameters<ChannelDefinition['create']>[0]): ChannelModule | null {
  const wc = ctx.config.wecom;
  if (!wecomConfigured(wc)) return null;
  const logger = ctx.logger.child({ channel: 'wecom' });
  const client = new WecomClient({ config: wc, tokens: ctx.tokens, clock: ctx.clock, logger, timeoutMs: ctx.httpTimeoutMs });
  const memberLimiter = createRateLimiter({ ...MEMBER_LIMIT, clock: ctx.clock });
  const robotLimiter = createRateLimiter({ ...ROBOT_LIMIT, clock: ctx.clock });
  const penalty = { codes: [45009], ms: (err: DeliveryError) => err.retryAfterMs ?? 60_000 };
  const late = createLateReplies({ logger, platform: 'wecom' });

  const senders: Record<string, Sender> = {};
  if (wc.app) {
    senders['wecom-app'] = {
      // With an idempotency key WeCom's duplicate check is on: the retried body is the same JSON, so it is not delivered again.
      send: (userId, message, opts) =>
        sendWithinLimit(memberLimiter, `member:${userId}`, '企业微信发送频率已达上限（每人每分钟 30 条），稍后重试 local rate limit', () => client.sendApp(userId, message, { cardUrl: ctx.config.publicBaseUrl, duplicateCheck: opts?.idempotencyKey !== undefined }), penalty),
    };
  }
  if (wc.groupWebhookKey) {
    senders['wecom-group'] = {
      // The group robot webhook has no idempotency key (docs/wecom.md#group-robot-webhook): the key is not used.
      send(recipient, message) {
        if (recipient !== 'default') return Promise.reject(new DeliveryError(`未知的企业微信群 unknown wecom-group recipient ${recipient}`, 'fatal'));
        return sendWithinLimit(robotLimiter, 'robot:default', '企业微信发送频率已达上限（群机器人每分钟 20 条），稍后重试 local rate limit', () => client.sendWebhook(message), penalty);
      },
    };
  }
  const kfid = wc.app ? wc.kfOpenKfid : undefined;
  const kf = kfid ? createKfSync({ client, cursors: ctx.cursors, dispatcher: ctx.dispatcher, clock: ctx.clock, logger, late }) : undefined;
  if (kf) {
    senders['wecom-kf'] = {
      async send(recipient, message, opts) {
        const i = recipient.indexOf(':');
        if (i <= 0 || i === recipient.length - 1) throw new DeliveryError(`微信客服收件人格式错误 bad wecom-kf recipient`, 'fatal');
        const msgid = opts?.idempotencyKey !== undefined ? outboxMsgId(opts.idempotencyKey) : undefined;
        await client.kfSend(recipient.slice(0, i), recipient.slice(i + 1), message, msgid);
      },
    };
  }

  function reach(person: { accounts: Readonly<Record<string, string>> }): Route | null {
    const id = person.accounts[WECOM_PROVIDER];
    if (!id) return null;
    if (isExternal(id)) return kfid && senders['wecom-kf'] ? { channel: 'wecom-kf', recipient: kfRecipient(kfid, id) } : null;
    return senders['wecom-app'] ? { channel: 'wecom-app', recipient: id } : null;
  }

  // Photos and voice: the app's MediaId and a 微信客服 media_id are both fetched with media/get (the app's token).
  // An AI-bot image is an encrypted link valid for 5 minutes (docs/wecom.md#ai-bot-callback): not downloaded.
  const media: Record<string, MediaFetcher> = {
    'wecom-aibot': () => Promise.reject(new DeliveryError('企业微信智能机器人消息中的图片是加密的临时链接，暂不支持保存', 'fatal', undefined, 'aibotMedia')),
  };
  if (wc.app) media.wecom = media['wecom-kf'] = (ref, limits) => client.fetchMedia(ref, limits);

  const aibotCallback = wc.aibot?.mode === 'callback';
  const module: ChannelModule & { kf?: typeof kf; client: WecomClient; late: typeof late } = {
    name: 'wecom',
    senders,
    groups: senders['wecom-group'] ? ['wecom-group'] : [],
    reach,
    media,
    kf,
    client,
    late,
    webSignIn: wecomWebSignIn({ config: wc, client, provider: WECOM_PROVIDER, timeoutMs: ctx.httpTimeoutMs }),
  };
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
    Object.assign(module, runsConnection(createAibotLongConnection({ config: ctx.config, dispatcher: ctx.dispatcher, clock: ctx.clock, logger, tokens: ctx.tokens })));
  }
  return module;
}

export const wecomChannel = {
  name: 'wecom' as const,
  readConfig: readWecomConfig,
  configured: wecomConfigured,
  identities: {
    wecom: member,
    'wecom-aibot': member,
    'wecom-kf': (msg) => ({ provider: WECOM_PROVIDER, externalId: msg.sender.id, audience: 'resident', name: msg.sender.name }),
  },
  labels: { 'wecom-app': '企业微信应用', 'wecom-group': '企业微信群机器人', 'wecom-kf': '微信客服' },
  create: createWecomChannel,
} satisfies ChannelDefinition;
