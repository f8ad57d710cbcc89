// The media-fetch job: photos and voice come down through each platform's API into MEDIA_DIR (a temporary folder
// per test), within the size and type limits, named by ticket and row only; failures are retried, then given up,
// with the reason in Chinese and no partial file; a download that dies with its process is taken up again.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { MEDIA_LEASE_MS, MEDIA_MAX_ATTEMPTS, mediaBackoffMs } from '../../src/handlers/jobs/media-fetch.js';
import { MEDIA_FILE_NAME } from '../../src/store/index.js';
import { deferred } from '../helpers/async.js';
import { closeAfterEach } from '../helpers/cleanup.js';
import { AMR, appImage, appText, appVoice, fetchMedia, filesIn, JPEG, kfSay, mediaRows, PNG, robot, robotAudio, robotPicture, setupMedia } from './util.js';

const closeLater = closeAfterEach();
const start = async (env: Record<string, string> = {}) => closeLater(await setupMedia(env));
const REPORT = '报修 3栋2单元1502 厨房水管漏水';
type Setup = Awaited<ReturnType<typeof start>>;

/** 李娜 reports #1 and sends one photo (WeCom app media id `mediaId`) right after. */
async function reportWithPhoto(s: Setup, mediaId = 'media-1') {
  await appText(s, 'lina', REPORT);
  await appImage(s, 'lina', mediaId);
}

describe('media-fetch job', () => {
  it('downloads a WeCom app photo with media/get into MEDIA_DIR as <ticket>-<row>.<ext>, with its bytes', async () => {
    const s = await start();
    s.wecom.media.set('media-1', { bytes: JPEG, contentType: 'image/jpeg', filename: 'IMG_0001.jpg' });
    await reportWithPhoto(s);
    expect(await fetchMedia(s)).toEqual({ stored: 1, retry: 0, failed: 0, skipped: 0 });
    const [row] = await mediaRows(s);
    expect(row).toMatchObject({ status: 'stored', path: '1-1.jpg', bytes: JPEG.length, contentType: 'image/jpeg', error: null, attempts: 1 });
    expect(readFileSync(path.join(s.mediaDir, '1-1.jpg')).equals(JPEG)).toBe(true);
    expect(filesIn(s.mediaDir)).toEqual(['1-1.jpg']);
    const get = s.wecom.requests.find((r) => r.endpoint === 'media')!;
    expect(get.method).toBe('GET');
    expect(get.query.get('media_id')).toBe('media-1');
    expect(get.query.get('access_token')).toMatch(/^tok-/);
    // What the dashboard reads: the rows with their file names, and where the files are.
    const listed = await s.t.stores.ticketMedia.listForTicket(1);
    expect(listed.map((m) => m.path)).toEqual(['1-1.jpg']);
    expect(s.t.runtime.media.files.path(listed[0]!.path!)).toBe(path.join(s.mediaDir, '1-1.jpg'));
    expect((await s.t.runtime.media.files.get('1-1.jpg'))!.equals(JPEG)).toBe(true);
    // Done is done: the next run finds nothing.
    expect(await fetchMedia(s)).toEqual({ stored: 0, retry: 0, failed: 0, skipped: 0 });
    // An access token WeCom expired early (42001) is fetched again and the download repeated once.
    s.wecom.media.set('media-2', { bytes: PNG, contentType: 'image/png' });
    await appImage(s, 'lina', 'media-2');
    s.wecom.expireTokens();
    expect(await fetchMedia(s)).toMatchObject({ stored: 1 });
    expect(s.wecom.tokensIssued).toBe(2);
    expect(readFileSync(path.join(s.mediaDir, '1-2.png')).equals(PNG)).toBe(true);
  });

  it('微信客服 photos and voice come down with the same media/get', async () => {
    const s = await start();
    s.wecom.media.set('kf-img', { bytes: PNG, contentType: 'image/png' });
    s.wecom.media.set('kf-voice', { bytes: AMR, contentType: 'audio/amr' });
    expect(await kfSay(s, { text: '7栋1单元803 卫生间漏水了' })).toContain('报修#1');
    expect(await kfSay(s, { image: 'kf-img' }, { voice: 'kf-voice' })).toBe('已收到照片，已附在报修#1。\n已收到语音，已附在报修#1。');
    expect(await fetchMedia(s)).toMatchObject({ stored: 2 });
    expect((await mediaRows(s)).map((r) => [r.platform, r.status, r.path, r.contentType])).toEqual([
      ['wecom-kf', 'stored', '1-1.png', 'image/png'],
      ['wecom-kf', 'stored', '1-2.amr', 'audio/amr'],
    ]);
    expect(readFileSync(path.join(s.mediaDir, '1-1.png')).equals(PNG)).toBe(true);
    expect(readFileSync(path.join(s.mediaDir, '1-2.amr')).equals(AMR)).toBe(true);
    expect(s.wecom.requests.filter((r) => r.endpoint === 'media').map((r) => r.query.get('media_id'))).toEqual(['kf-img', 'kf-voice']);
  });

  it('DingTalk: downloadCode → messageFiles/download → downloadUrl → the bytes (no token sent to the file host)', async () => {
    const s = await start();
    s.dingtalk.files.set('dl-photo', { bytes: JPEG, contentType: 'image/jpeg' });
    s.dingtalk.files.set('dl-voice', { bytes: AMR, contentType: 'application/octet-stream', chunked: true });
    await appText(s, 'lina', REPORT);
    await robot(s, robotPicture(s, 'lina01', 'dl-photo'));
    await robot(s, robotAudio(s, 'lina01', 'dl-voice'));
    expect(await fetchMedia(s)).toMatchObject({ stored: 2 });
    expect((await mediaRows(s)).map((r) => [r.platform, r.path, r.contentType])).toEqual([
      ['dingtalk', '1-1.jpg', 'image/jpeg'],
      ['dingtalk', '1-2.amr', 'audio/amr'], // an untyped download is recognised by its first bytes
    ]);
    expect(readFileSync(path.join(s.mediaDir, '1-1.jpg')).equals(JPEG)).toBe(true);
    expect(readFileSync(path.join(s.mediaDir, '1-2.amr')).equals(AMR)).toBe(true);
    const exchange = s.dingtalk.requests.find((r) => r.endpoint === 'download')!;
    expect(exchange.method).toBe('POST');
    expect(exchange.body).toEqual({ downloadCode: 'dl-photo', robotCode: 'dingappkey' });
    expect(exchange.headers['x-acs-dingtalk-access-token']).toMatch(/^tok-/);
    const file = s.dingtalk.requests.find((r) => r.endpoint === 'file')!;
    expect(file.method).toBe('GET');
    expect(file.headers['x-acs-dingtalk-access-token']).toBeUndefined();
    // A revoked token is fetched again; an expired download URL (403) is retried with a new one.
    s.dingtalk.files.set('dl-again', { bytes: PNG, contentType: 'image/png' });
    await robot(s, robotPicture(s, 'lina01', 'dl-again'));
    s.dingtalk.revokeTokens();
    s.dingtalk.fail('file', { status: 403, code: 'AccessDenied', message: 'Request has expired.' });
    expect(await fetchMedia(s)).toMatchObject({ retry: 1 });
    expect((await mediaRows(s)).at(-1)).toMatchObject({ status: 'pending', error: '钉钉文件下载失败：HTTP 403' });
    s.clock.advance(mediaBackoffMs(1));
    expect(await fetchMedia(s)).toMatchObject({ stored: 1 });
    // Two codes, then the revoked token and its repeat, then a new URL for the second try.
    expect(s.dingtalk.requests.filter((r) => r.endpoint === 'download').map((r) => r.status)).toEqual([200, 200, 400, 200, 200]);
    expect(s.dingtalk.tokensIssued).toBe(2);
  });

  it('too large: failed with the limit in the reason and no file, whether the size is announced or only shows while streaming', async () => {
    const s = await start({ MEDIA_MAX_BYTES: '2048' });
    s.wecom.media.set('big-announced', { bytes: JPEG, contentType: 'image/jpeg' });
    s.wecom.media.set('big-streamed', { bytes: JPEG, contentType: 'image/jpeg', chunked: true });
    s.dingtalk.files.set('dl-big', { bytes: JPEG, contentType: 'image/jpeg', chunked: true });
    await reportWithPhoto(s, 'big-announced');
    await appImage(s, 'lina', 'big-streamed');
    await robot(s, robotPicture(s, 'lina01', 'dl-big'));
    expect(await fetchMedia(s)).toMatchObject({ failed: 3, stored: 0 });
    for (const row of await mediaRows(s)) expect(row).toMatchObject({ status: 'failed', error: '文件超过大小上限（2 KB），未保存', path: null, attempts: 1 });
    expect(filesIn(s.mediaDir)).toEqual([]);
    // WeCom's own answer for a file too large for one request (830002) is the same failure.
    s.wecom.media.set('huge', { bytes: PNG.subarray(0, 100), contentType: 'image/png' });
    s.wecom.fail('media', { errcode: 830002, errmsg: 'media size too large' });
    await appImage(s, 'lina', 'huge');
    await fetchMedia(s);
    expect((await mediaRows(s)).at(-1)).toMatchObject({ status: 'failed', error: '文件超过大小上限（2 KB），未保存' });
  });

  it('wrong type: failed with the type in the reason and no file; an untyped file counts by its bytes', async () => {
    const s = await start();
    s.wecom.media.set('html', { bytes: Buffer.from('<html><body>登录</body></html>'), contentType: 'text/html; charset=utf-8' });
    s.wecom.media.set('pdf', { bytes: Buffer.from('%PDF-1.7 …'), contentType: 'application/octet-stream' });
    s.wecom.media.set('png-untyped', { bytes: PNG, contentType: 'application/octet-stream' });
    s.dingtalk.files.set('dl-video', { bytes: Buffer.alloc(500, 7), contentType: 'video/mp4' });
    await reportWithPhoto(s, 'html');
    await appImage(s, 'lina', 'pdf');
    await appImage(s, 'lina', 'png-untyped');
    await robot(s, robotPicture(s, 'lina01', 'dl-video'));
    expect(await fetchMedia(s)).toMatchObject({ failed: 3, stored: 1 });
    expect((await mediaRows(s)).map((r) => [r.ref, r.status, r.error])).toEqual([
      ['html', 'failed', '文件类型不支持（text/html），未保存'],
      ['pdf', 'failed', '文件类型不支持（application/octet-stream），未保存'],
      ['png-untyped', 'stored', null],
      ['dl-video', 'failed', '文件类型不支持（video/mp4），未保存'],
    ]);
    expect(filesIn(s.mediaDir)).toEqual(['1-3.png']);
  });

  it('an expired media id or download code fails at once, with the reason', async () => {
    const s = await start();
    await reportWithPhoto(s, 'media-gone'); // not (any more) on the fake: 40007
    await robot(s, robotPicture(s, 'lina01', 'dl-gone'));
    expect(await fetchMedia(s)).toMatchObject({ failed: 2 });
    expect((await mediaRows(s)).map((r) => r.error)).toEqual([
      '企业微信素材已过期或无效（media_id 有效期 3 天），无法下载',
      '钉钉下载码无效或已过期，无法下载（invalidParameter.downloadCode.invalid）',
    ]);
    expect(filesIn(s.mediaDir)).toEqual([]);
  });

  it('a passing failure (5xx) is retried with backoff; repeated failures end as failed; a later success is stored', async () => {
    const s = await start();
    s.wecom.media.set('flaky', { bytes: JPEG, contentType: 'image/jpeg' });
    s.wecom.media.set('down', { bytes: JPEG, contentType: 'image/jpeg' });
    await reportWithPhoto(s, 'flaky');
    s.wecom.fail('media', { status: 502 });
    expect(await fetchMedia(s)).toMatchObject({ retry: 1 });
    const [first] = await mediaRows(s);
    expect(first).toMatchObject({ status: 'pending', attempts: 1, error: '企业微信文件下载失败：HTTP 502' });
    expect(first!.nextAttemptAt.getTime() - s.clock.now().getTime()).toBe(mediaBackoffMs(1));
    expect(await fetchMedia(s)).toMatchObject({ retry: 0, stored: 0 }); // not due yet
    s.clock.advance(mediaBackoffMs(1));
    expect(await fetchMedia(s)).toMatchObject({ stored: 1 });
    expect(readFileSync(path.join(s.mediaDir, '1-1.jpg')).equals(JPEG)).toBe(true);

    await appImage(s, 'lina', 'down');
    s.wecom.fail('media', ...Array.from({ length: MEDIA_MAX_ATTEMPTS }, () => ({ status: 503 })));
    const waits: number[] = [];
    for (let attempt = 1; attempt <= MEDIA_MAX_ATTEMPTS; attempt++) {
      await fetchMedia(s);
      const row = (await mediaRows(s)).at(-1)!;
      if (row.status === 'failed') break;
      waits.push(row.nextAttemptAt.getTime() - s.clock.now().getTime());
      s.clock.set(row.nextAttemptAt);
    }
    expect(waits).toEqual(Array.from({ length: MEDIA_MAX_ATTEMPTS - 1 }, (_, i) => mediaBackoffMs(i + 1)));
    expect((await mediaRows(s)).at(-1)).toMatchObject({ status: 'failed', attempts: MEDIA_MAX_ATTEMPTS, path: null, error: `下载${MEDIA_MAX_ATTEMPTS}次均未成功，已放弃：企业微信文件下载失败：HTTP 503` });
    expect(filesIn(s.mediaDir)).toEqual(['1-1.jpg']);
    expect(await appText(s, 'lina', '查询 #1')).toContain('照片：1张，另有1个未能保存');
  });

  it('a download that dies with its process leaves the row pending; another process takes it up after the lease', async () => {
    const a = await start();
    a.wecom.media.set('media-1', { bytes: JPEG, contentType: 'image/jpeg' });
    await reportWithPhoto(a);
    // Process A: the download gets a few bytes, then hangs (A is as good as dead).
    const cut = deferred<void>();
    a.wecom.fail('media', { cut: cut.promise, after: 100 });
    const dying = fetchMedia(a);
    await a.wecom.waitFor((r) => r.endpoint === 'media');
    const [claimed] = await mediaRows(a);
    expect(claimed).toMatchObject({ status: 'pending', attempts: 1, path: null });
    expect(claimed!.nextAttemptAt.getTime()).toBe(a.clock.now().getTime() + MEDIA_LEASE_MS);

    // Process B on the same database and folder: not before the lease ends, then it downloads the whole file.
    const b = closeLater(await setupMedia({}, { dbFile: a.t.dbFile, mediaDir: a.mediaDir, wecom: a.wecom, dingtalk: a.dingtalk, clock: a.clock }));
    expect(await fetchMedia(b)).toMatchObject({ stored: 0 });
    a.clock.advance(MEDIA_LEASE_MS);
    expect(await fetchMedia(b)).toMatchObject({ stored: 1 });
    expect((await mediaRows(b))[0]).toMatchObject({ status: 'stored', attempts: 2, path: '1-1.jpg' });

    // A's connection finally drops: its stale attempt changes nothing.
    cut.resolve();
    expect(await dying).toMatchObject({ stored: 0 });
    expect((await mediaRows(a))[0]).toMatchObject({ status: 'stored', attempts: 2, error: null });
    expect(readFileSync(path.join(a.mediaDir, '1-1.jpg')).equals(JPEG)).toBe(true);
    expect(filesIn(a.mediaDir)).toEqual(['1-1.jpg']);
  });

  it('a slow platform holds up only the job: messages are answered meanwhile', async () => {
    const s = await start();
    s.wecom.media.set('media-1', { bytes: JPEG, contentType: 'image/jpeg' });
    await reportWithPhoto(s);
    const gate = deferred<void>();
    s.wecom.fail('media', { gate: gate.promise });
    let done = false;
    const running = fetchMedia(s).finally(() => (done = true));
    await s.wecom.waitFor((r) => r.endpoint === 'gettoken'); // the job is under way
    expect(await appText(s, 'lina', '报修 5栋1单元301 卫生间渗水')).toContain('报修#2');
    expect(done).toBe(false);
    gate.resolve();
    expect(await running).toMatchObject({ stored: 1 });
  });

  it('no name from a message or a platform becomes a path', async () => {
    const s = await start();
    const evil = '../../../../../tmp/dutydesk-evil.sh';
    s.wecom.media.set(evil, { bytes: PNG, contentType: 'image/png; name="../../x.sh"', filename: '../../../etc/cron.d/evil' });
    await reportWithPhoto(s, evil);
    expect(await fetchMedia(s)).toMatchObject({ stored: 1 });
    expect((await mediaRows(s))[0]).toMatchObject({ ref: evil, path: '1-1.png' });
    expect(filesIn(s.mediaDir)).toEqual(['1-1.png']);
    const files = s.t.runtime.media.files;
    for (const name of ['../x.jpg', '/etc/passwd', '1-1.jpg/../../x', '..', '1-1.JPG', '1-1.jpg\0.sh', 'a-1.jpg', '0-1.jpg', '1-1.j/g', '']) {
      expect(() => files.path(name), name).toThrow(/not a media file name/);
      await expect(files.put(name, PNG), name).rejects.toThrow(/not a media file name/);
      await expect(files.get(name), name).rejects.toThrow(/not a media file name/);
    }
    expect(filesIn(s.mediaDir)).toEqual(['1-1.png']);
    for (const row of await mediaRows(s)) if (row.path) expect(row.path).toMatch(MEDIA_FILE_NAME);
  });

  it('a voice message is stored as audio; an AI-bot image (encrypted link) fails with the reason', async () => {
    const s = await start();
    s.wecom.media.set('voice-1', { bytes: AMR, contentType: 'audio/amr' });
    await appText(s, 'lina', REPORT);
    await appVoice(s, 'lina', 'voice-1');
    await s.t.stores.ticketMedia.record([{ ticketId: 1, kind: 'image', platform: 'wecom-aibot', ref: 'https://example.invalid/enc', senderId: null, inboundId: 999 }], s.clock.now());
    expect(await fetchMedia(s)).toMatchObject({ stored: 1, failed: 1 });
    expect((await mediaRows(s)).map((r) => [r.path, r.error])).toEqual([
      ['1-1.amr', null],
      [null, '企业微信智能机器人消息中的图片是加密的临时链接，暂不支持保存'],
    ]);
  });

  it('MEDIA_* keys: defaults, and a wrong value names the key', () => {
    const c = loadConfig({});
    expect(c.media).toEqual({
      dir: './data/media',
      maxBytes: 10 * 1024 * 1024,
      allowedTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/wav', 'audio/ogg', 'audio/silk'],
      fetchCron: '*/5 * * * * *',
    });
    expect(loadConfig({ MEDIA_ALLOWED_TYPES: 'image/JPG, audio/x-amr' }).media.allowedTypes).toEqual(['image/jpeg', 'audio/amr']);
    for (const [env, key] of [
      [{ MEDIA_ALLOWED_TYPES: 'image/jpeg,text/html' }, 'MEDIA_ALLOWED_TYPES'],
      [{ MEDIA_ALLOWED_TYPES: ' , ' }, 'MEDIA_ALLOWED_TYPES'],
      [{ MEDIA_MAX_BYTES: '10' }, 'MEDIA_MAX_BYTES'],
      [{ MEDIA_FETCH_CRON: 'often' }, 'MEDIA_FETCH_CRON'],
    ] as const) {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(key);
    }
  });
});
