// intent → handler. The single registry of what the bot can do.
import type { Command, Intent } from './command.js';
import type { Handler, HandlerContext } from './context.js';
import { help, none } from './help.js';
import type { Outcome } from './outcome.js';

const handlers: Partial<Record<Intent, Handler>> = {
  help,
  none,
};

export function route(cmd: Command, ctx: HandlerContext): Promise<Outcome> {
  const h = handlers[cmd.intent];
  if (h) return h(cmd, ctx);
  return Promise.resolve({ reply: { text: '该指令暂未开放。发送「帮助」查看可用指令。' } });
}
