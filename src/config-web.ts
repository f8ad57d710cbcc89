// The dashboard's settings (#14) loadConfig reads: where the board is reached, how long a sign-in link and a
// session last, how many rows a list page shows, how often the board polls.
import { int, str, url, type Env } from './config-read.js';

export interface WebConfig {
  /** The address people open (links sent in chat): PUBLIC_URL, else PUBLIC_BASE_URL, else http://127.0.0.1:$PORT. */
  publicUrl: string;
  /** A 登录 link works once, for this many minutes. */
  loginLinkMinutes: number;
  /** A browser session ends this many hours after sign-in. */
  sessionHours: number;
  /** Rows per page of the ticket list. */
  pageSize: number;
  /** The 总览 page refreshes its figures this often (seconds). */
  pollSeconds: number;
  /** Largest people CSV the 人员 page takes (KB). */
  importMaxKb: number;
  /** Send the session cookie only over HTTPS (on by default when publicUrl is https). */
  secureCookie: boolean;
}

export function loadWeb(env: Env, port: number): WebConfig {
  const publicUrl = url(env, 'PUBLIC_URL') ?? url(env, 'PUBLIC_BASE_URL') ?? `http://127.0.0.1:${port}`;
  const secure = str(env, 'WEB_SECURE_COOKIE');
  return {
    publicUrl,
    loginLinkMinutes: int(env, 'WEB_LOGIN_LINK_MINUTES', 10, 1, 24 * 60),
    sessionHours: int(env, 'WEB_SESSION_HOURS', 12, 1, 24 * 30),
    pageSize: int(env, 'WEB_PAGE_SIZE', 20, 5, 500),
    pollSeconds: int(env, 'WEB_POLL_SECONDS', 15, 2, 3600),
    importMaxKb: int(env, 'WEB_IMPORT_MAX_KB', 1024, 1, 50 * 1024),
    secureCookie: secure === undefined ? publicUrl.startsWith('https:') : ['1', 'true', 'yes', 'on'].includes(secure.toLowerCase()),
  };
}
