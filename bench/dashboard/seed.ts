// A dashboard-sized database: N tickets over 24 months (Nov 2024 – Oct 2026), 60 % repairs, 25 % complaints,
// 15 % enquiries, on 4 properties, with their SLA clocks and first replies, written with raw prepared INSERTs in
// large transactions (the store's write path would take hours for a million; the reads under test are the store's).
import Database from 'better-sqlite3';
import { DEMO_PEOPLE } from '../../src/store/seed.js';
import { migratedDatabase } from '../lib/db.js';

export const FIRST = Date.parse('2024-11-01T00:00:00+08:00');
export const LAST = Date.parse('2026-11-01T00:00:00+08:00');
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');
const REPAIR_CATS = ['水电', '门窗', '电梯', '公共设施', '其他'];
const COMPLAINT_CATS = ['卫生', '噪音', '服务态度', '停车', '其他'];

export async function seedDashboard(dir: string, tickets: number): Promise<{ file: string; rows: Record<string, number> }> {
  const { file } = await migratedDatabase(dir, `dashboard-${tickets}`);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const now = iso(LAST);
  const person = db.prepare('INSERT INTO Person (name, role, team, active, createdAt, updatedAt) VALUES (?, ?, ?, 1, ?, ?)');
  const property = db.prepare('INSERT OR IGNORE INTO Property (id, name, aliases, createdAt) VALUES (?, ?, \'\', ?)');
  const ticket = db.prepare(
    'INSERT INTO Ticket (id, kind, status, category, description, building, unit, room, urgent, reporterId, assigneeId, team, propertyId, rating, completedAt, closedAt, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 1, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const clock = db.prepare('INSERT INTO SlaClock (itemType, itemId, clock, startedAt, dueAt, nextLevel, active, metAt, createdAt, updatedAt) VALUES (\'ticket\', ?, ?, ?, ?, 1, ?, ?, ?, ?)');
  const event = db.prepare('INSERT INTO TicketEvent (ticketId, actorId, action, fromStatus, toStatus, createdAt) VALUES (?, 2, ?, ?, ?, ?)');
  const rows = { tickets: 0, clocks: 0, events: 0 };
  const span = LAST - FIRST;
  db.transaction(() => {
    for (const p of DEMO_PEOPLE) person.run(p.name, p.role, p.team, now, now);
    for (let i = 1; i <= 4; i++) property.run(i, i === 1 ? '默认项目' : `项目${i}`, now);
  })();
  const BATCH = 50_000;
  for (let start = 1; start <= tickets; start += BATCH) {
    db.transaction(() => {
      for (let id = start; id < Math.min(start + BATCH, tickets + 1); id++) {
        const created = FIRST + Math.floor((span * (id - 1)) / tickets);
        const recent = LAST - created < 3 * 24 * 60 * MIN;
        const r = id % 20;
        const kind = r < 12 ? 'repair' : r < 17 ? 'complaint' : 'inquiry';
        const v = (id * 7919) % 100;
        const propertyId = 1 + (id % 4);
        const where = [String(1 + (id % 40)), String(1 + (id % 4)), String(101 + ((id >> 2) % 30))] as const;
        let status: string, category: string | null = null, team = '客服', assignee: number | null = 2, rating: number | null = null;
        let completed: number | null = null;
        if (kind === 'repair') {
          category = REPAIR_CATS[id % 5]!;
          team = '工程';
          assignee = id % 3 ? 3 : 5;
          status = recent ? 'pending' : v < 85 ? 'closed' : v < 90 ? 'followed_up' : v < 95 ? 'cancelled' : 'completed';
          if (status === 'pending') assignee = null;
          const accepted = created + (id % 45) * MIN;
          if (status !== 'cancelled' && status !== 'pending') completed = accepted + (20 + (id % 300)) * MIN;
          clock.run(id, 'response', iso(created), iso(created + 30 * MIN), status === 'pending' ? 1 : 0, status === 'pending' ? null : iso(accepted), iso(created), iso(created));
          rows.clocks++;
          if (status !== 'pending') {
            clock.run(id, 'arrival', iso(accepted), iso(accepted + 20 * MIN), 0, status === 'cancelled' ? null : iso(accepted + (id % 30) * MIN), iso(accepted), iso(accepted));
            clock.run(id, 'resolve', iso(created), iso(created + 240 * MIN), 0, completed ? iso(completed) : null, iso(created), iso(created));
            rows.clocks += 2;
          }
        } else if (kind === 'complaint') {
          category = COMPLAINT_CATS[(id >> 3) % 5]!;
          status = recent ? 'received' : v < 80 ? 'closed' : v < 88 ? 'invalid' : v < 95 ? 'resolved' : 'followed_up';
          if (status !== 'received') {
            event.run(id, status === 'invalid' ? 'invalid' : 'replied', 'received', status === 'invalid' ? 'invalid' : 'replied', iso(created + (id % 180) * MIN));
            rows.events++;
          }
          if (status === 'closed' || status === 'resolved' || status === 'followed_up') {
            completed = created + 24 * 60 * MIN;
            clock.run(id, 'followup', iso(completed), iso(completed + 2 * 24 * 60 * MIN), status === 'resolved' ? 1 : 0, status === 'resolved' ? null : iso(completed + ((id % 4) * 24 * 60) * MIN), iso(completed), iso(completed));
            rows.clocks++;
          }
        } else {
          status = recent ? 'received' : 'closed';
        }
        if (status === 'closed' || status === 'followed_up') rating = 3 + (id % 3);
        const closed = status === 'closed' || status === 'invalid' || status === 'cancelled' ? iso((completed ?? created) + 60 * MIN) : null;
        ticket.run(id, kind, status, category, '厨房水管漏水', where[0], where[1], where[2], assignee, team, propertyId, rating, completed ? iso(completed) : null, closed, iso(created), iso(created));
        rows.tickets++;
      }
    })();
  }
  db.close();
  return { file, rows };
}
