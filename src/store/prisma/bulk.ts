// Set-based writes for the hot batch paths (the SLA sweep): one statement per few hundred rows
// instead of one Prisma query each. Plain SQL that SQLite and PostgreSQL both accept; placeholders, dates and
// booleans go through rawSql (dialect.ts).
import type { ClockUpdate, InboundRecord, OutboxInput } from '../types/index.js';
import type { Db } from './client.js';
import { rawSql, sqlDate } from './dialect.js';
import { sqlRows, sqlRun } from './direct-sql.js';

export { sqlDate };

const CHUNK = 400;

/** Inserts outbox rows, skipping dedupe keys already queued; returns how many were new. */
export async function insertOutbox(db: Db, rows: OutboxInput[], now: Date): Promise<number> {
  const q = rawSql(db);
  let inserted = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const params: unknown[] = [];
    const values = chunk.map((r) => {
      params.push(r.dedupeKey, r.channel, r.recipient, r.personId ?? null, r.title ?? null, r.text, r.format ?? 'text', q.date(r.nextAttemptAt), q.date(r.giveUpAt), q.date(now), q.date(now));
      return "(?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?)";
    });
    inserted += await sqlRun(
      db,
      q.text(`INSERT INTO "Outbox" ("dedupeKey", "channel", "recipient", "personId", "title", "text", "format", "status", "attempts", "nextAttemptAt", "giveUpAt", "createdAt", "updatedAt") VALUES ${values.join(', ')} ON CONFLICT ("dedupeKey") DO NOTHING`),
      params,
    );
  }
  return inserted;
}


/** Applies per-row level / next-fire / active changes to many clocks in one statement per chunk. */
export async function updateClocks(db: Db, updates: ClockUpdate[], now: Date): Promise<void> {
  const q = rawSql(db);
  for (let i = 0; i < updates.length; i += CHUNK) {
    const chunk = updates.slice(i, i + CHUNK);
    const params: unknown[] = [];
    const column = (name: string, pick: (u: ClockUpdate) => unknown, has: (u: ClockUpdate) => boolean) => {
      const cases = chunk.filter(has).map((u) => {
        params.push(u.id, pick(u));
        return 'WHEN ? THEN ?';
      });
      return cases.length ? `"${name}" = CASE "id" ${cases.join(' ')} ELSE "${name}" END` : null;
    };
    const sets = [
      column('nextLevel', (u) => u.nextLevel, (u) => u.nextLevel !== undefined),
      column('nextFireAt', (u) => q.date(u.nextFireAt), (u) => u.nextFireAt !== undefined),
      column('active', (u) => q.bool(!!u.active), (u) => u.active !== undefined),
    ].filter((s): s is string => s !== null);
    if (!sets.length) continue;
    params.push(q.date(now), ...chunk.map((u) => u.id));
    await sqlRun(db, q.text(`UPDATE "SlaClock" SET ${sets.join(', ')}, "updatedAt" = ? WHERE "id" IN (${chunk.map(() => '?').join(', ')})`), params);
  }
}

/**
 * Inserts inbound deliveries in one statement; returns, per input row, the new id or null when
 * (platform, msgId) was already recorded (a platform retry), including repeats within `rows`.
 */
export async function insertInbound(db: Db, rows: InboundRecord[], now: Date): Promise<Array<number | null>> {
  const firstIndex = new Map<string, number>();
  rows.forEach((r, i) => {
    const key = `${r.platform}\u0000${r.msgId}`;
    if (!firstIndex.has(key)) firstIndex.set(key, i);
  });
  const q = rawSql(db);
  const ids = new Map<string, number>();
  const unique = [...firstIndex.values()].map((i) => rows[i]!);
  for (let i = 0; i < unique.length; i += CHUNK) {
    const chunk = unique.slice(i, i + CHUNK);
    const params: unknown[] = [];
    const values = chunk.map((r) => {
      params.push(r.platform, r.msgId, r.chatId ?? null, r.chatType ?? null, r.senderId ?? null, r.text ?? null, r.attachments ?? null, q.date(r.receivedAt), q.date(now));
      return '(?, ?, ?, ?, ?, ?, ?, ?, ?)';
    });
    const created = await sqlRows<{ id: number | bigint; platform: string; msgId: string }>(
      db,
      q.text(`INSERT INTO "InboundMessage" ("platform", "msgId", "chatId", "chatType", "senderId", "text", "attachments", "receivedAt", "createdAt") VALUES ${values.join(', ')} ON CONFLICT ("platform", "msgId") DO NOTHING RETURNING "id", "platform", "msgId"`),
      params,
    );
    for (const c of created) ids.set(`${c.platform}\u0000${c.msgId}`, Number(c.id));
  }
  return rows.map((r, i) => {
    const key = `${r.platform}\u0000${r.msgId}`;
    return firstIndex.get(key) === i ? (ids.get(key) ?? null) : null;
  });
}
