// DingTalk channel module: HTTP callbacks (/dingtalk/robot, /dingtalk/events), Stream mode, and the outbox senders
// Every send carries the outbox row's idempotency key as msgUuid (docs/dingtalk.md#idempotency-msguuid).
//   'dingtalk-robot'  recipient = userId (staffId)            → POST /v1.0/robot/oToMessages/batchSend
//   'dingtalk-group'  recipient = openConversationId          → POST /v1.0/robot/groupMessages/send
//                     recipient = 'default'                   → the custom group robot webhook (DINGTALK_GROUP_WEBHOOK)
import { dingtalkWebSignIn } from './web-sign-in.js';
import { DeliveryError, runsConnection, type ChannelDefinition, type ChannelModule, type Route, type Sender } from '../channel.js';
import { createRateLimiter, sendWithinLimit } from '../rate.js';
import { DingtalkClient, RETRY_AFTER } from './client.js';
import { dingtalkConfigured, readDingtalkConfig } from './config.js';
import { CUSTOM_ROBOT_LIMIT, ROBOT_API_LIMIT } from './limits.js';
import { dingtalkRoutes } from './plugin.js';
import { createDingtalkStream } from './stream.js';

export { DingtalkClient } from './client.js';

/** The directory provider of DingTalk accounts (staffId). */
export const DINGTALK_PROVIDER = 'dingtalk';

const refusal = (what: string) => `钉钉发送频率已达上限，稍后重试 local rate limit for ${what}`;

function createDingtalkChannel(ctx: Parameters<ChannelDefinition['create']>[0]): ChannelModule | null {
  const dt = ctx.config.dingtalk;
  if (!dingtalkConfigured(dt)) return null;
  const logger = ctx.logger.child({ channel: 'dingtalk' });
  const client = new DingtalkClient({ config: dt, tokens: ctx.tokens, clock: ctx.clock, logger, timeoutMs: ctx.httpTimeoutMs });
  const customLimiter = createRateLimiter({ ...CUSTOM_ROBOT_LIMIT, clock: ctx.clock });
  const apiLimiter = createRateLimiter({ ...ROBOT_API_LIMIT, clock: ctx.clock });

  const senders: Record<string, Sender> = {};
  if (dt.robot) {
    const appKey = dt.robot.appKey;
    senders['dingtalk-robot'] = {
      send: (userId, message, opts) => sendWithinLimit(apiLimiter, `api:${appKey}`, refusal('api'), () => client.sendToUser(userId, message, opts?.idempotencyKey)),
    };
  }
  // The custom robot webhook posts to its one group ('default'); the app robot posts to any group it is in (a group
  // bound to a property: recipient = the openConversationId its messages came from).
  if (dt.groupWebhook || dt.robot) {
    const hookKey = `custom:${dt.groupWebhook?.url ?? ''}`;
    senders['dingtalk-group'] = {
      send(recipient, message, opts) {
        const key = opts?.idempotencyKey;
        if (recipient === 'default') {
          if (!dt.groupWebhook) return Promise.reject(new DeliveryError('未配置钉钉群机器人 Webhook（DINGTALK_GROUP_WEBHOOK） no custom robot webhook for the default group', 'fatal'));
          return sendWithinLimit(customLimiter, hookKey, refusal('custom'), () => client.sendCustomRobot(message, key), { codes: [410100, 130101], ms: () => RETRY_AFTER.customRobotBlocked });
        }
        return sendWithinLimit(apiLimiter, `api:${dt.robot?.appKey ?? ''}`, refusal('api'), () => client.sendToGroup(recipient, message, key));
      },
    };
  }

  const reach = (person: { accounts: Readonly<Record<string, string>> }): Route | null => {
    const id = person.accounts[DINGTALK_PROVIDER];
    return id && senders['dingtalk-robot'] ? { channel: 'dingtalk-robot', recipient: id } : null;
  };

  const httpRobot = dt.robot?.mode === 'http';
  const module: ChannelModule = {
    name: 'dingtalk',
    senders,
    groups: dt.groupWebhook ? ['dingtalk-group'] : [],
    reach,
    groupRoute: (platform, chatId) => (platform === 'dingtalk' && dt.robot ? { channel: 'dingtalk-group', recipient: chatId } : null),
    // Photos and voice of robot messages: downloadCode → downloadUrl → the file.
    ...(dt.robot ? { media: { dingtalk: (ref, limits) => client.fetchMedia(ref, limits) } } : {}),
    webSignIn: dingtalkWebSignIn({ config: dt, client, provider: DINGTALK_PROVIDER, timeoutMs: ctx.httpTimeoutMs }),
  };
  if (httpRobot || dt.events) {
    module.routes = dingtalkRoutes({ config: ctx.config, dispatcher: ctx.dispatcher, clock: ctx.clock, logger, client, robot: httpRobot, events: !!dt.events });
  }
  if (dt.robot?.mode === 'stream') {
    // The lease in the database makes sure only one process of this installation holds the stream.
    Object.assign(module, runsConnection(createDingtalkStream({ config: dt, dispatcher: ctx.dispatcher, client, clock: ctx.clock, logger, botNames: [ctx.config.botName], lease: { tokens: ctx.tokens } })));
  }
  return module;
}

export const dingtalkChannel = {
  name: 'dingtalk' as const,
  readConfig: readDingtalkConfig,
  configured: dingtalkConfigured,
  identities: { dingtalk: (msg) => ({ provider: DINGTALK_PROVIDER, externalId: msg.sender.id, audience: 'staff', name: msg.sender.name }) },
  labels: { 'dingtalk-robot': '钉钉机器人', 'dingtalk-group': '钉钉群机器人' },
  create: createDingtalkChannel,
} satisfies ChannelDefinition;
