// Local console channel: a web page on 127.0.0.1 to try the bot without any platform account.
// Same dispatch path as the real channels; pushes to a person show up in their inbox.
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { finalReply, type Dispatcher } from '../channel.js';
import type { IncomingMessage, OutgoingMessage } from '../message.js';
import type { Clock } from '../../clock.js';
import { CONSOLE_PAGE } from './page.js';

export interface ConsoleDeps {
  dispatcher: Dispatcher;
  clock: Clock;
  listPeople(): Promise<Array<{ id: number; name: string; role: string; team: string | null }>>;
  /** Takes the pending pushes for a person (and the duty group) and marks them delivered. */
  pullInbox(personId: number): Promise<Array<OutgoingMessage & { at: string; group: boolean }>>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const isLocal = (req: FastifyRequest) => LOOPBACK.has(req.socket.remoteAddress ?? '');

export function consoleMessage(personId: number, text: string, group: boolean, now: Date): IncomingMessage {
  return {
    platform: 'console',
    msgId: randomUUID(),
    chat: group ? { id: 'console-group', type: 'group' } : { id: `console:${personId}`, type: 'direct' },
    sender: { id: String(personId) },
    text,
    mentionsBot: true,
    receivedAt: now,
  };
}

export function consolePlugin(deps: ConsoleDeps): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRequest', async (req, reply) => {
      if (!isLocal(req)) return reply.status(404).send({ error: '未找到 not found' });
    });
    app.get('/console', async (_req, reply) => reply.type('text/html; charset=utf-8').send(CONSOLE_PAGE));
    app.get('/console/api/people', async () => deps.listPeople());
    app.post<{ Body: { as?: unknown; text?: unknown; group?: unknown } }>('/console/api/say', async (req, reply) => {
      const { as, text, group } = req.body ?? {};
      const personId = Number(as);
      if (!Number.isInteger(personId) || personId <= 0 || typeof text !== 'string' || !text.trim() || text.length > 2000) {
        return reply.status(400).send({ error: '请选择身份并输入 1 到 2000 字的消息' });
      }
      const result = await deps.dispatcher.handle(consoleMessage(personId, text, group === true, deps.clock.now()));
      return { reply: (await finalReply(result)) ?? null };
    });
    app.get<{ Querystring: { as?: string } }>('/console/api/inbox', async (req, reply) => {
      const personId = Number(req.query.as);
      if (!Number.isInteger(personId) || personId <= 0) return reply.status(400).send({ error: '缺少 as 参数' });
      return deps.pullInbox(personId);
    });
  };
}
