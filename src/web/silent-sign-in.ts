// #14 silent sign-in inside a chat app's own browser: the channel adapter (src/bot/<platform>/web-sign-in.ts) gets a
// one-time code from the platform and says whose it is; here only the directory and the session. A random state in a
// short-lived cookie ties the code's return to the browser that started it (no sign-in forced on someone else).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSignIn } from '../bot/channel.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Stores } from '../store/index.js';
import { esc, plainPage, SIGN_IN_HINT } from './html.js';
import { cookieOf, mayUseDashboard, type Sessions } from './session.js';

const STATE_COOKIE = 'dutydesk_sso';
/** How long the platform may take to come back with the code. */
const STATE_MAX_AGE_SECONDS = 600;

export interface SilentSignInDeps {
  stores: Stores;
  config: Config;
  clock: Clock;
  sessions: Sessions;
  /** By channel name (the path segment of the return address). */
  signIns: Readonly<Record<string, WebSignIn>>;
}

/** The channel whose in-app browser sent the request, if it can sign people in. */
export function inAppChannel(req: FastifyRequest, signIns: Readonly<Record<string, WebSignIn>>): string | undefined {
  const ua = String(req.headers['user-agent'] ?? '');
  return Object.entries(signIns).find(([, s]) => s.inApp(ua))?.[0];
}

const refused = (why: string) => plainPage('无法登录', `<h1>无法登录</h1><div class="flash err">${esc(why)}</div><p>${esc(SIGN_IN_HINT)}</p>`);

export function silentSignInRoutes(app: FastifyInstance, deps: SilentSignInDeps): void {
  const { signIns, sessions, stores } = deps;
  const secure = deps.config.web.secureCookie ? '; Secure' : '';

  app.get('/dashboard/login/start', async (req, reply) => {
    const channel = inAppChannel(req, signIns);
    if (!channel) return reply.redirect('/dashboard/login', 303);
    const state = randomBytes(18).toString('base64url');
    void reply.header('set-cookie', `${STATE_COOKIE}=${state}; Path=/dashboard/login; HttpOnly; SameSite=Lax; Max-Age=${STATE_MAX_AGE_SECONDS}${secure}`);
    reply.header('cache-control', 'no-store');
    const how = signIns[channel]!.start(`${deps.config.web.publicUrl}/dashboard/login/${channel}`, state);
    if ('redirect' in how) return reply.redirect(how.redirect, 302);
    return reply.type('text/html; charset=utf-8').send(plainPage('登录', how.html));
  });

  app.get<{ Params: { channel: string }; Querystring: { code?: string; state?: string } }>('/dashboard/login/:channel', async (req, reply) => {
    const signIn = Object.hasOwn(signIns, req.params.channel) ? signIns[req.params.channel] : undefined;
    const html = (status: number, why: string) => reply.status(status).type('text/html; charset=utf-8').send(refused(why));
    if (!signIn) return html(404, '不支持这种登录方式。');
    const expected = cookieOf(req, STATE_COOKIE) ?? '';
    const given = req.query.state ?? '';
    if (!expected || expected.length !== given.length || !timingSafeEqual(Buffer.from(expected), Buffer.from(given))) return html(400, '登录已过期或不是从本浏览器发起的，请重新打开值班看板。');
    if (!req.query.code) return html(400, '没有收到登录凭证，请重新打开值班看板。');
    const account = await signIn.identifyWebCode(req.query.code).catch(() => null);
    if (!account) return html(403, '未能确认您的身份（登录凭证无效或已过期）。');
    const person = await stores.people.byAccount(account.provider, account.externalId);
    if (!person || !mayUseDashboard(person)) return html(403, '您不在值班台的人员名单中，或账号已停用、未核实，不能使用值班看板。');
    await sessions.open(person.id, reply);
    reply.header('set-cookie', [reply.getHeader('set-cookie') as string, `${STATE_COOKIE}=; Path=/dashboard/login; HttpOnly; SameSite=Lax; Max-Age=0${secure}`]);
    return reply.redirect('/dashboard', 303);
  });
}
