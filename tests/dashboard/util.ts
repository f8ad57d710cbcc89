// Dashboard test helpers: sign in the way people do (send 登录 in a direct chat, open the link), then talk HTTP
// with the session cookie.
import type { TestApp } from '../helpers/app.js';
import { say } from '../helpers/app.js';

export interface Browser {
  cookie: string;
  csrf: string;
  get(url: string): Promise<{ status: number; body: string; json<T = unknown>(): T }>;
  post(url: string, form: Record<string, string>, opts?: { csrf?: boolean }): Promise<{ status: number; body: string }>;
}

/** The link in the bot's reply to 登录. */
export function linkIn(reply: string): string {
  const m = /(https?:\/\/\S+\/dashboard\/login\?token=[\w-]+)/.exec(reply);
  if (!m) throw new Error(`no sign-in link in: ${reply}`);
  return m[1]!;
}

export const pathOf = (link: string) => link.replace(/^https?:\/\/[^/]+/, '');
export const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;

/** Spends a sign-in link as the browser does (the page posts the token). */
export async function spend(t: TestApp, link: string) {
  return t.app.inject({ method: 'POST', url: '/dashboard/login', payload: `token=${encodeURIComponent(tokenOf(link))}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

export async function signIn(t: TestApp, who: string): Promise<Browser> {
  const res = await spend(t, linkIn(await say(t, who, '登录')));
  if (res.statusCode !== 303) throw new Error(`sign-in failed ${res.statusCode} ${res.body}`);
  const cookie = String(res.headers['set-cookie']).split(';')[0]!;
  const board = await t.app.inject({ method: 'GET', url: '/dashboard', headers: { cookie } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(board.body)?.[1];
  if (!csrf) throw new Error('no CSRF token on the board');
  return {
    cookie,
    csrf,
    async get(url) {
      const r = await t.app.inject({ method: 'GET', url, headers: { cookie } });
      return { status: r.statusCode, body: r.body, json: <T>() => r.json() as T };
    },
    async post(url, form, opts = {}) {
      const body = new URLSearchParams({ ...form, ...(opts.csrf === false ? {} : { _csrf: csrf }) }).toString();
      const r = await t.app.inject({ method: 'POST', url, payload: body, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' } });
      return { status: r.statusCode, body: r.body };
    },
  };
}
