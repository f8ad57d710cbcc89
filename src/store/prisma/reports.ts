// Report figures counted in SQL. SQLite: strftime / julianday read the stored ISO-8601 text with its +00:00 suffix;
// PostgreSQL: to_char / EXTRACT(EPOCH) over timestamps (the dialect's fragments below). Every ticket query is one range scan of the (kind, createdAt) or (createdAt) index; the clocks and
// events of those tickets are read through their unique / (ticketId, id) indexes.
import type { ClockName, TicketKind, TicketStatus } from '../types/index.js';
import type {
  ComplaintCube,
  DrillCube,
  ExportTicket,
  LeaveCube,
  MonthRange,
  PatrolCube,
  RepairClockCube,
  RepairCube,
  RepeatGroup,
  ReportScope,
  ReportStore,
  TicketCursor,
  TicketExportFilter,
} from '../types/reports.js';
import type { Db } from './client.js';
import { rawSql, type RawSql } from './dialect.js';

type Row = Record<string, unknown>;
const ID_CHUNK = 400;
const num = (v: unknown): number => (v == null ? 0 : Number(v));
const strOrNull = (v: unknown): string | null => (v == null ? null : String(v));
/** SQL fragments that differ: the local YYYY-MM of a column (its parameter: shift), minutes between two times. */
interface Fragments {
  shift(off: number): string | number;
  monthOf(col: string): string;
  minutes(later: string, earlier: string): string;
  /** A bound time as an operand of `minutes`. */
  param: string;
}
const SQLITE: Fragments = {
  shift: (off) => `${off >= 0 ? '+' : ''}${off} minutes`,
  monthOf: (col) => `strftime('%Y-%m', ${col}, ?)`,
  minutes: (a, b) => `(julianday(${a}) - julianday(${b})) * 1440.0`,
  param: '?',
};
const POSTGRES: Fragments = {
  shift: (off) => off,
  monthOf: (col) => `to_char(${col} + make_interval(mins => CAST(? AS integer)), 'YYYY-MM')`,
  minutes: (a, b) => `(EXTRACT(EPOCH FROM (${a} - ${b})) / 60.0)`,
  param: 'CAST(? AS timestamp(3))',
};
/**
 * The rating request (评价邀请) went to a resident: the ticket was completed / resolved and its reporter is a resident
 * (complaints and repairs ask them to reply 回访 #12 1-5分). Answered: the reporter rated it themselves; a rating the
 * desk records from a phone call counts for satisfaction, not as a returned survey (docs/desk-rules.md#report-definitions).
 */
const SURVEY_SENT = `(t."completedAt" IS NOT NULL AND EXISTS (SELECT 1 FROM "Person" sp WHERE sp."id" = t."reporterId" AND sp."role" = 'resident'))`;
const SURVEY_ANSWERED = `EXISTS (SELECT 1 FROM "TicketEvent" se WHERE se."ticketId" = t."id" AND se."action" = 'followed_up' AND se."actorId" = t."reporterId")`;
const localDay = (d: Date, off: number) => new Date(d.getTime() + off * 60_000).toISOString().slice(0, 10);

/** WHERE fragments for a scope over a table alias (people columns named per table). */
function scopeSql(scope: ReportScope, cols: { property: string; team?: string; people: string[] }): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (scope.propertyIds) {
    parts.push(scope.propertyIds.length ? `${cols.property} IN (${scope.propertyIds.map(() => '?').join(', ')})` : 'FALSE');
    params.push(...scope.propertyIds);
  }
  if (scope.team !== null && cols.team) {
    parts.push(`${cols.team} = ?`);
    params.push(scope.team);
  }
  if (scope.personId !== null) {
    parts.push(cols.people.length ? `(${cols.people.map((c) => `${c} = ?`).join(' OR ')})` : 'FALSE');
    params.push(...cols.people.map(() => scope.personId));
  }
  return { sql: parts.map((p) => ` AND ${p}`).join(''), params };
}

const ticketScope = (scope: ReportScope) => {
  const s = scopeSql(scope, { property: 't."propertyId"', team: 't."team"', people: ['t."assigneeId"', 't."reporterId"'] });
  // A person's own view never shows a complaint against them (回避).
  if (scope.personId !== null) return { sql: `${s.sql} AND (t."accusedId" IS NULL OR t."accusedId" <> ?)`, params: [...s.params, scope.personId] };
  return s;
};

export class PrismaReportStore implements ReportStore {
  private readonly q: RawSql;
  private readonly f: Fragments;
  constructor(private readonly db: Db) {
    this.q = rawSql(db);
    this.f = this.q.dialect === 'postgresql' ? POSTGRES : SQLITE;
  }

  private query(sql: string, params: unknown[]): Promise<Row[]> {
    return this.db.$queryRawUnsafe<Row[]>(this.q.text(sql), ...params);
  }

  async complaints(range: MonthRange, scope: ReportScope, replyMinutes: number, now: Date): Promise<ComplaintCube[]> {
    const s = ticketScope(scope);
    const rows = await this.query(
      `WITH c AS (
         SELECT t."createdAt", t."category", t."propertyId", t."status", t."accusedId", t."rating",
           (SELECT MIN(e."createdAt") FROM "TicketEvent" e WHERE e."ticketId" = t."id" AND e."action" IN ('replied', 'invalid')) AS "firstReplyAt",
           (SELECT f."metAt" IS NOT NULL AND f."metAt" <= f."dueAt" FROM "SlaClock" f WHERE f."itemType" = 'ticket' AND f."itemId" = t."id" AND f."clock" = 'followup') AS "followUpOnTime",
           ${SURVEY_SENT} AS "surveySent", ${SURVEY_ANSWERED} AS "surveyAnswered"
         FROM "Ticket" t WHERE t."kind" = 'complaint' AND t."createdAt" >= ? AND t."createdAt" < ?${s.sql})
       SELECT ${this.f.monthOf('"createdAt"')} AS month, "category", "propertyId",
         "status" <> 'invalid' AS valid,
         "status" IN ('resolved', 'followed_up', 'closed') AS resolved,
         "status" IN ('followed_up', 'closed') AS "followedUp",
         CASE WHEN "firstReplyAt" IS NOT NULL AND ${this.f.minutes('"firstReplyAt"', '"createdAt"')} <= CAST(? AS double precision) + 0.0001 THEN 'on_time'
              WHEN "firstReplyAt" IS NOT NULL OR ${this.f.minutes(this.f.param, '"createdAt"')} > CAST(? AS double precision) THEN 'late'
              ELSE 'pending' END AS "firstReply",
         "accusedId" IS NOT NULL AS accused,
         "status" IN ('followed_up', 'closed') AND COALESCE("followUpOnTime", FALSE) = TRUE AS "followUpOnTime",
         COUNT(*) AS count, COALESCE(SUM("rating"), 0) AS "ratingSum", COUNT("rating") AS rated,
         SUM(CASE WHEN "surveySent" THEN 1 ELSE 0 END) AS "surveysSent", SUM(CASE WHEN "surveySent" AND "surveyAnswered" THEN 1 ELSE 0 END) AS "surveysAnswered"
       FROM c GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9`,
      [this.q.date(range.from), this.q.date(range.to), ...s.params, this.f.shift(range.offsetMinutes), replyMinutes, this.q.date(now), replyMinutes],
    );
    return rows.map((r) => ({
      month: String(r.month),
      category: strOrNull(r.category),
      propertyId: num(r.propertyId),
      valid: num(r.valid) === 1,
      resolved: num(r.resolved) === 1,
      followedUp: num(r.followedUp) === 1,
      firstReply: String(r.firstReply) as ComplaintCube['firstReply'],
      accused: num(r.accused) === 1,
      followUpOnTime: num(r.followUpOnTime) === 1,
      count: num(r.count),
      ratingSum: num(r.ratingSum),
      rated: num(r.rated),
      surveysSent: num(r.surveysSent),
      surveysAnswered: num(r.surveysAnswered),
    }));
  }

  async repeatComplaints(range: MonthRange, scope: ReportScope): Promise<RepeatGroup[]> {
    const s = ticketScope(scope);
    const rows = await this.query(
      `SELECT ${this.f.monthOf('t."createdAt"')} AS month, t."building", t."unit", t."room", t."category", COUNT(*) AS count
       FROM "Ticket" t WHERE t."kind" = 'complaint' AND t."createdAt" >= ? AND t."createdAt" < ? AND t."building" IS NOT NULL${s.sql}
       GROUP BY 1, 2, 3, 4, 5 HAVING COUNT(*) > 1 ORDER BY 1, 6 DESC`,
      [this.f.shift(range.offsetMinutes), this.q.date(range.from), this.q.date(range.to), ...s.params],
    );
    return rows.map((r) => ({ month: String(r.month), building: String(r.building), unit: strOrNull(r.unit), room: strOrNull(r.room), category: strOrNull(r.category), count: num(r.count) }));
  }

  async repairs(range: MonthRange, scope: ReportScope): Promise<RepairCube[]> {
    const s = ticketScope(scope);
    const rows = await this.query(
      `SELECT ${this.f.monthOf('t."createdAt"')} AS month, t."team", t."assigneeId", t."category", COUNT(*) AS count,
         COALESCE(SUM(t."rating"), 0) AS "ratingSum", COUNT(t."rating") AS rated,
         SUM(CASE WHEN ${SURVEY_SENT} THEN 1 ELSE 0 END) AS "surveysSent", SUM(CASE WHEN ${SURVEY_SENT} AND ${SURVEY_ANSWERED} THEN 1 ELSE 0 END) AS "surveysAnswered"
       FROM "Ticket" t WHERE t."kind" = 'repair' AND t."createdAt" >= ? AND t."createdAt" < ?${s.sql} GROUP BY 1, 2, 3, 4`,
      [this.f.shift(range.offsetMinutes), this.q.date(range.from), this.q.date(range.to), ...s.params],
    );
    return rows.map((r) => ({ month: String(r.month), team: strOrNull(r.team), assigneeId: r.assigneeId == null ? null : num(r.assigneeId), category: strOrNull(r.category), count: num(r.count), ratingSum: num(r.ratingSum), rated: num(r.rated), surveysSent: num(r.surveysSent), surveysAnswered: num(r.surveysAnswered) }));
  }

  async repairClocks(range: MonthRange, scope: ReportScope, now: Date): Promise<RepairClockCube[]> {
    const s = ticketScope(scope);
    const rows = await this.query(
      `SELECT ${this.f.monthOf('t."createdAt"')} AS month, t."team", t."assigneeId", c."clock",
         CASE WHEN c."metAt" IS NOT NULL THEN (CASE WHEN c."metAt" <= c."dueAt" THEN 'on_time' ELSE 'late' END)
              WHEN NOT c."active" THEN 'stopped'
              WHEN c."pausedAt" IS NOT NULL THEN (CASE WHEN c."pausedAt" > c."dueAt" THEN 'late' ELSE 'pending' END)
              WHEN c."dueAt" < ? THEN 'late' ELSE 'pending' END AS state,
         COUNT(*) AS count,
         COALESCE(SUM(CASE WHEN c."metAt" IS NOT NULL THEN ${this.f.minutes('c."metAt"', 'c."startedAt"')} END), 0) AS "metMinutes",
         COUNT(c."metAt") AS met
       FROM "Ticket" t JOIN "SlaClock" c ON c."itemType" = 'ticket' AND c."itemId" = t."id" AND c."clock" IN ('response', 'arrival', 'resolve')
       WHERE t."kind" = 'repair' AND t."createdAt" >= ? AND t."createdAt" < ?${s.sql} GROUP BY 1, 2, 3, 4, 5`,
      [this.f.shift(range.offsetMinutes), this.q.date(now), this.q.date(range.from), this.q.date(range.to), ...s.params],
    );
    return rows.map((r) => ({
      month: String(r.month),
      team: strOrNull(r.team),
      assigneeId: r.assigneeId == null ? null : num(r.assigneeId),
      clock: String(r.clock) as ClockName,
      state: String(r.state) as RepairClockCube['state'],
      count: num(r.count),
      metMinutes: num(r.metMinutes),
      met: num(r.met),
    }));
  }

  async leave(range: MonthRange, scope: ReportScope): Promise<LeaveCube[]> {
    const s = scopeSql(scope, { property: 'l."propertyId"', team: 'p."team"', people: ['l."personId"'] });
    const rows = await this.query(
      `SELECT substr(l."startDate", 1, 7) AS month, l."leaveType", l."status", COUNT(*) AS count, COALESCE(SUM(l."days"), 0) AS days
       FROM "LeaveRequest" l JOIN "Person" p ON p."id" = l."personId"
       WHERE l."startDate" >= ? AND l."startDate" < ?${s.sql} GROUP BY 1, 2, 3`,
      [localDay(range.from, range.offsetMinutes), localDay(range.to, range.offsetMinutes), ...s.params],
    );
    return rows.map((r) => ({ month: String(r.month), leaveType: String(r.leaveType), status: String(r.status), count: num(r.count), days: num(r.days) }));
  }

  async drills(range: MonthRange, scope: ReportScope, now: Date): Promise<DrillCube[]> {
    const s = scopeSql(scope, { property: 'd."propertyId"', team: 'd."team"', people: ['d."ownerId"', 'd."completedById"'] });
    const rows = await this.query(
      `SELECT ${this.f.monthOf('d."dueAt"')} AS month, d."kind",
         CASE WHEN d."status" = 'replaced' THEN 'replaced'
              WHEN d."status" = 'done' AND d."completedAt" <= d."dueAt" THEN 'done_on_time'
              WHEN d."status" = 'done' THEN 'done_late'
              WHEN d."dueAt" < ? THEN 'overdue' ELSE 'open' END AS state,
         COUNT(*) AS count
       FROM "Drill" d WHERE d."dueAt" >= ? AND d."dueAt" < ?${s.sql} GROUP BY 1, 2, 3`,
      [this.f.shift(range.offsetMinutes), this.q.date(now), this.q.date(range.from), this.q.date(range.to), ...s.params],
    );
    return rows.map((r) => ({ month: String(r.month), kind: String(r.kind), state: String(r.state) as DrillCube['state'], count: num(r.count) }));
  }

  async patrols(range: MonthRange, scope: ReportScope): Promise<PatrolCube[]> {
    const s = scopeSql({ ...scope, team: null }, { property: 'r."propertyId"', people: ['r."doneById"'] });
    const rows = await this.query(
      `SELECT ${this.f.monthOf('r."slotStart"')} AS month, r."kind", r."status", COUNT(*) AS count
       FROM "PatrolRound" r WHERE r."slotStart" >= ? AND r."slotStart" < ?${s.sql} GROUP BY 1, 2, 3`,
      [this.f.shift(range.offsetMinutes), this.q.date(range.from), this.q.date(range.to), ...s.params],
    );
    return rows.map((r) => ({ month: String(r.month), kind: String(r.kind), status: String(r.status), count: num(r.count) }));
  }

  async ticketPage(filter: TicketExportFilter, scope: ReportScope, after: TicketCursor | null, limit: number): Promise<ExportTicket[]> {
    const w = this.ticketWhere(filter, scope);
    if (after) {
      w.sql += ' AND (t."createdAt" > ? OR (t."createdAt" = ? AND t."id" > ?))';
      w.params.push(this.q.date(after.createdAt), this.q.date(after.createdAt), after.id);
    }
    return this.withDetails(await this.query(`SELECT t.* FROM "Ticket" t WHERE 1 = 1${w.sql} ORDER BY t."createdAt", t."id" LIMIT ?`, [...w.params, limit]));
  }

  async latestTickets(filter: TicketExportFilter, scope: ReportScope, limit: number, offset: number): Promise<ExportTicket[]> {
    const w = this.ticketWhere(filter, scope);
    return this.withDetails(await this.query(`SELECT t.* FROM "Ticket" t WHERE 1 = 1${w.sql} ORDER BY t."createdAt" DESC, t."id" DESC LIMIT ? OFFSET ?`, [...w.params, limit, offset]));
  }

  private ticketWhere(filter: TicketExportFilter, scope: ReportScope): { sql: string; params: unknown[] } {
    const parts: string[] = [];
    const params: unknown[] = [];
    if (filter.kind) (parts.push('t."kind" = ?'), params.push(filter.kind));
    if (filter.status) (parts.push('t."status" = ?'), params.push(filter.status));
    if (filter.from) (parts.push('t."createdAt" >= ?'), params.push(this.q.date(filter.from)));
    if (filter.to) (parts.push('t."createdAt" < ?'), params.push(this.q.date(filter.to)));
    if (filter.notAccusedId !== undefined) (parts.push('(t."accusedId" IS NULL OR t."accusedId" <> ?)'), params.push(filter.notAccusedId));
    const s = ticketScope(scope);
    return { sql: parts.map((p) => ` AND ${p}`).join('') + s.sql, params: [...params, ...s.params] };
  }

  /** Adds each ticket's clocks and first complaint answer: two indexed reads per page. */
  private async withDetails(rows: Row[]): Promise<ExportTicket[]> {
    if (!rows.length) return [];
    const ids = rows.map((r) => num(r.id));
    const clocks = [];
    const replies = [];
    // SQLite caps bound parameters per statement: read in chunks.
    for (let i = 0; i < ids.length; i += ID_CHUNK) {
      const part = ids.slice(i, i + ID_CHUNK);
      clocks.push(...(await this.db.slaClock.findMany({ where: { itemType: 'ticket', itemId: { in: part } }, orderBy: { id: 'asc' } })));
      replies.push(...(await this.db.ticketEvent.groupBy({ by: ['ticketId'], where: { ticketId: { in: part }, action: { in: ['replied', 'invalid'] } }, _min: { createdAt: true } })));
    }
    const firstReply = new Map(replies.map((r) => [r.ticketId, r._min.createdAt]));
    const date = (v: unknown) => (v == null ? null : v instanceof Date ? v : new Date(String(v)));
    const clocksOf = new Map<number, ExportTicket['clocks']>();
    for (const c of clocks) {
      const list = clocksOf.get(c.itemId) ?? [];
      list.push({ clock: c.clock as ClockName, startedAt: c.startedAt, dueAt: c.dueAt, metAt: c.metAt, active: c.active, pausedAt: c.pausedAt });
      clocksOf.set(c.itemId, list);
    }
    return rows.map((r) => {
      const id = num(r.id);
      return {
        id,
        kind: String(r.kind) as TicketKind,
        status: String(r.status) as TicketStatus,
        category: strOrNull(r.category),
        description: String(r.description),
        building: strOrNull(r.building),
        unit: strOrNull(r.unit),
        room: strOrNull(r.room),
        urgent: num(r.urgent) === 1,
        team: strOrNull(r.team),
        propertyId: num(r.propertyId),
        reporterId: r.reporterId == null ? null : num(r.reporterId),
        assigneeId: r.assigneeId == null ? null : num(r.assigneeId),
        accusedId: r.accusedId == null ? null : num(r.accusedId),
        rating: r.rating == null ? null : num(r.rating),
        createdAt: date(r.createdAt)!,
        completedAt: date(r.completedAt),
        closedAt: date(r.closedAt),
        firstReplyAt: firstReply.get(id) ?? null,
        clocks: clocksOf.get(id) ?? [],
      };
    });
  }
}
