// The report and export API (#14): /api/reports/{complaints,repairs,leave,drills}?month=YYYY-MM, /api/reports/trend?kind=…,
// each as JSON or &format=csv|xlsx, and /api/tickets/export (one row per item, streamed, no row cap). Every answer
// needs a signed-in viewer (401 otherwise) and shows only the viewer's scope. Definitions: docs/desk-rules.md#report-definitions.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import type { Clock } from '../../clock.js';
import { fromLocal } from '../../clock.js';
import type { Config } from '../../config.js';
import { monthReport, REPORT_KINDS, trend, type ReportKind } from '../../handlers/reports/load.js';
import { addMonths, isMonth, lastMonth } from '../../handlers/reports/months.js';
import { COMPLAINT_STATUSES, REPAIR_STATUSES, type Stores, type TicketExportFilter, type TicketKind, type TicketStatus } from '../../store/index.js';
import type { Viewer } from '../viewer.js';
import { reportSections, trendSection } from './sections.js';
import { csvStream, sectionsCsv, sectionsXlsx, xlsxStream } from './table.js';
import { exportHead, exportRows } from './ticket-export.js';

export interface ReportRouteDeps {
  stores: Stores;
  config: Config;
  clock: Clock;
  viewerOf(req: FastifyRequest): Promise<Viewer | null>;
}

type Query = Record<string, string | undefined>;
const FORMATS = ['json', 'csv', 'xlsx'] as const;
type Format = (typeof FORMATS)[number];
const KIND_NAME: Record<ReportKind, string> = { complaints: '投诉月报', repairs: '报修月报', leave: '请假统计', drills: '演练与巡查' };
const TICKET_KINDS: readonly TicketKind[] = ['repair', 'complaint', 'inquiry'];
const STATUSES: readonly string[] = [...new Set<string>([...REPAIR_STATUSES, ...COMPLAINT_STATUSES])];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

class BadRequest extends Error {}

function formatOf(q: Query): Format {
  const f = q.format ?? 'json';
  if (!(FORMATS as readonly string[]).includes(f)) throw new BadRequest('导出格式只支持 json、csv、xlsx，例如 format=xlsx');
  return f as Format;
}

/** Sends a file download; the name is given in UTF-8 for Chinese. */
function download(reply: FastifyReply, body: Readable | string, name: string, format: 'csv' | 'xlsx') {
  const type = format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  return reply
    .header('content-type', type)
    .header('content-disposition', `attachment; filename="${format === 'csv' ? 'report.csv' : 'report.xlsx'}"; filename*=UTF-8''${encodeURIComponent(`${name}.${format}`)}`)
    .header('cache-control', 'no-store')
    .send(body);
}

/** The export filter from the query: type, status, from/to (local dates, both included). */
function exportFilter(q: Query, offset: number): TicketExportFilter {
  const f: TicketExportFilter = {};
  if (q.type) {
    if (!(TICKET_KINDS as readonly string[]).includes(q.type)) throw new BadRequest('type 只能是 repair、complaint 或 inquiry，例如 type=complaint');
    f.kind = q.type as TicketKind;
  }
  if (q.status) {
    if (!STATUSES.includes(q.status)) throw new BadRequest(`status 不正确，例如 status=closed（可选：${STATUSES.join('、')}）`);
    f.status = q.status as TicketStatus;
  }
  for (const key of ['from', 'to'] as const) {
    const v = q[key];
    if (!v) continue;
    if (!DATE.test(v) || Number.isNaN(Date.parse(v))) throw new BadRequest(`${key} 日期格式不对，例如 ${key}=2026-10-01`);
    const start = fromLocal(v, '00:00', offset);
    if (key === 'from') f.from = start;
    else f.to = new Date(start.getTime() + 24 * 3600_000);
  }
  return f;
}

export function reportRoutes(deps: ReportRouteDeps): FastifyPluginAsync {
  const { stores, config, clock } = deps;
  const off = config.utcOffsetMinutes;

  /** The viewer, or a 401 sent; bad input answered 400 with an example. */
  const guarded = (fn: (viewer: Viewer, q: Query, req: FastifyRequest, reply: FastifyReply) => Promise<unknown>) => async (req: FastifyRequest, reply: FastifyReply) => {
    const viewer = await deps.viewerOf(req);
    if (!viewer) return reply.code(401).send({ error: '请先登录' });
    try {
      return await fn(viewer, req.query as Query, req, reply);
    } catch (err) {
      if (err instanceof BadRequest) return reply.code(400).send({ error: err.message });
      throw err;
    }
  };

  const monthParam = (q: Query, now: Date): string => {
    if (q.month === undefined) return lastMonth(now, off);
    if (!isMonth(q.month)) throw new BadRequest('月份格式不对，例如 month=2026-10');
    return q.month;
  };

  return async (app) => {
    app.get(
      '/api/reports/:kind',
      guarded(async (viewer, q, req, reply) => {
        const kind = (req.params as { kind: string }).kind;
        const now = clock.now();
        const format = formatOf(q);
        const reportDeps = { stores, config, now };
        if (kind === 'trend') {
          const of = (q.kind ?? 'complaints') as ReportKind;
          if (!REPORT_KINDS.includes(of)) throw new BadRequest(`kind 只能是 ${REPORT_KINDS.join('、')}，例如 kind=complaints`);
          const last = monthParam(q, now);
          const months = await trend(of, last, viewer.scope, reportDeps);
          if (format === 'json') return { kind: of, from: addMonths(last, -11), to: last, months };
          const sections = [trendSection(of, months)];
          const name = `${KIND_NAME[of]}-趋势-${last}`;
          return download(reply, format === 'csv' ? sectionsCsv(sections) : sectionsXlsx('趋势', sections), name, format);
        }
        if (!(REPORT_KINDS as readonly string[]).includes(kind)) return reply.code(404).send({ error: `没有这个报表，可选：${[...REPORT_KINDS, 'trend'].join('、')}` });
        const k = kind as ReportKind;
        const month = monthParam(q, now);
        const report = await monthReport(k, month, viewer.scope, reportDeps);
        if (format === 'json') return report;
        const sections = reportSections(k, report);
        return download(reply, format === 'csv' ? sectionsCsv(sections) : sectionsXlsx(KIND_NAME[k], sections), `${KIND_NAME[k]}-${month}`, format);
      }),
    );

    app.get(
      '/api/tickets/export',
      guarded(async (viewer, q, _req, reply) => {
        const format = q.format ?? 'csv';
        if (format !== 'csv' && format !== 'xlsx') throw new BadRequest('导出格式只支持 csv 或 xlsx，例如 format=xlsx');
        // Whoever a complaint names never lists it, whatever their role (docs/desk-rules.md#recusal-of-the-accused).
        const filter = { ...exportFilter(q, off), notAccusedId: viewer.person.id };
        // The accused's name is for supervisors and managers only (docs/desk-rules.md#recusal-of-the-accused).
        const showAccused = viewer.person.role === 'supervisor' || viewer.person.role === 'manager';
        const opts = { showAccused, now: clock.now(), offsetMinutes: off };
        const head = exportHead(showAccused);
        const rows = exportRows(stores, filter, viewer.scope, opts);
        const name = `工单导出-${q.from ?? '全部'}${q.to ? `至${q.to}` : ''}`;
        if (format === 'xlsx') {
          return download(reply, xlsxStream([{ name: '工单', sections: (async function* () { yield { head, rows: [] }; for await (const r of rows) yield { rows: r }; })() }]), name, 'xlsx');
        }
        return download(reply, csvStream(head, rows), name, 'csv');
      }),
    );
  };
}
