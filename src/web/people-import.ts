// 人员 → 导入名单: supervisors and managers upload a people CSV, see what it would change (new / updated / deactivated,
// and every bad line with what to fix), and confirm. The file is read like the CLI's (decodeCsv: UTF-8 with or without
// BOM; GBK refused with how to re-save) and goes through the CLI's parser and import (src/cli/people-import.ts): a
// preview is the real import rolled back. The page sends the file's bytes as base64 in a form field, with the CSRF
// token; the confirm form carries the same bytes again.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { decodeCsv } from '../cli/csv.js';
import { parsePeopleCsv, peopleTemplateCsv, PEOPLE_HEADER_ZH_FULL } from '../cli/people-csv.js';
import { importPeople, type ImportPlan, type PlannedPerson } from '../cli/people-import.js';
import { maskPhone } from '../handlers/privacy.js';
import { csrfField, esc, page, plainPage, ROLE_ZH } from './html.js';
import type { PeopleDeps } from './people.js';
import type { SignedIn } from './session.js';
import { keepsDirectory } from './viewer.js';

type Render = (v: SignedIn, flash?: { text: string; err?: boolean }) => Promise<string>;
interface ImportBody {
  file?: string;
  name?: string;
  step?: string;
}

const TEMPLATE_NAME = '人员名单模板.csv';

/** The upload form on the 人员 page (supervisors and managers). */
export function uploadForm(v: SignedIn, names: ReadonlyMap<number, string>): string {
  const mine = v.person.properties.map((id) => names.get(id) ?? `#${id}`);
  const scope = mine.length ? `您只能导入到自己负责的项目（${esc(mine.join('、'))}），「项目」列必须填写。` : '';
  return `<section class="card" style="margin-bottom:12px"><h2 style="margin-top:0">导入人员名单</h2>
<form id="import-form" class="filters" method="post" action="/dashboard/people/import">${csrfField(v)}
<input type="hidden" name="file" id="import-file"><input type="hidden" name="name" id="import-name"><input type="hidden" name="step" value="preview">
<input type="file" id="import-csv" accept=".csv,text/csv" required><button>上传并预览</button></form>
<p class="muted">先下载<a href="/dashboard/people/template.csv">名单模板</a>（中文表头：${esc(PEOPLE_HEADER_ZH_FULL.join('、'))}），或用 npm run cli -- people export 导出的文件。
保存为 UTF-8 编码的 CSV（Excel：另存为「CSV UTF-8」）。上传后先预览，确认后才写入；标为离职的人员会被停用，未完成的工单退回组长。${scope}</p></section>`;
}

/** Reads the chosen file as base64 into the form, then submits it (no file upload parser needed). */
export const UPLOAD_SCRIPT = `
const f=document.getElementById('import-form');if(f)f.addEventListener('submit',(e)=>{const input=document.getElementById('import-csv');const file=input.files&&input.files[0];
if(!file)return;e.preventDefault();const r=new FileReader();r.onload=()=>{const s=String(r.result);document.getElementById('import-file').value=s.slice(s.indexOf(',')+1);
document.getElementById('import-name').value=file.name;input.disabled=true;f.submit()};r.readAsDataURL(file)});`;

const personCells = (x: PlannedPerson, names: ReadonlyMap<number, string>) => {
  const p = x.person;
  const where = p.properties.length ? p.properties.map((id) => names.get(id) ?? `#${id}`).join('、') : '全部';
  return `<td>${x.line}</td><td>${esc(p.name)}</td><td>${esc(ROLE_ZH[p.role] ?? p.role)}</td><td>${esc(p.team ?? '')}</td><td class="hide-sm">${esc(maskPhone(p.phone))}</td><td>${esc(where)}</td>`;
};

function table(title: string, rows: PlannedPerson[], names: ReadonlyMap<number, string>, extra?: (x: PlannedPerson) => string): string {
  if (!rows.length) return '';
  const head = `<th>行</th><th>姓名</th><th>角色</th><th>组别</th><th class="hide-sm">手机</th><th>项目</th>${extra ? '<th>变化</th>' : ''}`;
  const body = rows.map((x) => `<tr>${personCells(x, names)}${extra ? `<td>${esc(extra(x))}</td>` : ''}</tr>`).join('');
  return `<h2>${esc(title)}（${rows.length}）</h2><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** The preview page: the counts, the people, and the confirm form; or the errors and the upload form again. */
function preview(v: SignedIn, body: ImportBody, plan: ImportPlan, names: ReadonlyMap<number, string>): string {
  const file = esc(body.name || '上传的文件');
  const again = uploadForm(v, names);
  if (plan.errors.length) {
    const list = plan.errors.map((e) => `<li>${esc(e)}</li>`).join('');
    return `<h1>人员 · 导入预览</h1><div class="flash err">${file}：发现 ${plan.errors.length} 处问题，<b>没有写入任何数据</b>。请按提示修改文件后重新上传：<ul>${list}</ul></div>${again}`;
  }
  const cards = [
    ['新增', plan.created.length, ''],
    ['更新', plan.updated.length, ''],
    ['无变化', plan.unchanged, ''],
    ['停用', plan.deactivated.length, plan.deactivated.length ? ' warn' : ''],
  ]
    .map(([label, n, cls]) => `<div class="card${cls}"><div class="muted">${label}</div><div class="n">${n}</div></div>`)
    .join('');
  const nothing = !plan.created.length && !plan.updated.length;
  const confirm = nothing
    ? '<p>文件与现有名单一致，无需导入。</p>'
    : `<form method="post" action="/dashboard/people/import" class="filters" style="margin-top:12px">${csrfField(v)}
<input type="hidden" name="file" value="${esc(body.file)}"><input type="hidden" name="name" value="${esc(body.name ?? '')}"><input type="hidden" name="step" value="confirm">
<button id="import-confirm">确认导入</button><a href="/dashboard/people" style="align-self:center">取消</a></form>`;
  return `<h1>人员 · 导入预览</h1><p class="muted">${file}：以下是导入后的变化，确认前不会写入。</p><div class="cards">${cards}</div>
${table('新增', plan.created, names)}${table('更新', plan.updated, names, (x) => x.changes.join('；'))}
${plan.deactivated.length ? `${table('停用（离职）', plan.deactivated, names)}<p class="muted">停用后不再收到派单和推送，未完成的工单退回组长。</p>` : ''}${confirm}`;
}

export function importRoutes(app: FastifyInstance, deps: PeopleDeps & { render: Render }): void {
  const refuse = (reply: FastifyReply) =>
    reply.status(403).type('text/html; charset=utf-8').send(plainPage('无权导入', '<h1>无权导入</h1><div class="flash err">人员名单由主管、经理导入。如需调整，请联系主管。</div><p><a href="/dashboard/people">返回人员</a></p>'));
  // base64 (4/3) in a form field (its + and / escaped) plus the other fields.
  const bodyLimit = Math.ceil(deps.config.web.importMaxKb * 1024 * 1.5) + 8192;

  app.get('/dashboard/people/template.csv', async (req, reply) => {
    const v = deps.viewer(req);
    if (!keepsDirectory(v.person)) return refuse(reply);
    const all = await deps.stores.properties.list();
    const mine = v.person.properties.length ? all.filter((p) => v.person.properties.includes(p.id)) : all;
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="people-template.csv"; filename*=UTF-8''${encodeURIComponent(TEMPLATE_NAME)}`)
      .send(`\uFEFF${peopleTemplateCsv(mine.map((p) => p.name))}`);
  });

  app.post<{ Body: ImportBody }>('/dashboard/people/import', { bodyLimit }, async (req, reply) => {
    const v = deps.viewer(req);
    if (!keepsDirectory(v.person)) return refuse(reply);
    const html = (body: string, status = 200) => reply.status(status).type('text/html; charset=utf-8').send(page({ title: '人员 · 导入', viewer: v, path: '/dashboard/people', body }));
    const body = req.body ?? {};
    const names = new Map((await deps.stores.properties.list()).map((p) => [p.id, p.name]));
    const bytes = Buffer.from(body.file ?? '', 'base64');
    if (!bytes.length) return html(`<h1>人员 · 导入</h1><div class="flash err">没有收到文件，请选择 CSV 文件后点「上传并预览」。</div>${uploadForm(v, names)}`, 400);
    const decoded = decodeCsv(bytes);
    const parsed = 'error' in decoded ? { rows: [], errors: [decoded.error], lines: [] } : parsePeopleCsv(decoded.text);
    const write = body.step === 'confirm';
    const operator = { id: v.person.id, name: v.person.name, inboundId: null };
    const plan = parsed.errors.length ? { ...emptyPlan(), errors: parsed.errors } : await importPeople(deps, parsed, { write, by: v.person, operator });
    if (!write || plan.errors.length) return html(preview(v, body, plan, names), plan.errors.length ? 422 : 200);
    const text = [`导入完成：新增 ${plan.created.length} 人，更新 ${plan.updated.length} 人，无变化 ${plan.unchanged} 人，停用 ${plan.deactivated.length} 人。`, ...plan.handedBack].join('\n');
    req.log.info({ by: v.person.id, created: plan.created.length, updated: plan.updated.length, deactivated: plan.deactivated.length }, 'people imported from the dashboard');
    return reply.type('text/html; charset=utf-8').send(await deps.render(v, { text }));
  });
}

const emptyPlan = (): ImportPlan => ({ errors: [], created: [], updated: [], unchanged: 0, deactivated: [], counts: { created: 0, updated: 0 }, handedBack: [] });
