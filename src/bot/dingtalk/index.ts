// Placeholder written by the lead so the tree compiles; the dingtalk engineer replaces this file entirely.
import type { ChannelFactory } from '../channel.js';

export const createDingtalkChannel: ChannelFactory = () => null;
