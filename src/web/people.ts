// 人员: the directory as the viewer may see it (phone numbers masked: docs/desk-rules.md#privacy); 停用 / 启用 run as
// the viewer's chat commands (the same rules: supervisors and managers). Importing a CSV: people-import.ts.
import type { FastifyInstance } from 'fastify';
import type { Dispatcher } from '../bot/channel.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { maskPhone } from '../handlers/privacy.js';
import type { NotifyRouter } from '../handlers/outbox/route.js';
import type { Database, Person, Stores } from '../store/index.js';
import { runAsChat } from './actions.js';
import { csrfField, esc, page, ROLE_ZH } from './html.js';
import { importRoutes, UPLOAD_SCRIPT, uploadForm } from './people-import.js';
import type { SignedIn } from './session.js';
import { keepsDirectory } from './viewer.js';

export interface PeopleDeps {
  stores: Stores;
  clock: Clock;
  config: Config;
  dispatcher: Dispatcher;
  db: Pick<Database, 'transaction'>;
  notifyRouter: NotifyRouter;
  viewer(req: unknown): SignedIn;
}

/** A person the viewer may see: their scope's team or self, and someone serving one of their properties (or all). */
function inScope(v: SignedIn, p: Person): boolean {
  const s = v.scope;
  if (p.role === 'resident' || (s.team && p.team !== s.team) || (s.personId && p.id !== s.personId)) return false;
  return !s.propertyIds || !p.properties.length || p.properties.some((id) => s.propertyIds!.includes(id));
}

export function peopleRoutes(app: FastifyInstance, deps: PeopleDeps): void {
  const { stores } = deps;

  /** The list page; `flash` above it (`err`: in red). */
  async function render(v: SignedIn, flash?: { text: string; err?: boolean }): Promise<string> {
    const all = (await stores.people.list()).filter((p) => inScope(v, p));
    const names = new Map((await stores.properties.list()).map((p) => [p.id, p.name]));
    const may = keepsDirectory(v.person);
    const csrf = csrfField(v);
    const rows = all
      .map((p) => {
        const state = !p.active ? '已停用' : p.verified ? '在岗' : '待核实';
        const verb = p.active ? '停用' : '启用';
        const act = may && p.id !== v.person.id ? `<form method="post" action="/dashboard/people/${p.id}">${csrf}<input type="hidden" name="verb" value="${verb}"><button class="plain">${verb}</button></form>` : '';
        const where = p.properties.length ? p.properties.map((id) => names.get(id) ?? `#${id}`).join('、') : '全部';
        return `<tr><td>${p.id}</td><td>${esc(p.name)}</td><td>${esc(ROLE_ZH[p.role] ?? p.role)}</td><td>${esc(p.team ?? '')}</td><td class="hide-sm">${esc(maskPhone(p.phone))}</td><td class="hide-sm">${esc(where)}</td><td>${state}</td><td>${act}</td></tr>`;
      })
      .join('');
    const note = may ? '' : '<p class="muted">名单由主管、经理维护（导入、停用、启用）。</p>';
    const body = `${flash ? `<div class="flash${flash.err ? ' err' : ''}">${esc(flash.text)}</div>` : ''}<h1>人员</h1>${note}${may ? uploadForm(v, names) : ''}
<p class="muted">停用 / 启用与在聊天中发送「停用 编号」相同。手机号只显示前三位和后四位。</p>
<table><thead><tr><th>编号</th><th>姓名</th><th>角色</th><th>组别</th><th class="hide-sm">手机</th><th class="hide-sm">项目</th><th>状态</th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
    return page({ title: '人员', viewer: v, path: '/dashboard/people', body, script: may ? UPLOAD_SCRIPT : undefined });
  }

  app.get('/dashboard/people', async (req, reply) => reply.type('text/html; charset=utf-8').send(await render(deps.viewer(req))));

  app.post<{ Params: { id: string }; Body: { verb?: string } }>('/dashboard/people/:id', async (req, reply) => {
    const v = deps.viewer(req);
    const verb = req.body?.verb === '启用' ? '启用' : req.body?.verb === '停用' ? '停用' : null;
    if (!verb || !/^\d{1,9}$/.test(req.params.id)) return reply.status(400).type('text/html; charset=utf-8').send(await render(v, { text: '请求不完整，请刷新页面后重试。', err: true }));
    const text = `${verb} ${req.params.id}`;
    const answer = await runAsChat(deps.dispatcher, v.person.id, text, deps.clock.now());
    return reply.type('text/html; charset=utf-8').send(await render(v, { text: `已发送「${text}」\n${answer}` }));
  });

  importRoutes(app, { ...deps, render });
}
