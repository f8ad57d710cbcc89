// #15 Two instances on one PostgreSQL database, each the real runtime in its own process (instance-child.ts),
// listening on its own port, against one fake DingTalk and one fake WeCom:
// - the same DingTalk and WeCom retry storm reaches both (every message delivered to both, some at once, some three
//   times): exactly one inbound row and one ticket per message;
// - the scheduler's tick path on both for the same minutes, at the same moment: exactly one run per (job, tick);
// - both send the outbox at once: every push reaches the fakes once; then one instance claims a batch and is killed
//   (SIGKILL) holding it: the other leaves the rows alone until the lease (OUTBOX_LEASE_SECONDS) ends, then sends
//   them, and the fakes have received every push exactly once.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { REFERENCE_TIME } from '../helpers/app.js';
import { freshPostgresUrl, postgresAvailable } from '../helpers/postgres.js';
import { startFakeDingtalk, type FakeDingtalk } from '../fakes/dingtalk-server.js';
import { startFakeWecom, type FakeWecom } from '../fakes/wecom-server.js';
import { APP_KEY, APP_SECRET, dingtalkEnv, GROUP_SECRET, robotText, ROBOT_CODE, signedHeaders } from '../dingtalk/util.js';
import { CORP_ID, HOOK_KEY, SECRET, signedCallback, textXml, wecomEnv } from '../wecom/util.js';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'instance-child.ts');
const LEASE_SECONDS = 5;
const PUSH_ENDPOINTS = new Set(['oto', 'group', 'custom', 'send', 'webhook', 'kfSend']);

interface Instance {
  name: string;
  port: number;
  child: ChildProcess;
  call<T = unknown>(cmd: Record<string, unknown>): Promise<T>;
}

function startInstance(name: string, env: Record<string, string>): Promise<Instance> {
  const child = fork(CHILD, [], { execArgv: ['--import', 'tsx'], env: { PATH: process.env.PATH ?? '', ...env, INSTANCE_NAME: name }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let next = 0;
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`instance ${name} exited (${code}) before it was ready`)));
    child.on('message', (m: { ready?: number; id?: number; result?: unknown; error?: string }) => {
      if (m.ready !== undefined) {
        resolve({
          name,
          port: m.ready,
          child,
          call: (cmd) =>
            new Promise((res, rej) => {
              const id = ++next;
              waiting.set(id, { resolve: res as (v: unknown) => void, reject: rej });
              child.send({ ...cmd, id });
            }),
        });
        return;
      }
      const w = waiting.get(m.id!);
      waiting.delete(m.id!);
      if (m.error) w?.reject(new Error(`${name}: ${m.error}`));
      else w?.resolve(m.result);
    });
  });
}

const post = (i: Instance, url: string, headers: Record<string, string>, body: string) => fetch(`http://127.0.0.1:${i.port}${url}`, { method: 'POST', headers, body }).then(async (r) => ({ status: r.status, body: await r.text() }));

/** Who gets message i: both at once, one after the other, or three times (twice at once on one of them). */
async function storm(instances: [Instance, Instance], count: number, deliver: (to: Instance, i: number) => Promise<{ status: number }>) {
  const [a, b] = instances;
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const pattern = i % 3;
      const answers = pattern === 0 ? await Promise.all([deliver(a, i), deliver(b, i)]) : pattern === 1 ? [await deliver(a, i), await deliver(b, i)] : [await deliver(b, i), ...(await Promise.all([deliver(a, i), deliver(a, i)]))];
      for (const r of answers) expect(r.status).toBe(200);
    }),
  );
}

describe.skipIf(!postgresAvailable())('two instances on one PostgreSQL database', () => {
  const children: ChildProcess[] = [];
  const closers: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    for (const close of closers) await close();
  });

  it('one item per message, one run per tick, every push once even when an instance is killed holding claims', { timeout: 120_000 }, async () => {
    const start = new Date(REFERENCE_TIME);
    let now = start;
    const dingtalk: FakeDingtalk = await startFakeDingtalk({ appKey: APP_KEY, appSecret: APP_SECRET, robotCode: ROBOT_CODE, webhookSecret: GROUP_SECRET, now: () => now });
    const wecom: FakeWecom = await startFakeWecom({ corpId: CORP_ID, secret: SECRET, webhookKey: HOOK_KEY, now: () => now });
    closers.push(() => dingtalk.close(), () => wecom.close());
    const url = await freshPostgresUrl();
    const sql = new pg.Client({ connectionString: url });
    await sql.connect();
    closers.push(() => sql.end());
    const count = async (q: string) => Number((await sql.query<{ n: string }>(q)).rows[0]!.n);
    const env = {
      ...dingtalkEnv(dingtalk.url, { DINGTALK_GROUP_WEBHOOK: dingtalk.webhookUrl(), DINGTALK_GROUP_SECRET: GROUP_SECRET }),
      ...wecomEnv(wecom.url),
      DATABASE_URL: url,
      START_AT: start.toISOString(),
      REPLY_WAIT_MS: '4000',
      OUTBOX_LEASE_SECONDS: String(LEASE_SECONDS),
      OUTBOX_CLAIM_BATCH: '3',
      BODY_LIMIT_BYTES: '65536',
    };
    const [a, b] = await Promise.all([startInstance('a', env), startInstance('b', env)]);
    children.push(a.child, b.child);
    const both = (cmd: Record<string, unknown>) => Promise.all([a.call(cmd), b.call(cmd)]);

    // ---- the tick path on both, for the same minutes, at the same moment ----
    const minutes = [1, 2, 3].map((m) => new Date(start.getTime() + m * 60_000).toISOString());
    const ranBy = new Map<string, number>();
    for (const at of minutes) {
      for (const jobs of (await both({ type: 'tick', at })) as string[][]) for (const job of jobs) ranBy.set(`${job}@${at}`, (ranBy.get(`${job}@${at}`) ?? 0) + 1);
    }
    expect([...ranBy.values()].every((n) => n === 1)).toBe(true);
    for (const at of minutes) for (const job of ['sla-sweep', 'outbox-send', 'shift-handover']) expect(ranBy.get(`${job}@${at}`), `${job}@${at}`).toBe(1);
    expect(await count('SELECT COUNT(*) AS n FROM "JobTick"')).toBe(ranBy.size);

    // ---- the DingTalk retry storm to both ----
    now = new Date(start.getTime() + 4 * 60_000);
    await both({ type: 'clock', at: now.toISOString() });
    const DT = 9;
    const dtBodies = Array.from({ length: DT }, (_, i) => JSON.stringify(robotText({ msgId: `dt-storm-${i}`, staffId: `staff${i}`, text: `报修 ${i + 1}栋1单元10${i} 卫生间漏水`, createAt: now.getTime(), sessionWebhook: dingtalk.sessionUrl() })));
    const dtHeaders = dtBodies.map((_, i) => signedHeaders(new Date(now.getTime() - i * 7)));
    await storm([a, b], DT, (to, i) => post(to, '/dingtalk/robot', dtHeaders[i]!, dtBodies[i]!));
    await both({ type: 'idle' });
    expect(await count(`SELECT COUNT(*) AS n FROM "InboundMessage" WHERE "platform" = 'dingtalk'`)).toBe(DT);
    expect(await count('SELECT COUNT(*) AS n FROM "Ticket"')).toBe(DT);

    // Both instances send the outbox at once (batches of 3 rows): every row once.
    const dtRows = await count(`SELECT COUNT(*) AS n FROM "Outbox" WHERE "status" = 'pending' AND "channel" <> 'console'`);
    expect(dtRows).toBeGreaterThan(0);
    await both({ type: 'outbox' });
    await both({ type: 'outbox' });
    expect(await count(`SELECT COUNT(*) AS n FROM "Outbox" WHERE "status" <> 'sent' AND "channel" <> 'console'`)).toBe(0);

    // ---- the WeCom retry storm to both ----
    const WC = 9;
    const ts = String(Math.floor(now.getTime() / 1000));
    const wcBodies = Array.from({ length: WC }, (_, i) => signedCallback(textXml({ from: `user${i}`, msgId: `wc-storm-${i}`, text: `报修 ${i + 1}栋2单元20${i} 厨房水管漏水`, createTime: Number(ts) }), { timestamp: ts }));
    await storm([a, b], WC, (to, i) => post(to, `/wecom/callback?${wcBodies[i]!.query}`, { 'content-type': 'text/xml' }, wcBodies[i]!.body));
    await both({ type: 'idle' });
    expect(await count(`SELECT COUNT(*) AS n FROM "InboundMessage" WHERE "platform" = 'wecom'`)).toBe(WC);
    expect(await count('SELECT COUNT(*) AS n FROM "Ticket"')).toBe(DT + WC);

    // ---- instance a claims a batch and is killed holding it ----
    const pending = await count(`SELECT COUNT(*) AS n FROM "Outbox" WHERE "status" = 'pending' AND "channel" <> 'console'`);
    expect(pending).toBeGreaterThan(0);
    const held = await a.call<number[]>({ type: 'claim', limit: 1000 });
    expect(held.length).toBeGreaterThan(0);
    a.child.kill('SIGKILL');
    await new Promise((r) => a.child.once('exit', r));
    const pushesBefore = dingtalk.requests.concat(wecom.requests as never[]).filter((r) => PUSH_ENDPOINTS.has(r.endpoint)).length;
    // Within the lease, b leaves a's rows alone (it sends only the rows a did not hold).
    await b.call({ type: 'outbox' });
    expect(await count(`SELECT COUNT(*) AS n FROM "Outbox" WHERE "status" = 'sending' AND "id" IN (${held.join(',')})`)).toBe(held.length);
    // The lease ends: b takes the rows over and sends them.
    now = new Date(now.getTime() + (LEASE_SECONDS + 1) * 1000);
    await b.call({ type: 'clock', at: now.toISOString() });
    for (let i = 0; i < 3; i++) await b.call({ type: 'outbox' });
    expect(await count(`SELECT COUNT(*) AS n FROM "Outbox" WHERE "status" <> 'sent' AND "channel" <> 'console'`)).toBe(0);
    expect(pushesBefore).toBeGreaterThan(0);

    // Every push reached the fakes exactly once: each sent row's text in exactly one push request of its platform
    // (late replies to the sender go out directly, not through the outbox, and are left out), none a repeat.
    const pushes = [...dingtalk.requests, ...wecom.requests].filter((r) => PUSH_ENDPOINTS.has(r.endpoint));
    expect(pushes.every((r) => r.delivered && !r.duplicate)).toBe(true);
    const rows = (await sql.query<{ channel: string; text: string }>(`SELECT "channel", "text" FROM "Outbox" WHERE "status" = 'sent' AND "channel" <> 'console'`)).rows;
    const byRow = new Map<string, number>();
    for (const r of rows) byRow.set(`${r.channel}\u0000${r.text}`, (byRow.get(`${r.channel}\u0000${r.text}`) ?? 0) + 1);
    for (const [key, n] of byRow) {
      const [channel, text] = key.split('\u0000') as [string, string];
      const fake = channel.startsWith('dingtalk') ? dingtalk : wecom;
      const needle = JSON.stringify(text).slice(1, -1);
      const got = fake.requests.filter((r) => PUSH_ENDPOINTS.has(r.endpoint) && JSON.stringify(r.body).includes(needle)).length;
      expect(got, `${channel}: ${text.slice(0, 40)}`).toBe(n);
    }
    const sent = rows.length;
    expect(await count(`SELECT COUNT(*) AS n FROM "Outbox" WHERE "attempts" <> 1 AND "channel" <> 'console'`)).toBe(0);
    if (process.env.SHOW_FIGURES) console.log(JSON.stringify({ ticks: ranBy.size, dtRows, wcRows: pending, heldByKilled: held.length, pushes: pushes.length, byEndpoint: Object.fromEntries([...PUSH_ENDPOINTS].map((e) => [e, pushes.filter((r) => r.endpoint === e).length])) }));
  });
});
