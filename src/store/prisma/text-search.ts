// The list's text search (words in a ticket's description) as one SQL condition on `t` (Ticket), always exact:
// a case-insensitive substring match (SQLite LIKE, PostgreSQL ILIKE; % and _ are matched as themselves).
//
// SQLite keeps a trigram full-text index of the descriptions ("TicketText", FTS5, migration
// 20261202023800_ticket_text_search, kept by triggers; each text indexed with a space on both sides). The index only
// narrows the candidates; the LIKE re-checks each one, so the rows are the same as a plain scan's.
// - 3 characters or more: the phrase of the term's trigrams.
// - 2 characters (漏水, 门锁): every 2-character substring of a padded text begins some trigram, so the term's
//   candidates are the rows holding a trigram that begins with it, looked up in the index's vocabulary. The
//   vocabulary counts each trigram's rows as it reads them, so a term found in many of the newest SAMPLE tickets
//   skips it and takes the plain LIKE at once.
// - When the index says the term is common (CANDIDATE_CAP rows or more), or for 1 character, the plain LIKE: walking
//   the newest rows finds a page of a common term at once; a rare one is what the index is for.
// PostgreSQL: the plain ILIKE (pg_trgm would need CREATE EXTENSION; see README).
import type { Db } from './client.js';
import type { RawSql } from './dialect.js';

/** Above this many candidate rows the index does not help: the term is common, the newest rows hold it. */
export const CANDIDATE_CAP = 20_000;
/** A 2-character term begins at most this many distinct trigrams before the plain scan is used. */
const MAX_TERMS = 200;
/** The newest tickets looked at before a 2-character term's vocabulary look-up, and how many hits make it common. */
const SAMPLE = 1_000;
const COMMON_IN_SAMPLE = 50;

export interface TextCondition {
  sql: string;
  params: unknown[];
  /** True when the condition names a bounded set of rows (the index's candidates): the query should start from it. */
  selective: boolean;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const phrase = (s: string) => `"${s.replace(/"/g, '""')}"`;
/** Letters whose case the index folds differently from JS (non-ASCII letters with a case) take the plain scan. */
const caseless = (s: string) => [...s].every((c) => c.charCodeAt(0) < 128 || c.toLowerCase() === c.toUpperCase());

export async function textCondition(db: Db, r: RawSql, text: string): Promise<TextCondition> {
  if (r.dialect === 'postgresql') return { sql: `t."description" ILIKE ? ESCAPE '\\'`, params: [`%${escapeLike(text)}%`], selective: false };
  const like = { sql: `t."description" LIKE ? ESCAPE '\\'`, params: [`%${escapeLike(text)}%`], selective: false };
  const chars = [...text];
  let match: string | null = null;
  if (chars.length >= 3) match = phrase(text);
  else if (chars.length === 2 && caseless(text)) {
    const [{ n: hits } = { n: 0 }] = await db.$queryRawUnsafe<Array<{ n: number | bigint }>>(
      `SELECT COUNT(*) AS n FROM (SELECT "description" FROM "Ticket" ORDER BY "createdAt" DESC LIMIT ?) s WHERE "description" LIKE ? ESCAPE '\\'`,
      SAMPLE,
      like.params[0],
    );
    if (Number(hits) >= COMMON_IN_SAMPLE) return like;
    const lower = text.toLowerCase();
    const terms = await db.$queryRawUnsafe<Array<{ term: string }>>(
      `SELECT "term" FROM "TicketTextTerms" WHERE "term" >= ? AND "term" < ? LIMIT ?`,
      lower,
      `${lower}\u{10FFFF}`,
      MAX_TERMS + 1,
    );
    if (terms.length > MAX_TERMS) return like;
    if (!terms.length) return { sql: '1 = 0', params: [], selective: true };
    match = terms.map((x) => phrase(x.term)).join(' OR ');
  }
  if (!match) return like;
  const [{ n } = { n: 0 }] = await db.$queryRawUnsafe<Array<{ n: number | bigint }>>(
    `SELECT COUNT(*) AS n FROM (SELECT rowid FROM "TicketText" WHERE "TicketText" MATCH ? LIMIT ?)`,
    match,
    CANDIDATE_CAP,
  );
  if (Number(n) >= CANDIDATE_CAP) return like;
  return { sql: `t."id" IN (SELECT rowid FROM "TicketText" WHERE "TicketText" MATCH ?) AND ${like.sql}`, params: [match, ...like.params], selective: true };
}
