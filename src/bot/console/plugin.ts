// Local console channel: a web page on this machine to try the bot without any platform account.
// Same dispatch path as the real channels; pushes to a person show up in their inbox. Guarded by guard.ts.
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { Clock } from '../../clock.js';
import { finalReply, type Dispatcher } from '../channel.js';
import type { IncomingMessage, OutgoingMessage } from '../message.js';
import type { ConsoleGuard } from './guard.js';
import { CONSOLE_PAGE, SIGN_IN_PAGE } from './page.js';

export interface ConsoleDeps {
  dispatcher: Dispatcher;
  clock: Clock;
  guard: ConsoleGuard;
  listPeople(): Promise<Array<{ id: number; name: string; role: string; team: string | null }>>;
  /** The pushes for a person not shown to them yet (their own and every console group's; `group`: which group). */
  pullInbox(personId: number): Promise<Array<OutgoingMessage & { at: string; group: string | null }>>;
}

/** The default console group (值班群) and any other group the page names (阳光花园工程群 …). */
export const DEFAULT_GROUP = '值班群';
export const consoleGroupId = (name: string): string => (name === DEFAULT_GROUP ? 'console-group' : `console-group:${name}`);
export const consoleGroupName = (chatId: string): string => (chatId === 'console-group' || chatId === 'default' ? DEFAULT_GROUP : chatId.replace(/^console-group:/, ''));

/** group: false for a direct message, true for the default group, or a group's name. */
export function consoleMessage(personId: number, text: string, group: boolean | string, now: Date): IncomingMessage {
  const groupName = group === true ? DEFAULT_GROUP : typeof group === 'string' && group.trim() ? group.trim().slice(0, 40) : null;
  return {
    platform: 'console',
    msgId: randomUUID(),
    chat: groupName ? { id: consoleGroupId(groupName), type: 'group' } : { id: `console:${personId}`, type: 'direct' },
    sender: { id: String(personId) },
    text,
    mentionsBot: true,
    receivedAt: now,
  };
}

export function consolePlugin(deps: ConsoleDeps): FastifyPluginAsync {
  const { guard } = deps;
  return async (app) => {
    app.addHook('onRequest', async (req, reply) => {
      const refused = guard.refusal(req);
      if (refused) return reply.status(refused.status).send({ error: refused.error });
      if (req.url.startsWith('/console/api/') && !guard.signedIn(req)) {
        return reply.status(401).send({ error: '需要登录：请使用启动日志里打印的完整地址（…/console?token=…）打开控制台 sign in with the console URL from the start log' });
      }
    });
    app.get<{ Querystring: { token?: string } }>('/console', async (req, reply) => {
      if (req.query.token !== undefined) {
        // The token travels once, then lives in the session cookie; the address bar keeps no secret.
        if (guard.signIn(req.query.token, reply)) return reply.redirect('/console', 303);
        return reply.status(401).type('text/html; charset=utf-8').send(SIGN_IN_PAGE);
      }
      if (!guard.signedIn(req)) return reply.status(401).type('text/html; charset=utf-8').send(SIGN_IN_PAGE);
      return reply.type('text/html; charset=utf-8').send(CONSOLE_PAGE);
    });
    app.get('/console/api/people', async () => deps.listPeople());
    app.post<{ Body: { as?: unknown; text?: unknown; group?: unknown } }>('/console/api/say', async (req, reply) => {
      const { as, text, group } = req.body ?? {};
      const personId = Number(as);
      if (!Number.isInteger(personId) || personId <= 0 || typeof text !== 'string' || !text.trim() || text.length > 2000) {
        return reply.status(400).send({ error: '请选择身份并输入 1 到 2000 字的消息' });
      }
      const result = await deps.dispatcher.handle(consoleMessage(personId, text, typeof group === 'string' || group === true ? group : false, deps.clock.now()));
      return { reply: (await finalReply(result)) ?? null };
    });
    app.get<{ Querystring: { as?: string } }>('/console/api/inbox', async (req, reply) => {
      const personId = Number(req.query.as);
      if (!Number.isInteger(personId) || personId <= 0) return reply.status(400).send({ error: '缺少 as 参数' });
      return deps.pullInbox(personId);
    });
  };
}
