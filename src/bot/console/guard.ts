// Who may use the console: only this machine's own browser, with the access token printed at start.
// - the socket must come from loopback (else 404: the console does not exist for the network);
// - a request that passed a proxy (X-Forwarded-For, Forwarded, X-Real-IP …) is refused: nginx on the same host makes
//   every request loopback, so the socket alone proves nothing (403);
// - the Host must be a loopback name, so a page on another site cannot reach us through DNS rebinding (403);
// - the token (…/console?token=…, once) opens a session cookie (HttpOnly, SameSite=Strict); without it: 401.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);
const PROXY_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip', 'x-forwarded-host', 'x-forwarded-proto', 'via'];
export const SESSION_COOKIE = 'dutydesk_console';

/** The hostname of a Host header, without the port. */
export function hostName(host: string | undefined): string {
  if (!host) return '';
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1).toLowerCase();
  return host.replace(/:\d+$/, '').toLowerCase();
}

export interface ConsoleGuard {
  /** The access token of this start (printed in the start log as …/console?token=…). */
  readonly token: string;
  /** Refuses what is not from this machine's own browser; null when the request may go on. */
  refusal(req: FastifyRequest): { status: number; error: string } | null;
  /** A valid session cookie, or the token as a bearer (scripts). */
  signedIn(req: FastifyRequest): boolean;
  /** Checks a token from the URL; on success opens a session and sets its cookie. */
  signIn(token: string | undefined, reply: FastifyReply): boolean;
}

function cookie(req: FastifyRequest, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export function createConsoleGuard(token = randomBytes(24).toString('base64url')): ConsoleGuard {
  const sessions = new Set<string>();
  return {
    token,
    refusal(req) {
      if (!LOOPBACK_ADDRESSES.has(req.socket.remoteAddress ?? '')) return { status: 404, error: '未找到 not found' };
      if (PROXY_HEADERS.some((h) => req.headers[h] !== undefined)) {
        return { status: 403, error: '本地控制台不能通过反向代理访问，请在服务器本机打开 console is local only and refuses proxied requests' };
      }
      if (!LOOPBACK_HOSTS.has(hostName(req.headers.host))) return { status: 403, error: '本地控制台只能用 127.0.0.1 或 localhost 访问 console host must be loopback' };
      return null;
    },
    signedIn(req) {
      const sid = cookie(req, SESSION_COOKIE);
      if (sid && sessions.has(sid)) return true;
      const auth = req.headers.authorization;
      return typeof auth === 'string' && auth.startsWith('Bearer ') && same(auth.slice(7), token);
    },
    signIn(given, reply) {
      if (!given || !same(given, token)) return false;
      const sid = randomBytes(24).toString('base64url');
      sessions.add(sid);
      void reply.header('set-cookie', `${SESSION_COOKIE}=${sid}; Path=/console; HttpOnly; SameSite=Strict`);
      return true;
    },
  };
}
