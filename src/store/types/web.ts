// The dashboard's sign-in (#14): one-time links sent in chat and the browser sessions they open. The store makes
// the secrets and keeps only their SHA-256 hashes; the raw values leave it once, to the caller.

export type LinkRefusal = 'unknown' | 'expired' | 'used';

export interface WebSession {
  id: number;
  personId: number;
  csrfToken: string;
  expiresAt: Date;
}

export interface WebSessionStore {
  /** A new one-time link for the person; returns the raw token (only its hash is stored). */
  createLoginLink(personId: number, now: Date, expiresAt: Date): Promise<string>;
  /** Whether the link would still work, without spending it. */
  checkLoginLink(token: string, now: Date): Promise<{ personId: number } | { refused: LinkRefusal }>;
  /** Spends the link (atomically: a second use is refused). */
  useLoginLink(token: string, now: Date): Promise<{ personId: number } | { refused: LinkRefusal }>;
  /** Opens a session; returns its raw cookie token and the CSRF token. */
  createSession(personId: number, now: Date, expiresAt: Date): Promise<{ token: string; session: WebSession }>;
  /** The live session of the cookie token (not ended, not expired), or null. */
  session(token: string, now: Date): Promise<WebSession | null>;
  /** Logout: the session is ended for good. */
  endSession(token: string, now: Date): Promise<void>;
}
