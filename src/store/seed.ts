// Demo people for trying DutyDesk in the console. Loaded only into an empty directory.
import type { PeopleStore, PersonInput } from './types/index.js';

export const DEMO_PEOPLE: PersonInput[] = [
  { name: '王芳', role: 'resident', team: null, phone: '13800000001' },
  { name: '李娜', role: 'staff', team: '客服', phone: null },
  { name: '张伟', role: 'staff', team: '工程', phone: null },
  { name: '孙磊', role: 'staff', team: '保安', phone: null },
  { name: '赵强', role: 'lead', team: '工程', phone: null },
  { name: '周敏', role: 'lead', team: '客服', phone: null },
  { name: '陈静', role: 'supervisor', team: '客服', phone: null },
  { name: '刘洋', role: 'manager', team: null, phone: null },
];

export async function seedDemoPeople(people: PeopleStore): Promise<number> {
  if ((await people.list()).length > 0) return 0;
  for (const p of DEMO_PEOPLE) await people.create(p);
  return DEMO_PEOPLE.length;
}
