// Runs deploy/nginx/dutydesk.conf with Debian's nginx under a temp prefix, as a child process: the site as shipped,
// with only what a test machine must change (ports, certificate, IPv6 listens) replaced, each replacement checked.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';

export const SITE = 'deploy/nginx/dutydesk.conf';

/** The nginx binary (Debian puts it in /usr/sbin, which a non-root PATH may lack), or null. */
export function nginxBinary(): string | null {
  for (const bin of ['nginx', '/usr/sbin/nginx']) if (spawnSync(bin, ['-v']).status === 0) return bin;
  return null;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Replaces `from` exactly `times` times, so a change of the shipped file's shape fails the test loudly. */
function replaceChecked(text: string, from: string, to: string, times: number): string {
  const found = text.split(from).length - 1;
  if (found !== times) throw new Error(`${SITE}: expected ${times}× "${from}", found ${found}`);
  return text.replaceAll(from, to);
}

export interface SitePorts {
  upstreams: [number, number];
  https: number;
  http: number;
}

/** The shipped site with the test machine's ports and a self-signed certificate. */
export function renderSite(dir: string, ports: SitePorts): string {
  let site = readFileSync(SITE, 'utf8');
  site = replaceChecked(site, 'server 127.0.0.1:3001 ', `server 127.0.0.1:${ports.upstreams[0]} `, 1);
  site = replaceChecked(site, 'server 127.0.0.1:3002 ', `server 127.0.0.1:${ports.upstreams[1]} `, 1);
  site = replaceChecked(site, '    listen 443 ssl;\n', `    listen 127.0.0.1:${ports.https} ssl;\n`, 1);
  site = replaceChecked(site, '    listen [::]:443 ssl;\n', '', 1);
  site = replaceChecked(site, '    listen 80;\n', `    listen 127.0.0.1:${ports.http};\n`, 1);
  site = replaceChecked(site, '    listen [::]:80;\n', '', 1);
  site = replaceChecked(site, '/etc/letsencrypt/live/desk.example.com/fullchain.pem', path.join(dir, 'cert.pem'), 1);
  site = replaceChecked(site, '/etc/letsencrypt/live/desk.example.com/privkey.pem', path.join(dir, 'key.pem'), 1);
  return site;
}

export interface RunningNginx {
  child: ChildProcess;
  /** Lines of the access log: "<uri> <status> <upstream addresses>". */
  accessLog(): string[];
  errorLog(): string;
  stop(): Promise<void>;
}

/** Writes nginx.conf + the site under dir, checks it with `nginx -t`, starts nginx in the foreground. */
export async function startNginx(bin: string, dir: string, ports: SitePorts): Promise<RunningNginx> {
  for (const sub of ['logs', 'temp']) mkdirSync(path.join(dir, sub), { recursive: true });
  const cert = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=desk.example.com', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { encoding: 'utf8' });
  if (cert.status !== 0) throw new Error(`openssl: ${cert.stderr}`);
  writeFileSync(path.join(dir, 'site.conf'), renderSite(dir, ports));
  const temp = (name: string) => `${name}_temp_path ${path.join(dir, 'temp', name)};`;
  // Root: workers would run as nobody and could not write the temp dir; as another user, `user` is ignored.
  const conf = `${process.getuid?.() === 0 ? 'user root;\n' : ''}worker_processes 1;
pid ${path.join(dir, 'nginx.pid')};
error_log ${path.join(dir, 'logs', 'error.log')} info;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  log_format upstreams '$request_uri $status $upstream_addr';
  access_log ${path.join(dir, 'logs', 'access.log')} upstreams;
  ${temp('client_body')} ${temp('proxy')} ${temp('fastcgi')} ${temp('uwsgi')} ${temp('scgi')}
  include ${path.join(dir, 'site.conf')};
}
`;
  const confFile = path.join(dir, 'nginx.conf');
  writeFileSync(confFile, conf);
  const args = ['-p', dir, '-e', path.join(dir, 'logs', 'error.log'), '-c', confFile];
  const check = spawnSync(bin, [...args, '-t'], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx -t failed:\n${check.stderr}`);
  const child = spawn(bin, [...args, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr += c));
  const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '');
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited ${child.exitCode}: ${stderr}${read(path.join(dir, 'logs', 'error.log'))}`);
    if (await canConnect(ports.https)) break;
    if (i > 100) throw new Error('nginx did not listen within 10 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    accessLog: () => read(path.join(dir, 'logs', 'access.log')).split('\n').filter(Boolean),
    errorLog: () => read(path.join(dir, 'logs', 'error.log')),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGQUIT'); // graceful shutdown of the master and its worker
      await exited;
    },
  };
}

export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** An HTTPS request to nginx (self-signed certificate, Host desk.example.com; plain HTTP with tls: false), one connection per request. */
export function request(port: number, method: string, pathAndQuery: string, o: { headers?: Record<string, string>; body?: string; tls?: boolean } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const send = o.tls === false ? http.request : https.request;
    const req = send(
      { host: '127.0.0.1', port, method, path: pathAndQuery, rejectUnauthorized: false, servername: 'desk.example.com', agent: false, headers: { host: 'desk.example.com', ...o.headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}
