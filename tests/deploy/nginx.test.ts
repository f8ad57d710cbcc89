// The deployment as the README describes it: Debian's nginx with deploy/nginx/dutydesk.conf in front of two
// instances started the way deploy/dutydesk@.service starts them (its environment, one port each), on one
// PostgreSQL database, talking to fake WeCom/DingTalk servers. Checked through nginx over HTTPS: signed WeCom and
// DingTalk callbacks arrive intact and are stored, bad signatures are refused, the local console refuses the
// proxied request, /metrics is not served, both instances answer, and one SIGKILLed instance loses nothing.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encrypt, getSignature } from '@wecom/crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDingtalk, type FakeDingtalk } from '../fakes/dingtalk-server.js';
import { startFakeWecom, type FakeWecom } from '../fakes/wecom-server.js';
import { dingtalkEnv, robotText, signedHeaders } from '../dingtalk/util.js';
import { freshPostgresUrl, postgresAvailable } from '../helpers/postgres.js';
import { AES_KEY, CORP_ID, HOOK_KEY, REPAIR_TEXT, SECRET, signedCallback, textXml, TOKEN, wecomEnv } from '../wecom/util.js';
import { freePort, nginxBinary, request, startNginx, type RunningNginx, type SitePorts } from './nginx-site.js';
import { unitCommand, unitEnvironment } from './unit.js';

const nginx = nginxBinary();
const skipReason = !nginx ? 'nginx is not installed (apt-get install nginx)' : !postgresAvailable() ? 'PostgreSQL is not available' : '';
// In CI nothing is skipped: a missing nginx or PostgreSQL fails the run (.ci/run installs both).
const skip = !!skipReason && !process.env.CI;

const dir = mkdtempSync(path.join(os.tmpdir(), 'dd-nginx-'));
const unit = readFileSync('deploy/dutydesk@.service', 'utf8');
let ports: SitePorts;
let proxy: RunningNginx | undefined;
let wecom: FakeWecom | undefined;
let dingtalk: FakeDingtalk | undefined;
let db: pg.Client | undefined;
const instances: ChildProcess[] = [];
const logs: string[] = ['', ''];

/**
 * One instance as the unit starts it: the unit's environment for instance <port> over the env file's settings.
 * The unit runs `node <flags> dist/server.js`; here the same server runs from source through tsx with the same flags (npm run build:check
 * covers the built one), so the test needs no build.
 */
async function startInstance(i: 0 | 1, settings: Record<string, string>): Promise<void> {
  const port = String(ports.upstreams[i]);
  const command = unitCommand(unit);
  expect(command).toEqual(['node', '--liftoff-only', '--max-semi-space-size=2', '--heap-growing-percent=30', 'dist/server.js']);
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...settings, ...unitEnvironment(unit, port) };
  const child = spawn(process.execPath, [...command.slice(1, -1), '--import', 'tsx', 'src/server.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (c) => (logs[i] += c));
  child.stderr!.on('data', (c) => (logs[i] += c));
  instances[i] = child;
  for (let n = 0; ; n++) {
    if (child.exitCode !== null) throw new Error(`instance ${i + 1} exited ${child.exitCode}:\n${logs[i]}`);
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
    if (ok) return;
    if (n > 900) throw new Error(`instance ${i + 1} not ready within 90 s:\n${logs[i]}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The upstream addresses nginx used for requests to `uri`, in order (a failed try shows as "a, b"). */
const upstreamsOf = (uri: string) => proxy!.accessLog().filter((l) => l.startsWith(`${uri} `)).map((l) => l.split(' ').slice(2).join(' '));
/** The upstreams of `uri` once the access log has at least `count` lines for it: nginx logs after it has answered. */
async function loggedUpstreams(uri: string, count: number): Promise<string[]> {
  for (let waited = 0; upstreamsOf(uri).length < count && waited < 5000; waited += 20) await new Promise((r) => setTimeout(r, 20));
  return upstreamsOf(uri);
}
const address = (i: 0 | 1) => `127.0.0.1:${ports.upstreams[i]}`;

async function storedMessages(platform: string, msgId: string): Promise<number> {
  const r = await db!.query('SELECT count(*)::int AS n FROM "InboundMessage" WHERE platform = $1 AND "msgId" = $2', [platform, msgId]);
  return (r.rows[0] as { n: number }).n;
}

let sequence = 0;
/** A signed WeCom app message (a repair report) through nginx; its MsgId. */
async function wecomMessage(o: { badSignature?: boolean } = {}) {
  const msgId = `nginx-${Date.now()}-${++sequence}`;
  const signed = signedCallback(textXml({ text: REPAIR_TEXT, msgId, createTime: Math.floor(Date.now() / 1000), from: `resident${sequence}` }), { timestamp: String(Math.floor(Date.now() / 1000)) });
  const query = o.badSignature ? signed.query.replace(/msg_signature=[0-9a-f]{4}/, 'msg_signature=0000') : signed.query;
  const answer = await request(ports.https, 'POST', `/wecom/callback?${query}`, { headers: { 'content-type': 'text/xml' }, body: signed.body });
  return { msgId, answer };
}

/** A signed DingTalk robot callback through nginx; its msgId. */
async function dingtalkMessage(o: { badSignature?: boolean } = {}) {
  const msgId = `msgnginx${Date.now()}${++sequence}`;
  const body = JSON.stringify(robotText({ text: '帮助', msgId, createAt: Date.now(), staffId: `staff${sequence}`, sessionWebhook: dingtalk!.sessionUrl() }));
  const headers = signedHeaders(new Date(), o.badSignature ? 'not-the-app-secret' : undefined);
  const answer = await request(ports.https, 'POST', '/dingtalk/robot', { headers, body });
  return { msgId, answer };
}

describe.skipIf(skip)(`nginx in front of two instances on PostgreSQL${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  beforeAll(async () => {
    if (skipReason) throw new Error(`${skipReason}: CI must run this test`);
    ports = { upstreams: [await freePort(), await freePort()], https: await freePort(), http: await freePort() };
    wecom = await startFakeWecom({ corpId: CORP_ID, secret: SECRET, webhookKey: HOOK_KEY });
    dingtalk = await startFakeDingtalk({ appKey: 'dingappkey', appSecret: 'app-secret-for-tests', robotCode: 'dingappkey' });
    const databaseUrl = await freshPostgresUrl();
    db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    // The env file's settings (deploy/dutydesk.env.example) with this machine's paths and the fake platforms.
    const settings = {
      DATABASE_URL: databaseUrl,
      PUBLIC_BASE_URL: 'https://desk.example.com',
      MEDIA_DIR: path.join(dir, 'media'),
      WEBHOOK_RATE_LIMIT_PER_MINUTE: '0',
      // On, although platforms are set up, to show that it still refuses whatever came through nginx.
      CONSOLE_ENABLED: 'true',
      ...wecomEnv(wecom.url),
      ...dingtalkEnv(dingtalk.url),
    };
    await Promise.all([startInstance(0, settings), startInstance(1, settings)]);
    proxy = await startNginx(nginx!, dir, ports);
  }, 180_000);

  afterAll(async () => {
    for (const child of instances) if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await proxy?.stop();
    await db?.end();
    await wecom?.close();
    await dingtalk?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('plain HTTP is redirected to HTTPS', async () => {
    const answer = await request(ports.http, 'GET', '/wecom/callback?x=1', { tls: false });
    expect(answer.status).toBe(301);
    expect(answer.headers.location).toBe('https://desk.example.com/wecom/callback?x=1');
  });

  it("WeCom's URL verification: the echostr (with + / = in it) arrives unchanged and its plaintext comes back", async () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    let echostr = '';
    let plain = '';
    // An echostr with the characters a re-encoding proxy would break.
    for (let n = 0; !/[+/]/.test(echostr); n++) {
      plain = `echo-${n}-${Date.now()}`;
      echostr = encrypt(AES_KEY, plain, CORP_ID);
    }
    const query = new URLSearchParams({ msg_signature: getSignature(TOKEN, timestamp, '1234', echostr), timestamp, nonce: '1234', echostr }).toString();
    const answer = await request(ports.https, 'GET', `/wecom/callback?${query}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toBe(plain);
  });

  /** A signed WeCom message and a signed DingTalk robot message through nginx: 200, each stored once. */
  async function signedCallbacksAccepted() {
      const wc = await wecomMessage();
      expect(wc.answer.status).toBe(200);
      expect(await storedMessages('wecom', wc.msgId)).toBe(1);
      const dt = await dingtalkMessage();
      expect(dt.answer.status).toBe(200);
      expect(await storedMessages('dingtalk', dt.msgId)).toBe(1);
  }

  it('a signed WeCom message and a signed DingTalk robot message are accepted and stored; bad signatures are refused', async () => {
    await signedCallbacksAccepted();

    const badWc = await wecomMessage({ badSignature: true });
    expect(badWc.answer.status).toBe(401);
    expect(await storedMessages('wecom', badWc.msgId)).toBe(0);
    const badDt = await dingtalkMessage({ badSignature: true });
    expect(badDt.answer.status).toBe(401);
    expect(JSON.parse(badDt.answer.body)).toMatchObject({ code: 'SIGNATURE_INVALID' });
    expect(await storedMessages('dingtalk', badDt.msgId)).toBe(0);
  });

  it('the local console refuses the request nginx passes on (403, proxy headers), though it answers on the machine itself', async () => {
    const proxied = await request(ports.https, 'GET', '/console');
    expect(proxied.status).toBe(403);
    expect(proxied.body).toContain('反向代理');
    // Directly on an instance the console is there (and asks for its token): the refusal is the proxy's doing.
    expect((await fetch(`http://127.0.0.1:${ports.upstreams[0]}/console`)).status).toBe(401);
  });

  it('/metrics is not served through nginx; each instance serves its own on loopback', async () => {
    expect((await request(ports.https, 'GET', '/metrics')).status).toBe(404);
    expect(await loggedUpstreams('/metrics', 1)).toEqual(['-']);
    const direct = await fetch(`http://127.0.0.1:${ports.upstreams[1]}/metrics`);
    expect(direct.status).toBe(200);
    expect(await direct.text()).toContain('dutydesk_inbound_backlog');
  });

  it('the dashboard is reached through nginx (it asks for its own sign-in)', async () => {
    const answer = await request(ports.https, 'GET', '/dashboard');
    expect(answer.status).toBe(401);
    expect(answer.body).toContain('请先登录');
    expect((await request(ports.https, 'GET', '/api/board')).status).toBe(401);
  });

  it('/healthz answers from both instances in turn', async () => {
    const before = upstreamsOf('/healthz').length;
    for (let n = 0; n < 4; n++) expect((await request(ports.https, 'GET', '/healthz')).status).toBe(200);
    expect(new Set((await loggedUpstreams('/healthz', before + 4)).slice(before))).toEqual(new Set([address(0), address(1)]));
  });

  it('with one instance SIGKILLed, every request still succeeds through the other', async () => {
    const killed = new Promise((resolve) => instances[0]!.once('exit', resolve));
    instances[0]!.kill('SIGKILL');
    await killed;
    const before = upstreamsOf('/healthz').length;
    for (let n = 0; n < 4; n++) expect((await request(ports.https, 'GET', '/healthz')).status).toBe(200);
    // Each went to the survivor, straight or after the refused connection to the dead one.
    const used = (await loggedUpstreams('/healthz', before + 4)).slice(before);
    expect(used).toHaveLength(4);
    for (const u of used) expect(u.split(', ').at(-1)).toBe(address(1));
    await signedCallbacksAccepted();
  });

  it("the survivor stops on SIGTERM with exit code 0, as systemctl stop does it (the unit's KillSignal)", async () => {
    const exited = new Promise<number | null>((resolve) => instances[1]!.once('exit', (code) => resolve(code)));
    instances[1]!.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(logs[1]).toContain('shutting down');
    // Both gone: nginx answers 502 itself.
    expect((await request(ports.https, 'GET', '/healthz')).status).toBe(502);
  }, 30_000);
});
