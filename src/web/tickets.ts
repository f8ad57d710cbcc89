// 工单 list: filters, paging, the JSON API behind it (GET /api/tickets), and the detail routes (ticket-detail.ts).
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../clock.js';
import { formatLocal } from '../clock.js';
import type { Config } from '../config.js';
import { COMPLAINT_CATEGORIES, REPAIR_CATEGORIES, TEAMS } from '../handlers/categories.js';
import { KIND_ZH } from '../handlers/format.js';
import { ticketView } from '../handlers/privacy.js';
import { STATUS_ZH } from '../handlers/ticket.js';
import type { Dispatcher } from '../bot/channel.js';
import { COUNT_CAP, type MediaStore, type Person, type Stores, type Ticket } from '../store/index.js';
import { esc, page } from './html.js';
import type { SignedIn } from './session.js';
import { ticketDetailRoutes } from './ticket-detail.js';
import { filterString, ticketQuery, type TicketFilterInput } from './ticket-query.js';

export interface TicketRouteDeps {
  stores: Stores;
  config: Config;
  clock: Clock;
  dispatcher: Dispatcher;
  media: MediaStore;
  viewer(req: unknown): SignedIn;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** One list row as the API gives it (personal details masked unless the viewer works on the ticket). */
export function ticketRow(t: Ticket, v: SignedIn, names: ReadonlyMap<number, Person>, properties: ReadonlyMap<number, string>) {
  const view = ticketView(v.person, t);
  return {
    id: t.id,
    type: t.kind,
    typeZh: KIND_ZH[t.kind],
    status: t.status,
    statusZh: STATUS_ZH[t.status],
    category: t.category,
    property: properties.get(t.propertyId) ?? String(t.propertyId),
    team: t.team,
    assignee: t.assigneeId ? (names.get(t.assigneeId)?.name ?? `#${t.assigneeId}`) : null,
    location: view.location(),
    description: view.text(t.description),
    urgent: t.urgent,
    createdAt: iso(t.createdAt),
    responseDueAt: iso(t.responseDueAt),
    arrivalDueAt: iso(t.arrivalDueAt),
    resolveDueAt: iso(t.resolveDueAt),
    followupDueAt: iso(t.followupDueAt),
    closedAt: iso(t.closedAt),
  };
}

const STATUS_OPTIONS: Array<[string, string]> = [['open', '未完成'], ...Object.entries(STATUS_ZH)];
const options = (list: ReadonlyArray<readonly [string, string]>, chosen: string | undefined, all: string) =>
  `<option value="">${all}</option>` + list.map(([v, l]) => `<option value="${esc(v)}"${v === chosen ? ' selected' : ''}>${esc(l)}</option>`).join('');

export function ticketRoutes(app: FastifyInstance, deps: TicketRouteDeps): void {
  const { stores, config, clock } = deps;

  async function list(f: TicketFilterInput, v: SignedIn) {
    const q = ticketQuery(f, v, clock.now(), config.utcOffsetMinutes);
    if ('error' in q) return q;
    const size = config.web.pageSize;
    const { total, rows } = await stores.dashboard.search(q.query, q.page, size);
    const names = new Map((await stores.people.list()).map((p) => [p.id, p]));
    const properties = new Map((await stores.properties.list()).map((p) => [p.id, p.name]));
    // Past COUNT_CAP the store stops counting: the total says "at least", and the pages end there.
    const more = total > COUNT_CAP;
    const shown = Math.min(total, COUNT_CAP);
    return { total: shown, more, page: q.page, pageSize: size, pages: Math.max(1, Math.ceil(shown / size)), items: rows.map((t) => ticketRow(t, v, names, properties)) };
  }

  app.get<{ Querystring: TicketFilterInput & { format?: string } }>('/api/tickets', async (req, reply) => {
    // format=csv|xlsx: the streamed export (/api/tickets/export, src/web/reports/routes.ts) with the same filters.
    if (req.query.format === 'csv' || req.query.format === 'xlsx') return reply.redirect(`/api/tickets/export?${new URLSearchParams(req.query as Record<string, string>)}`, 307);
    if (req.query.format && req.query.format !== 'json') return reply.status(400).send({ error: '导出格式只支持 json、csv、xlsx，例如 format=xlsx' });
    const result = await list(req.query, deps.viewer(req));
    if ('error' in result) return reply.status(400).send(result);
    return result;
  });

  app.get<{ Querystring: TicketFilterInput }>('/dashboard/tickets', async (req, reply) => {
    const v = deps.viewer(req);
    const f = req.query;
    const result = await list(f, v);
    const people = (await stores.people.list()).filter((p) => p.active && p.role !== 'resident' && (!v.scope.team || p.team === v.scope.team));
    const props = await stores.properties.list();
    const filters = `<form class="filters" method="get" action="/dashboard/tickets">
<select name="type">${options(Object.entries(KIND_ZH), f.type, '全部类型')}</select>
<select name="status">${options(STATUS_OPTIONS, f.status, '全部状态')}</select>
<select name="category">${options([...new Set([...REPAIR_CATEGORIES, ...COMPLAINT_CATEGORIES])].map((c) => [c, c] as const), f.category, '全部类别')}</select>
<select name="property">${options(props.map((p) => [String(p.id), p.name] as const), f.property, '全部项目')}</select>
<select name="team">${options(TEAMS.map((t) => [t, t] as const), f.team, '全部组别')}</select>
<select name="person">${options(people.map((p) => [String(p.id), p.name] as const), f.person, '全部处理人')}</select>
<select name="overdue">${options([['1', '仅超时']], f.overdue, '超时不限')}</select>
<input type="date" name="from" value="${esc(f.from)}" title="创建日期起"><input type="date" name="to" value="${esc(f.to)}" title="创建日期止">
<input type="search" name="q" value="${esc(f.q)}" placeholder="搜索内容或单号"><button>筛选</button></form>`;
    let table: string;
    if ('error' in result) table = `<div class="flash err">${esc(result.error)}</div>`;
    else {
      const off = config.utcOffsetMinutes;
      const rows = result.items
        .map(
          (t) => `<tr><td><a href="/dashboard/tickets/${t.id}">#${t.id}</a></td><td>${esc(t.typeZh)}${t.urgent ? ' <span class="late">急</span>' : ''}</td><td>${esc(t.statusZh)}</td>
<td class="hide-sm">${esc(t.category ?? '')}</td><td>${esc(t.location)} ${esc(t.description)}</td><td class="hide-sm">${esc(t.property)} ${esc(t.team ?? '')}</td><td>${esc(t.assignee ?? '未派单')}</td><td class="hide-sm">${esc(formatLocal(new Date(t.createdAt!), off))}</td></tr>`,
        )
        .join('');
      const base = filterString(f);
      const link = (p: number, label: string) => `<a href="/dashboard/tickets?${base ? `${esc(base)}&amp;` : ''}page=${p}">${label}</a>`;
      const exports = ['csv', 'xlsx'].map((f) => `<a href="/api/tickets?${base ? `${esc(base)}&amp;` : ''}format=${f}">导出 ${f === 'csv' ? 'CSV' : 'Excel'}</a>`).join('');
      const pager = `<div class="pager">${result.page > 1 ? link(result.page - 1, '上一页') : ''}<span>第 ${result.page} / ${result.pages} 页，共 ${result.total}${result.more ? '+' : ''} 条</span>${result.page < result.pages ? link(result.page + 1, '下一页') : ''}${exports}</div>`;
      table = `<table><thead><tr><th>单号</th><th>类型</th><th>状态</th><th class="hide-sm">类别</th><th>内容</th><th class="hide-sm">项目·组别</th><th>处理人</th><th class="hide-sm">创建时间</th></tr></thead><tbody>${rows || '<tr><td colspan="8" class="muted">没有符合条件的工单</td></tr>'}</tbody></table>${pager}`;
    }
    return reply.type('text/html; charset=utf-8').send(page({ title: '工单', viewer: v, path: '/dashboard/tickets', body: `<h1>工单</h1>${filters}${table}` }));
  });

  ticketDetailRoutes(app, deps);
}
