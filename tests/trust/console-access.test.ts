// The console is this machine's own: behind a reverse proxy on the same host (every request then comes from
// loopback), through a DNS-rebinding Host, or without the start's token, it answers 401 / 403 and changes nothing.
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildTestApp, consoleAuth } from '../helpers/app.js';
import { closeAfterEach } from '../helpers/cleanup.js';

const closeLater = closeAfterEach();

/** A few lines of reverse proxy, as nginx on the same host would do it (adds X-Forwarded-For unless told not to). */
function startProxy(target: string, opts: { forwardedHeaders: boolean }): Promise<{ url: string; close(): Promise<void> }> {
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const headers = { ...req.headers, host: upstream.host, ...(opts.forwardedHeaders ? { 'x-forwarded-for': '203.0.113.7', 'x-real-ip': '203.0.113.7' } : {}) };
    const out = http.request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    req.pipe(out);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, close: () => new Promise((r) => server.close(() => r())) }),
    ),
  );
}

async function listening() {
  const t = closeLater(await buildTestApp());
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return { t, base: `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}` };
}

describe('console access', () => {
  it('behind a loopback reverse proxy: refused with or without the token, nothing stored', async () => {
    const { t, base } = await listening();
    const proxy = closeLater(await startProxy(base, { forwardedHeaders: true }));
    const token = consoleAuth(t).authorization.slice(7);
    for (const path of ['/console', `/console?token=${token}`, '/console/api/people']) {
      expect((await fetch(`${proxy.url}${path}`)).status).toBe(403);
    }
    const said = await fetch(`${proxy.url}/console/api/say`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ as: 1, text: '报修 3栋 漏水' }) });
    expect(said.status).toBe(403);
    expect(await t.stores.inbound.count()).toBe(0);
  });

  it('a proxy that hides itself still cannot get past the token: 401 for the page and the API', async () => {
    const { t, base } = await listening();
    const proxy = closeLater(await startProxy(base, { forwardedHeaders: false }));
    expect((await fetch(`${proxy.url}/console`)).status).toBe(401);
    expect((await fetch(`${proxy.url}/console/api/inbox?as=1`)).status).toBe(401);
    const emptied = await fetch(`${proxy.url}/console/api/say`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ as: 7, text: '批准 #1' }) });
    expect(emptied.status).toBe(401);
    expect(await t.stores.inbound.count()).toBe(0);
  });

  it('a DNS-rebinding Host is refused even from loopback with a valid token', async () => {
    const t = closeLater(await buildTestApp());
    for (const host of ['evil.example.com', 'evil.example.com:3000', '127.0.0.1.nip.io']) {
      const res = await t.app.inject({ url: '/console/api/people', headers: { host, ...consoleAuth(t) } });
      expect(res.statusCode).toBe(403);
    }
    for (const host of ['localhost:3000', '127.0.0.1', '[::1]:3000']) {
      expect((await t.app.inject({ url: '/console/api/people', headers: { host, ...consoleAuth(t) } })).statusCode).toBe(200);
    }
  });

  it('the token opens a session cookie once; a wrong token or none gets the sign-in page', async () => {
    const t = closeLater(await buildTestApp());
    const token = consoleAuth(t).authorization.slice(7);
    expect((await t.app.inject('/console')).statusCode).toBe(401);
    expect((await t.app.inject('/console?token=wrong')).statusCode).toBe(401);
    const ok = await t.app.inject(`/console?token=${token}`);
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/console');
    const cookie = String(ok.headers['set-cookie']).split(';')[0]!;
    expect(String(ok.headers['set-cookie'])).toContain('HttpOnly; SameSite=Strict');
    expect((await t.app.inject({ url: '/console', headers: { cookie } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/console/api/people', headers: { cookie } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/console/api/people', headers: { cookie: 'dutydesk_console=forged' } })).statusCode).toBe(401);
  });

  it('reading the inbox delivers a group push to the reader without taking it from the others', async () => {
    const t = closeLater(await buildTestApp());
    await t.stores.outbox.enqueue([{ dedupeKey: 'g1', channel: 'console-group', recipient: 'default', text: '【值班群】测试', nextAttemptAt: t.clock.now() }]);
    const inbox = async (name: string) => (await t.app.inject({ url: `/console/api/inbox?as=${(await t.stores.people.find(name))!.id}`, headers: consoleAuth(t) })).json() as Array<{ text: string; group: string | null }>;
    expect((await inbox('赵强')).map((m) => m.text)).toEqual(['【值班群】测试']);
    expect(await inbox('赵强')).toEqual([]);
    expect((await inbox('李娜')).map((m) => [m.text, m.group])).toEqual([['【值班群】测试', '值班群']]);
  });
});

describe('console by default', () => {
  it('is off once a platform is configured, unless CONSOLE_ENABLED=true says otherwise', () => {
    const dingtalk = { DINGTALK_APP_KEY: 'k', DINGTALK_APP_SECRET: 's', DINGTALK_ROBOT_CODE: 'k' };
    expect(loadConfig({}).console.enabled).toBe(true);
    expect(loadConfig(dingtalk).console.enabled).toBe(false);
    expect(loadConfig({ ...dingtalk, CONSOLE_ENABLED: 'true' }).console.enabled).toBe(true);
    expect(loadConfig({ WECOM_GROUP_WEBHOOK_KEY: 'abc' }).console.enabled).toBe(false);
    expect(loadConfig({ CONSOLE_ENABLED: 'false' }).console.enabled).toBe(false);
  });
});
