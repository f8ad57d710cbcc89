// Signing in with the one-time link from chat, and signing out. Opening the link shows a page that spends it with
// a POST (link previews in chat apps fetch the address; they must not use up the link).
import type { FastifyInstance } from 'fastify';
import type { WebSignIn } from '../bot/channel.js';
import type { Clock } from '../clock.js';
import type { LinkRefusal, Stores } from '../store/index.js';
import { esc, plainPage, SIGN_IN_HINT } from './html.js';
import { mayUseDashboard, type Sessions } from './session.js';
import { inAppChannel } from './silent-sign-in.js';

const REFUSAL_ZH: Record<LinkRefusal, string> = {
  unknown: '这个登录链接无效。',
  expired: '这个登录链接已过期。',
  used: '这个登录链接已经使用过了，每个链接只能使用一次。',
};

const refusedPage = (why: string) => plainPage('无法登录', `<h1>无法登录</h1><div class="flash err">${esc(why)}</div><p>${esc(SIGN_IN_HINT)}</p>`);

export function signInRoutes(app: FastifyInstance, deps: { stores: Stores; clock: Clock; sessions: Sessions; signIns: Readonly<Record<string, WebSignIn>> }): void {
  const { stores, clock, sessions } = deps;

  app.get<{ Querystring: { token?: string } }>('/dashboard/login', async (req, reply) => {
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    const token = req.query.token;
    if (!token && inAppChannel(req, deps.signIns)) return reply.redirect('/dashboard/login/start', 303);
    if (!token) return reply.type('text/html; charset=utf-8').send(plainPage('登录', `<h1>登录值班看板</h1><p>${esc(SIGN_IN_HINT)}</p>`));
    const checked = await stores.web.checkLoginLink(token, clock.now());
    if ('refused' in checked) return reply.status(410).type('text/html; charset=utf-8').send(refusedPage(REFUSAL_ZH[checked.refused]));
    const form = `<h1>登录值班看板</h1><form id="go" method="post" action="/dashboard/login"><input type="hidden" name="token" value="${esc(token)}"><button>进入值班看板</button></form>`;
    return reply.type('text/html; charset=utf-8').send(plainPage('登录', `${form}<script>document.getElementById('go').submit()</script>`));
  });

  app.post<{ Body: { token?: string } }>('/dashboard/login', async (req, reply) => {
    reply.header('cache-control', 'no-store');
    const token = typeof req.body?.token === 'string' ? req.body.token : '';
    const used = token ? await stores.web.useLoginLink(token, clock.now()) : ({ refused: 'unknown' } as const);
    if ('refused' in used) return reply.status(410).type('text/html; charset=utf-8').send(refusedPage(REFUSAL_ZH[used.refused]));
    const person = await stores.people.byId(used.personId);
    if (!person || !mayUseDashboard(person)) return reply.status(403).type('text/html; charset=utf-8').send(refusedPage('您的账号不能使用值班看板（已停用、未核实或不是工作人员）。'));
    await sessions.open(person.id, reply);
    return reply.redirect('/dashboard', 303);
  });

  app.post('/dashboard/logout', async (req, reply) => {
    const s = await sessions.signedIn(req);
    if (s && !sessions.csrfOk(req, s)) return reply.status(403).type('text/html; charset=utf-8').send(refusedPage('请求缺少安全校验（CSRF），请刷新页面后重试。'));
    await sessions.close(req, reply);
    return reply.type('text/html; charset=utf-8').send(plainPage('已退出', `<h1>已退出登录</h1><p>${esc(SIGN_IN_HINT)}</p>`));
  });
}
