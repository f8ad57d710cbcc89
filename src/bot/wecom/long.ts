// AI-bot long-connection mode (placeholder until implemented): see docs/wecom.md.
import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import type { TokenStore } from '../../store/types.js';
import type { Dispatcher } from '../channel.js';

export interface LongConnection {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createAibotLongConnection(deps: { config: Config; dispatcher: Dispatcher; clock: Clock; logger: Logger; tokens: TokenStore }): LongConnection {
  return {
    async start() {
      deps.logger.error('智能机器人长连接模式尚未实现 WECOM_AIBOT_MODE=long is not implemented');
    },
    async stop() {},
  };
}
