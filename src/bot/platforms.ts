// The channel registry: every platform DutyDesk speaks, in the order a person is reached (the console last).
// Adding a platform means adding its folder under src/bot/ and one line here.
import { consoleChannel } from './console/index.js';
import { dingtalkChannel } from './dingtalk/index.js';
import { wecomChannel } from './wecom/index.js';

export const PLATFORMS = [wecomChannel, dingtalkChannel, consoleChannel] as const;

/** Each channel's configuration slice under its name: config.wecom, config.dingtalk, config.console. */
export type PlatformConfigs = { [D in (typeof PLATFORMS)[number] as D['name']]: ReturnType<D['readConfig']> };
