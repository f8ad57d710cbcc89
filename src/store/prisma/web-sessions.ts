import { createHash, randomBytes } from 'node:crypto';
import type { LinkRefusal, WebSession, WebSessionStore } from '../types/index.js';
import type { Db } from './client.js';

const secret = () => randomBytes(32).toString('base64url');
const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export class PrismaWebSessionStore implements WebSessionStore {
  constructor(private readonly db: Db) {}

  async createLoginLink(personId: number, now: Date, expiresAt: Date) {
    const token = secret();
    await this.db.webLoginLink.create({ data: { tokenHash: hash(token), personId, expiresAt, createdAt: now } });
    return token;
  }

  async checkLoginLink(token: string, now: Date): Promise<{ personId: number } | { refused: LinkRefusal }> {
    const row = await this.db.webLoginLink.findUnique({ where: { tokenHash: hash(token) } });
    if (!row) return { refused: 'unknown' };
    if (row.usedAt) return { refused: 'used' };
    if (row.expiresAt <= now) return { refused: 'expired' };
    return { personId: row.personId };
  }

  async useLoginLink(token: string, now: Date): Promise<{ personId: number } | { refused: LinkRefusal }> {
    const checked = await this.checkLoginLink(token, now);
    if ('refused' in checked) return checked;
    const tokenHash = hash(token);
    // Only one request may spend it, however many arrive at once.
    const { count } = await this.db.webLoginLink.updateMany({ where: { tokenHash, usedAt: null }, data: { usedAt: now } });
    return count === 1 ? checked : { refused: 'used' };
  }

  async createSession(personId: number, now: Date, expiresAt: Date) {
    const token = secret();
    const r = await this.db.webSession.create({ data: { tokenHash: hash(token), personId, csrfToken: secret(), expiresAt, createdAt: now, lastSeenAt: now } });
    return { token, session: toSession(r) };
  }

  async session(token: string, now: Date) {
    const r = await this.db.webSession.findUnique({ where: { tokenHash: hash(token) } });
    return r && !r.endedAt && r.expiresAt > now ? toSession(r) : null;
  }

  async endSession(token: string, now: Date) {
    await this.db.webSession.updateMany({ where: { tokenHash: hash(token), endedAt: null }, data: { endedAt: now } });
  }
}

const toSession = (r: { id: number; personId: number; csrfToken: string; expiresAt: Date }): WebSession => ({ id: r.id, personId: r.personId, csrfToken: r.csrfToken, expiresAt: r.expiresAt });
