// 人员: the directory as the viewer may see it; 停用 / 启用 run as the viewer's chat commands (the same rules: supervisors
// and managers). Importing a CSV stays with the command line (npm run cli -- people import 人员.csv).
import type { FastifyInstance } from 'fastify';
import type { Dispatcher } from '../bot/channel.js';
import type { Clock } from '../clock.js';
import type { Stores } from '../store/index.js';
import { runAsChat } from './actions.js';
import { esc, page, ROLE_ZH } from './html.js';
import type { SignedIn } from './session.js';

export function peopleRoutes(app: FastifyInstance, deps: { stores: Stores; clock: Clock; dispatcher: Dispatcher; viewer(req: unknown): SignedIn }): void {
  const { stores } = deps;

  async function render(v: SignedIn, flash?: string): Promise<string> {
    const s = v.scope;
    const all = (await stores.people.list()).filter((p) => p.role !== 'resident' && (!s.team || p.team === s.team) && (!s.personId || p.id === s.personId));
    const may = v.person.role === 'supervisor' || v.person.role === 'manager';
    const csrf = `<input type="hidden" name="_csrf" value="${esc(v.session.csrfToken)}">`;
    const rows = all
      .map((p) => {
        const state = !p.active ? '已停用' : p.verified ? '在岗' : '待核实';
        const verb = p.active ? '停用' : '启用';
        const act = may && p.id !== v.person.id ? `<form method="post" action="/dashboard/people/${p.id}">${csrf}<input type="hidden" name="verb" value="${verb}"><button class="plain">${verb}</button></form>` : '';
        return `<tr><td>${p.id}</td><td>${esc(p.name)}</td><td>${esc(ROLE_ZH[p.role] ?? p.role)}</td><td>${esc(p.team ?? '')}</td><td>${state}</td><td>${act}</td></tr>`;
      })
      .join('');
    const body = `${flash ? `<div class="flash">${esc(flash)}</div>` : ''}<h1>人员</h1><p class="muted">导入名单：npm run cli -- people import 人员.csv（见 README「人员名单」）。停用 / 启用与在聊天中发送「停用 编号」相同。</p>
<table><thead><tr><th>编号</th><th>姓名</th><th>角色</th><th>组别</th><th>状态</th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
    return page({ title: '人员', viewer: v, path: '/dashboard/people', body });
  }

  app.get('/dashboard/people', async (req, reply) => reply.type('text/html; charset=utf-8').send(await render(deps.viewer(req))));

  app.post<{ Params: { id: string }; Body: { verb?: string } }>('/dashboard/people/:id', async (req, reply) => {
    const v = deps.viewer(req);
    const verb = req.body?.verb === '启用' ? '启用' : req.body?.verb === '停用' ? '停用' : null;
    if (!verb || !/^\d{1,9}$/.test(req.params.id)) return reply.status(400).type('text/html; charset=utf-8').send(await render(v, '请求不完整，请刷新页面后重试。'));
    const text = `${verb} ${req.params.id}`;
    const answer = await runAsChat(deps.dispatcher, v.person.id, text, deps.clock.now());
    return reply.type('text/html; charset=utf-8').send(await render(v, `已发送「${text}」\n${answer}`));
  });
}
