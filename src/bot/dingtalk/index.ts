// DingTalk channel module: HTTP callbacks (/dingtalk/robot, /dingtalk/events), Stream mode, and the outbox senders
//   'dingtalk-robot'  recipient = userId (staffId)            → POST /v1.0/robot/oToMessages/batchSend
//   'dingtalk-group'  recipient = openConversationId          → POST /v1.0/robot/groupMessages/send
//                     recipient = 'default'                   → the custom group robot webhook (DINGTALK_GROUP_WEBHOOK)
import type { ChannelFactory, ChannelModule, Sender } from '../channel.js';
import { DeliveryError } from '../channel.js';
import type { OutboxChannel } from '../message.js';
import { DingtalkClient, RETRY_AFTER } from './client.js';
import { dingtalkRoutes } from './plugin.js';
import { createRateLimiter, type RateLimiter } from '../rate.js';
import { CUSTOM_ROBOT_LIMIT, ROBOT_API_LIMIT } from './limits.js';
import { createDingtalkStream } from './stream.js';

export { DingtalkClient } from './client.js';

/** Claims a slot, runs the send; over the limit → DeliveryError 'rate' without calling DingTalk. */
async function limited(limiter: RateLimiter, key: string, send: () => Promise<void>, penalty?: { codes: Array<number | string>; ms: number }): Promise<void> {
  const slot = limiter.take(key);
  if (!slot.ok) throw new DeliveryError(`钉钉发送频率已达上限，稍后重试 local rate limit for ${key.split(':')[0]}`, 'rate', slot.retryAfterMs, 'localRateLimit');
  try {
    await send();
  } catch (err) {
    // DingTalk blocked us anyway (another process, a restart): stop trying for the whole block.
    if (penalty && err instanceof DeliveryError && err.platformCode !== undefined && penalty.codes.includes(err.platformCode)) limiter.block(key, penalty.ms);
    throw err;
  }
}

export const createDingtalkChannel: ChannelFactory = (ctx) => {
  const dt = ctx.config.dingtalk;
  if (!dt.robot && !dt.events && !dt.groupWebhook) return null;
  const logger = ctx.logger.child({ channel: 'dingtalk' });
  const client = new DingtalkClient({ config: dt, tokens: ctx.tokens, clock: ctx.clock, logger });
  const customLimiter = createRateLimiter({ ...CUSTOM_ROBOT_LIMIT, clock: ctx.clock });
  const apiLimiter = createRateLimiter({ ...ROBOT_API_LIMIT, clock: ctx.clock });

  const senders: Partial<Record<OutboxChannel, Sender>> = {};
  if (dt.robot) {
    const appKey = dt.robot.appKey;
    senders['dingtalk-robot'] = {
      send: (userId, message) => limited(apiLimiter, `api:${appKey}`, () => client.sendToUser(userId, message)),
    };
  }
  if (dt.groupWebhook) {
    const hookKey = `custom:${dt.groupWebhook.url}`;
    senders['dingtalk-group'] = {
      send(recipient, message) {
        if (recipient === 'default') {
          return limited(customLimiter, hookKey, () => client.sendCustomRobot(message), { codes: [410100, 130101], ms: RETRY_AFTER.customRobotBlocked });
        }
        return limited(apiLimiter, `api:${dt.robot?.appKey ?? ''}`, () => client.sendToGroup(recipient, message));
      },
    };
  }

  const httpRobot = dt.robot?.mode === 'http';
  const module: ChannelModule = { name: 'dingtalk', senders };
  if (httpRobot || dt.events) {
    module.routes = dingtalkRoutes({ config: ctx.config, dispatcher: ctx.dispatcher, clock: ctx.clock, logger, client, robot: httpRobot, events: !!dt.events });
  }
  if (dt.robot?.mode === 'stream') {
    // The lease in the database makes sure only one process of this installation holds the stream.
    const stream = createDingtalkStream({ config: dt, dispatcher: ctx.dispatcher, client, clock: ctx.clock, logger, botNames: [ctx.config.botName], lease: { tokens: ctx.tokens } });
    module.start = () => stream.start();
    module.stop = () => stream.stop();
  }
  return module;
};
