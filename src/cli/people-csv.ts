// Pure CSV reader and writer for the people directory: name,role,team,wecom_userid,dingtalk_userid,phone[,active[,project]].
// project: the properties (项目) the person serves, separated by | or 、 (empty: every one); the caller resolves names.
// role in Chinese (住户 / 员工 / 组长 / 主管 / 经理, also 业主 / 班长 / 队长) or English; active 是/否, 在职/离职, 1/0,
// true/false (empty or no column: 是). What `people export` writes, `people import` reads back unchanged.
import { propertyNamed } from '../handlers/properties.js';
import { ROLE_ZH } from '../handlers/roles.js';
import { ROLES, type Person, type PersonInput, type Property, type Role } from '../store/index.js';
import { readCsv, type CsvLine } from './csv.js';

export const PEOPLE_HEADER = ['name', 'role', 'team', 'wecom_userid', 'dingtalk_userid', 'phone'];
/** The header with the active column. */
export const PEOPLE_HEADER_ACTIVE = [...PEOPLE_HEADER, 'active'];
/** The header with the active and project columns, as `people export` writes it. */
export const PEOPLE_HEADER_FULL = [...PEOPLE_HEADER_ACTIVE, 'project'];

/** A row of the file: a person, and the names of the properties they serve when the file has the column. */
export type PeopleRow = PersonInput & { projects?: string[] };

/** The account columns: the directory provider each one fills (named by the channel modules) and how people call it. */
export const ACCOUNT_COLUMNS = [
  { column: 'wecom_userid', provider: 'wecom', label: '企业微信' },
  { column: 'dingtalk_userid', provider: 'dingtalk', label: '钉钉' },
] as const;

/** The same columns with Chinese names (the dashboard's template): 姓名,角色,组别,<平台>账号…,手机号[,在职[,项目]]. */
export const PEOPLE_HEADER_ZH = ['姓名', '角色', '组别', ...ACCOUNT_COLUMNS.map((c) => `${c.label}账号`), '手机号'];
export const PEOPLE_HEADER_ZH_ACTIVE = [...PEOPLE_HEADER_ZH, '在职'];
export const PEOPLE_HEADER_ZH_FULL = [...PEOPLE_HEADER_ZH_ACTIVE, '项目'];

/** Role words a file may use: the English names, the Chinese ones export writes, and common synonyms. */
const ROLE_WORDS: ReadonlyMap<string, Role> = new Map<string, Role>([
  ...ROLES.map((r) => [r, r] as const),
  ...ROLES.map((r) => [ROLE_ZH[r], r] as const),
  ['业主', 'resident'],
  ['业户', 'resident'],
  ['班长', 'lead'],
  ['队长', 'lead'],
]);
const ROLE_HINT = `${ROLES.map((r) => ROLE_ZH[r]).join(' / ')}（或 ${ROLES.join(' / ')}）`;

const ACTIVE_WORDS: ReadonlyMap<string, boolean> = new Map([
  ['', true],
  ['是', true],
  ['在职', true],
  ['1', true],
  ['true', true],
  ['否', false],
  ['离职', false],
  ['0', false],
  ['false', false],
]);

const HEADERS = [PEOPLE_HEADER_FULL, PEOPLE_HEADER_ACTIVE, PEOPLE_HEADER, PEOPLE_HEADER_ZH_FULL, PEOPLE_HEADER_ZH_ACTIVE, PEOPLE_HEADER_ZH];

/** The data lines under an English header (as export writes it) or the Chinese one (the dashboard's template). */
function lines(text: string): { lines: CsvLine[]; columns: number; error?: string } {
  for (const header of HEADERS) {
    const read = readCsv(text, header);
    if (!read.headerError) return { lines: read.lines, columns: header.length };
  }
  return { lines: [], columns: 0, error: `第 1 行：表头必须是 ${PEOPLE_HEADER.join(',')}（可在最后加 active 列，再加 project 列），或中文表头 ${PEOPLE_HEADER_ZH_FULL.join(',')}` };
}

export function parsePeopleCsv(text: string): { rows: PeopleRow[]; errors: string[]; lines: number[] } {
  const read = lines(text);
  if (read.error) return { rows: [], errors: [read.error], lines: [] };
  const errors: string[] = [];
  const rows: PeopleRow[] = [];
  const at: number[] = [];
  const seen = new Map<string, number>();
  read.lines.forEach(({ n, fields: f }) => {
    if (f.length !== read.columns) return void errors.push(`第 ${n} 行：应有 ${read.columns} 列，实际 ${f.length} 列`);
    const [name, roleRaw, team, wecom, ding, phoneRaw, activeRaw = '', projectRaw] = f as [string, string, string, string, string, string, string?, string?];
    if (!name) errors.push(`第 ${n} 行：姓名不能为空`);
    const role = ROLE_WORDS.get(roleRaw) ?? ROLE_WORDS.get(roleRaw.toLowerCase());
    if (!role) errors.push(`第 ${n} 行：角色「${roleRaw}」无效，应为 ${ROLE_HINT}`);
    const active = ACTIVE_WORDS.get(activeRaw.toLowerCase());
    if (active === undefined) errors.push(`第 ${n} 行：在职状态「${activeRaw}」无效，应为 是/否、在职/离职、1/0 或 true/false（留空为在职）`);
    const phone = phoneRaw.replace(/[\s-]/g, '').replace(/^\+?86/, '');
    if (phoneRaw && !/^1[3-9]\d{9}$/.test(phone)) errors.push(`第 ${n} 行：手机号格式不正确`);
    const accounts: Record<string, string> = {};
    for (const [{ provider, label }, id] of [[ACCOUNT_COLUMNS[0], wecom], [ACCOUNT_COLUMNS[1], ding]] as const) {
      if (!id) continue;
      accounts[provider] = id;
      const key = `${provider}:${id}`;
      if (seen.has(key)) errors.push(`第 ${n} 行：${label}账号 ${id} 与第 ${seen.get(key)} 行重复`);
      else seen.set(key, n);
    }
    const projects = projectRaw === undefined ? {} : { projects: projectRaw.split(/[|、｜]/).map((x) => x.trim()).filter(Boolean) };
    rows.push({ name, role: role ?? 'staff', team: team || null, phone: phoneRaw ? phone : null, accounts, active: active ?? true, ...projects });
    at.push(n);
  });
  return { rows: errors.length ? [] : rows, errors, lines: errors.length ? [] : at };
}

/** One CSV field: quoted when it holds a comma, a quote or a line break. */
const field = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * Whether the file can carry this person so that importing it finds them again: verified (a stranger waiting for 核实
 * is not in the directory yet), and reachable by a column (an account of a CSV column, or no account at all).
 */
export const exportable = (p: Person): boolean => {
  const providers = Object.keys(p.accounts);
  return p.verified && (providers.length === 0 || providers.some((k) => ACCOUNT_COLUMNS.some((c) => c.provider === k)));
};

/** The dashboard's template: the Chinese header, two example rows (the projects given), and how to fill it in. */
export function peopleTemplateCsv(projects: readonly string[]): string {
  const where = projects.slice(0, 2).join('|');
  const rows = [
    ['张三', '员工', '工程', 'zhangsan', '', '13800001234', '是', where],
    ['李四', '组长', '保安', '', 'lisi', '', '是', where],
  ];
  return [PEOPLE_HEADER_ZH_FULL.join(','), ...rows.map((r) => r.map(field).join(','))].join('\r\n') + '\r\n';
}

/** The directory as a CSV file, with Chinese role names, the active column and the properties' names (| between). */
export function peopleCsv(people: readonly Person[], propertyName: (id: number) => string = String): string {
  const rows = people.map((p) =>
    [p.name, ROLE_ZH[p.role], p.team ?? '', p.accounts[ACCOUNT_COLUMNS[0].provider] ?? '', p.accounts[ACCOUNT_COLUMNS[1].provider] ?? '', p.phone ?? '', p.active ? '是' : '否', p.properties.map(propertyName).join('|')].map(field).join(','),
  );
  return [PEOPLE_HEADER_FULL.join(','), ...rows].join('\n') + '\n';
}

/** The project names of the rows as property ids (name or alias); every unknown name is an error, with the line and name. */
export function withProperties(rows: readonly PeopleRow[], all: readonly Property[], lines: readonly number[] = []): { rows: PersonInput[] } | { errors: string[] } {
  const errors: string[] = [];
  const out = rows.map(({ projects, ...row }, i) => {
    if (!projects) return row;
    const ids = projects.map((name) => {
      const p = propertyNamed(name, all);
      if (!p) errors.push(`${lines[i] ? `第 ${lines[i]} 行：` : ''}${row.name}：项目「${name}」不存在，现有项目：${all.map((x) => x.name).join('、')}（新项目先用 properties add 添加）`);
      return p?.id ?? 0;
    });
    return { ...row, properties: ids };
  });
  return errors.length ? { errors } : { rows: out };
}
