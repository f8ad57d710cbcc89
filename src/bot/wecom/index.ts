// Placeholder written by the lead so the tree compiles; the wecom engineer replaces this file entirely.
import type { ChannelFactory } from '../channel.js';

export const createWecomChannel: ChannelFactory = () => null;
