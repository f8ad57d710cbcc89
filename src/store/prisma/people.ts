import type { Person, PersonInput, PeopleStore, Role } from '../types.js';
import type { Db, PrismaClient } from './client.js';

type Row = { id: number; name: string; role: string; team: string | null; wecomUserId: string | null; dingtalkUserId: string | null; phone: string | null; active: boolean };
const toPerson = (r: Row): Person => ({ ...r, role: r.role as Role });

export class PrismaPeopleStore implements PeopleStore {
  constructor(private readonly db: Db) {}

  async byId(id: number) {
    const r = await this.db.person.findUnique({ where: { id } });
    return r ? toPerson(r) : null;
  }

  async find(ref: string) {
    const key = ref.trim();
    if (/^\d+$/.test(key)) {
      const byId = await this.byId(Number(key));
      if (byId) return byId;
    }
    const r = await this.db.person.findFirst({
      where: { OR: [{ wecomUserId: key }, { dingtalkUserId: key }, { name: key }], active: true },
      orderBy: { id: 'asc' },
    });
    return r ? toPerson(r) : null;
  }

  async byPlatformId(platform: 'wecom' | 'dingtalk', userId: string) {
    const r = await this.db.person.findUnique({ where: platform === 'wecom' ? { wecomUserId: userId } : { dingtalkUserId: userId } });
    return r ? toPerson(r) : null;
  }

  async byRole(role: Role, team?: string | null) {
    const rows = await this.db.person.findMany({ where: { role, active: true, ...(team ? { team } : {}) }, orderBy: { id: 'asc' } });
    return rows.map(toPerson);
  }

  async list() {
    return (await this.db.person.findMany({ orderBy: { id: 'asc' } })).map(toPerson);
  }

  async create(row: PersonInput) {
    return toPerson(await this.db.person.create({ data: row }));
  }

  async upsertMany(rows: PersonInput[]) {
    const run = async (db: Db) => {
      let created = 0;
      let updated = 0;
      for (const row of rows) {
        const ids = [row.wecomUserId && { wecomUserId: row.wecomUserId }, row.dingtalkUserId && { dingtalkUserId: row.dingtalkUserId }].filter(Boolean) as object[];
        const existing = await db.person.findFirst({ where: ids.length ? { OR: ids } : { name: row.name, wecomUserId: null, dingtalkUserId: null } });
        if (existing) {
          await db.person.update({ where: { id: existing.id }, data: { ...row, active: true } });
          updated++;
        } else {
          await db.person.create({ data: row });
          created++;
        }
      }
      return { created, updated };
    };
    return '$transaction' in this.db ? (this.db as PrismaClient).$transaction((tx) => run(tx)) : run(this.db);
  }
}
