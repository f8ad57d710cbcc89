// The dashboard (#14): one Fastify plugin with every page and JSON route. Signing in (sign-in.ts) is open;
// everything else needs a session (pages: 401 with how to sign in; /api: 401 JSON), and every write its CSRF token.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Dispatcher, WebSignIn } from '../bot/channel.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { NotifyRouter } from '../handlers/outbox/route.js';
import type { Database, MediaStore, Stores } from '../store/index.js';
import { boardRoutes } from './board.js';
import { calendarRoutes } from './calendar.js';
import { peopleRoutes } from './people.js';
import { esc, plainPage, SIGN_IN_HINT } from './html.js';
import { pushRoutes } from './pushes.js';
import { reportPageRoutes } from './reports-page.js';
import type { Sessions, SignedIn } from './session.js';
import { signInRoutes } from './sign-in.js';
import { inAppChannel, silentSignInRoutes } from './silent-sign-in.js';
import { ticketRoutes } from './tickets.js';

export interface DashboardDeps {
  stores: Stores;
  config: Config;
  clock: Clock;
  /** The same intake as the chat channels: page actions run as chat commands (actions.ts). */
  dispatcher: Dispatcher;
  /** Where photos are kept. */
  media: MediaStore;
  /** Silent sign-in in the chat apps' own browsers, by channel name (from the channel modules). */
  signIns: Readonly<Record<string, WebSignIn>>;
  /** The people import (人员) writes in one transaction and queues the hand-back's pushes, as the CLI's does. */
  db: Pick<Database, 'transaction'>;
  notifyRouter: NotifyRouter;
}

const OPEN_PATHS = ['/dashboard/login', '/dashboard/login/', '/dashboard/logout', '/dashboard/assets/'];


export function dashboardRoutes(deps: DashboardDeps, sessions: Sessions): FastifyPluginAsync {
  return async (app) => {
    const viewers = new WeakMap<object, SignedIn>();
    const viewer = (req: unknown): SignedIn => {
      const v = viewers.get(req as object);
      if (!v) throw new Error('no viewer on a guarded route');
      return v;
    };
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });
    app.addHook('preHandler', async (req: FastifyRequest, reply) => {
      const path = req.url.split('?')[0]!;
      if (OPEN_PATHS.some((p) => path === p || (p.endsWith('/') && path.startsWith(p)))) return;
      const s = await sessions.signedIn(req);
      if (!s) {
        if (path.startsWith('/api/')) return reply.status(401).send({ error: '请先登录' });
        // Inside a chat app that vouches for its user: signed in without a link.
        if (req.method === 'GET' && inAppChannel(req, deps.signIns)) return reply.redirect('/dashboard/login/start', 303);
        return reply.status(401).type('text/html; charset=utf-8').send(plainPage('请先登录', `<h1>请先登录</h1><p>${esc(SIGN_IN_HINT)}</p>`));
      }
      if (req.method !== 'GET' && req.method !== 'HEAD' && !sessions.csrfOk(req, s)) {
        if (path.startsWith('/api/')) return reply.status(403).send({ error: '缺少安全校验（CSRF），请刷新页面后重试' });
        return reply.status(403).type('text/html; charset=utf-8').send(plainPage('请求被拒绝', '<h1>请求被拒绝</h1><div class="flash err">请求缺少安全校验（CSRF），请刷新页面后重试。</div>'));
      }
      viewers.set(req, s);
    });
    // Pages hold residents' details: never cached, never framed (a framed action button could be clicked unseen).
    app.addHook('onSend', async (req, reply) => {
      reply.header('x-frame-options', 'DENY').header('x-content-type-options', 'nosniff');
      if (!req.url.startsWith('/dashboard/assets/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    });
    const routeDeps = { ...deps, viewer };
    signInRoutes(app, { stores: deps.stores, clock: deps.clock, sessions, signIns: deps.signIns });
    silentSignInRoutes(app, { ...deps, sessions });
    boardRoutes(app, routeDeps);
    ticketRoutes(app, routeDeps);
    pushRoutes(app, routeDeps);
    calendarRoutes(app, routeDeps);
    peopleRoutes(app, routeDeps);
    reportPageRoutes(app, routeDeps);
  };
}
