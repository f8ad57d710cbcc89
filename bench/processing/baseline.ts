// The raw baseline of the processing benchmark: what the app writes for one 报修 from known staff, done with
// better-sqlite3 prepared statements and one transaction per message (WAL, synchronous=NORMAL, temp_store=MEMORY as the app opens it):
// the ticket, its history row, its response and resolve clocks, the due dates on the ticket, the duty-group and
// lead pushes, the recovered reply, and the inbound row marked processed. No parsing, no reads, no formatting.
import Database from 'better-sqlite3';
import { sqlDate } from '../../src/store/prisma/dialect.js';

export interface BacklogRow {
  platform: string;
  msgId: string;
  chatId: string;
  chatType: string;
  senderId: string;
  text: string;
  receivedAt: Date;
}

/** Rows per table of the SQLite file. */
export async function tableCounts(file: string): Promise<Record<string, number>> {
  const db = new Database(file, { readonly: true });
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_prisma%'").all() as Array<{ name: string }>;
  const counts = Object.fromEntries(tables.map((t) => [t.name, (db.prepare(`SELECT count(*) AS c FROM "${t.name}"`).get() as { c: number }).c]));
  db.close();
  return counts;
}

/**
 * Writes the rows of `backlog.length` repairs into the (migrated, empty) file, `batch` messages per transaction (1: one
 * transaction each; the app's recovery commits RECOVERY_BATCH at a time); returns the time the writes took.
 */
export function rawBaseline(file: string, backlog: BacklogRow[], batch = 1): { ms: number; rowsPerMessage: Record<string, number> } {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('temp_store = MEMORY');
  const at = sqlDate(new Date())!;
  const inbound = db.prepare('INSERT INTO "InboundMessage" ("platform", "msgId", "chatId", "chatType", "senderId", "text", "receivedAt", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (const r of backlog) inbound.run(r.platform, r.msgId, r.chatId, r.chatType, r.senderId, r.text, at, at);
  })();
  const before = countsOf(db);

  const ticket = db.prepare(
    `INSERT INTO "Ticket" ("kind", "status", "category", "description", "building", "unit", "room", "phone", "urgent", "reporterId", "team", "propertyId", "sourcePlatform", "sourceChatId", "createdAt", "updatedAt")
     VALUES ('repair', 'pending', '水电', ?, ?, ?, ?, NULL, 0, ?, '工程', 1, ?, ?, ?, ?) RETURNING "id"`,
  );
  const event = db.prepare(`INSERT INTO "TicketEvent" ("ticketId", "actorId", "action", "fromStatus", "toStatus", "note", "inboundId", "createdAt") VALUES (?, ?, 'created', NULL, 'pending', '类别：水电，工程组', ?, ?)`);
  const clock = db.prepare(`INSERT INTO "SlaClock" ("itemType", "itemId", "clock", "startedAt", "dueAt", "nextLevel", "nextFireAt", "active", "createdAt", "updatedAt") VALUES ('ticket', ?, ?, ?, ?, 0, ?, 1, ?, ?)`);
  const due = db.prepare(`UPDATE "Ticket" SET "responseDueAt" = ?, "resolveDueAt" = ?, "updatedAt" = ? WHERE "id" = ?`);
  const outbox = db.prepare(
    `INSERT INTO "Outbox" ("dedupeKey", "channel", "recipient", "personId", "title", "text", "format", "status", "attempts", "nextAttemptAt", "giveUpAt", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, NULL, ?, 'text', 'pending', 0, ?, ?, ?, ?) ON CONFLICT ("dedupeKey") DO NOTHING`,
  );
  const processed = db.prepare(`UPDATE "InboundMessage" SET "processedAt" = ?, "error" = NULL WHERE "id" = ?`);
  const one = (inboundId: number, r: BacklogRow) => {
    const now = new Date();
    const ts = sqlDate(now)!;
    const response = sqlDate(new Date(now.getTime() + 30 * 60_000))!;
    const resolve = sqlDate(new Date(now.getTime() + 240 * 60_000))!;
    const giveUp = sqlDate(new Date(now.getTime() + 86_400_000))!;
    const reporterId = 2 + (inboundId % 40);
    const { id } = ticket.get(r.text.slice(-6), '1', '1', '101', reporterId, r.platform, r.chatId, ts, ts) as { id: number };
    event.run(id, reporterId, inboundId, ts);
    clock.run(id, 'response', ts, response, response, ts, ts);
    clock.run(id, 'resolve', ts, resolve, resolve, ts, ts);
    due.run(response, resolve, ts, id);
    const push = `【新报修】报修#${id}（水电）\n位置：1栋1单元***\n问题：${r.text}\n报修人：值班员（工程）\n请在12月2日 10:43前响应：「接单 #${id}」或「派单 #${id} 姓名」`;
    outbox.run(`ticket:${id}:created:group@dingtalk-group`, 'dingtalk-group', 'default', null, push, ts, giveUp, ts, ts);
    outbox.run(`ticket:${id}:created:lead:1`, 'dingtalk-robot', 'lead0', 1, push, ts, giveUp, ts, ts);
    processed.run(ts, inboundId);
    outbox.run(`recover:${inboundId}`, 'dingtalk-robot', r.senderId, reporterId, `已登记报修#${id} ${r.text}（水电），已通知工程组。`, ts, giveUp, ts, ts);
  };
  const many = db.transaction((first: number, rows: BacklogRow[]) => rows.forEach((r, i) => one(first + i, r)));
  const t0 = performance.now();
  for (let i = 0; i < backlog.length; i += batch) many(i + 1, backlog.slice(i, i + batch));
  const ms = performance.now() - t0;
  const after = countsOf(db);
  db.close();
  const rowsPerMessage = Object.fromEntries(Object.entries(after).map(([t, c]) => [t, Math.round(((c - (before[t] ?? 0)) / backlog.length) * 100) / 100]).filter(([, c]) => c !== 0));
  return { ms, rowsPerMessage };
}

function countsOf(db: Database.Database): Record<string, number> {
  const tables = ['Ticket', 'TicketEvent', 'SlaClock', 'Outbox'];
  return Object.fromEntries(tables.map((t) => [t, (db.prepare(`SELECT count(*) AS c FROM "${t}"`).get() as { c: number }).c]));
}
