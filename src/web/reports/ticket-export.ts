// The ticket export: one row per item with its category, people, every clock's due and met times, how late it
// was, and the rating. Read in pages of EXPORT_PAGE along the (createdAt, id) keyset, so there is no row cap and
// memory stays flat.
import { KIND_ZH, location } from '../../handlers/format.js';
import { maskPhones } from '../../handlers/privacy.js';
import { STATUS_ZH } from '../../handlers/ticket.js';
import type { ClockName, ExportClock, ExportTicket, ReportScope, Stores, TicketCursor, TicketExportFilter } from '../../store/index.js';
import type { Cell } from './table.js';

export const EXPORT_PAGE = 1000;

/** The clocks a row shows, in order, with their Chinese names. */
const CLOCKS: Array<[ClockName, string]> = [
  ['response', '响应/答复'],
  ['arrival', '到场'],
  ['resolve', '处理'],
  ['followup', '回访'],
];

/** Local time as Excel and WPS read it: 2026-10-01 10:00. */
function at(d: Date | null, off: number): string {
  if (!d) return '';
  const x = new Date(d.getTime() + off * 60_000).toISOString();
  return `${x.slice(0, 10)} ${x.slice(11, 16)}`;
}

/** Minutes past due: met late, or still running (or paused) past due at `now`; 0 when in time; '' when not started. */
export function minutesLate(c: ExportClock | undefined, now: Date): Cell {
  if (!c) return '';
  const end = c.metAt ?? (c.active ? (c.pausedAt ?? now) : null);
  if (!end) return '';
  return Math.max(0, Math.floor((end.getTime() - c.dueAt.getTime()) / 60_000));
}

export function exportHead(showAccused: boolean): string[] {
  return [
    '单号', '类型', '状态', '类别', '项目', '位置', '内容', '紧急', '班组', '报告人', '处理人',
    ...(showAccused ? ['被投诉人'] : []),
    '评分', '登记时间', '首次答复时间', '完工/解决时间', '关闭时间',
    ...CLOCKS.flatMap(([, zh]) => [`${zh}时限`, `${zh}完成时间`, `${zh}超时（分钟）`]),
  ];
}

export interface ExportNames {
  person(id: number | null): string;
  property(id: number): string;
}

export function exportRow(t: ExportTicket, names: ExportNames, opts: { showAccused: boolean; now: Date; offsetMinutes: number }): Cell[] {
  const off = opts.offsetMinutes;
  const clock = (name: ClockName) => t.clocks.find((c) => c.clock === name);
  return [
    t.id,
    KIND_ZH[t.kind],
    STATUS_ZH[t.status] ?? t.status,
    t.category ?? '',
    names.property(t.propertyId),
    location(t),
    maskPhones(t.description),
    t.urgent ? '是' : '否',
    t.team ?? '',
    names.person(t.reporterId),
    names.person(t.assigneeId),
    ...(opts.showAccused ? [names.person(t.accusedId)] : []),
    t.rating,
    at(t.createdAt, off),
    at(t.firstReplyAt, off),
    at(t.completedAt, off),
    at(t.closedAt, off),
    ...CLOCKS.flatMap(([name]) => {
      const c = clock(name);
      return [c ? at(c.dueAt, off) : '', c ? at(c.metAt, off) : '', minutesLate(c, opts.now)];
    }),
  ];
}

/** Batches of export rows for the filter and scope, read page by page until the last. */
export async function* exportRows(
  stores: Stores,
  filter: TicketExportFilter,
  scope: ReportScope,
  opts: { showAccused: boolean; now: Date; offsetMinutes: number },
): AsyncGenerator<Cell[][]> {
  const [people, properties] = await Promise.all([stores.people.list(), stores.properties.list()]);
  const personName = new Map(people.map((p) => [p.id, p.name]));
  const propertyName = new Map(properties.map((p) => [p.id, p.name]));
  const names: ExportNames = {
    person: (id) => (id === null ? '' : (personName.get(id) ?? `#${id}`)),
    property: (id) => propertyName.get(id) ?? `项目${id}`,
  };
  let after: TicketCursor | null = null;
  for (;;) {
    const page = await stores.reports.ticketPage(filter, scope, after, EXPORT_PAGE);
    if (page.length) yield page.map((t) => exportRow(t, names, opts));
    if (page.length < EXPORT_PAGE) return;
    const last = page[page.length - 1]!;
    after = { createdAt: last.createdAt, id: last.id };
  }
}

