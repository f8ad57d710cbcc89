// Sessions of the dashboard: the cookie, who the viewer is, and the CSRF check of every write.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Stores, WebSession } from '../store/index.js';
import { scopeOf, type Viewer } from './viewer.js';

export const SESSION_COOKIE = 'dutydesk_session';

export interface SignedIn extends Viewer {
  session: WebSession;
}

export function cookieOf(req: FastifyRequest, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/** Who may use the dashboard: active, verified staff of any rank; never a resident. */
export const mayUseDashboard = (p: { role: string; verified: boolean; active: boolean }) => p.active && p.verified && p.role !== 'resident';

export function createSessions(deps: { stores: Stores; config: Config; clock: Clock }) {
  const { stores, config, clock } = deps;
  const cookie = (value: string, maxAgeSeconds: number) =>
    `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${config.web.secureCookie ? '; Secure' : ''}`;

  async function signedIn(req: FastifyRequest): Promise<SignedIn | null> {
    const token = cookieOf(req, SESSION_COOKIE);
    if (!token) return null;
    const session = await stores.web.session(token, clock.now());
    if (!session) return null;
    const person = await stores.people.byId(session.personId);
    if (!person || !mayUseDashboard(person)) return null;
    return { person, scope: scopeOf(person), session };
  }

  return {
    signedIn,
    /** The seam for other route plugins (reports): the viewer, or null. */
    viewerOf: async (req: FastifyRequest): Promise<Viewer | null> => {
      const s = await signedIn(req);
      return s ? { person: s.person, scope: s.scope } : null;
    },
    /** Opens a session for the person and sets its cookie. */
    async open(personId: number, reply: FastifyReply): Promise<void> {
      const now = clock.now();
      const hours = config.web.sessionHours;
      const { token } = await stores.web.createSession(personId, now, new Date(now.getTime() + hours * 3_600_000));
      void reply.header('set-cookie', cookie(token, hours * 3600));
    },
    async close(req: FastifyRequest, reply: FastifyReply): Promise<void> {
      const token = cookieOf(req, SESSION_COOKIE);
      if (token) await stores.web.endSession(token, clock.now());
      void reply.header('set-cookie', cookie('', 0));
    },
    /** A write carries the session's CSRF token, as the form field _csrf or the x-csrf-token header. */
    csrfOk(req: FastifyRequest, s: SignedIn): boolean {
      const body = req.body as Record<string, unknown> | undefined;
      const given = (typeof body?._csrf === 'string' ? body._csrf : undefined) ?? req.headers['x-csrf-token'];
      if (typeof given !== 'string') return false;
      const a = Buffer.from(given);
      const b = Buffer.from(s.session.csrfToken);
      return a.length === b.length && timingSafeEqual(a, b);
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;
