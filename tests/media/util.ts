// Photos and voice on tickets: one app with WeCom (self-built app + 微信客服) and the DingTalk robot configured
// against both fakes, a media folder of its own, people with accounts on both platforms, and message builders.
import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fixedClock, type ManualClock } from '../../src/clock.js';
import { WecomCrypto } from '../../src/bot/wecom/crypto.js';
import { replyMsgId } from '../../src/bot/wecom/kf.js';
import { parseXml } from '../../src/bot/wecom/xml.js';
import { mediaFetch } from '../../src/handlers/jobs/media-fetch.js';
import { jobContext } from '../../src/scheduler.js';
import { DEMO_PEOPLE } from '../../src/store/seed.js';
import { buildTestApp, REFERENCE_TIME, type TestApp } from '../helpers/app.js';
import { tmpDir } from '../helpers/paths.js';
import { startFakeDingtalk, type FakeDingtalk } from '../fakes/dingtalk-server.js';
import { startFakeWecom, type FakeWecom } from '../fakes/wecom-server.js';
import { APP_KEY, APP_SECRET, dingtalkEnv, ROBOT_CODE, robotText, signedHeaders } from '../dingtalk/util.js';
import { AES_KEY, AGENT_ID, CORP_ID, HOOK_KEY, KFID, postCallback, SECRET, signedCallback, TOKEN, wecomEnv } from '../wecom/util.js';

export { KFID };

/** Real file starts, so sniffing and type checks see what they would see. */
export const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]), randomBytes(3000)]);
export const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(2000)]);
export const AMR = Buffer.concat([Buffer.from('#!AMR\n', 'latin1'), randomBytes(1200)]);

/** WeCom userids / DingTalk staffIds of the demo people used here; 王芳 writes through 微信客服. */
export const ACCOUNTS: Record<string, Record<string, string>> = {
  李娜: { wecom: 'lina', dingtalk: 'lina01' },
  张伟: { wecom: 'zhangwei', dingtalk: 'zhangwei01' },
  赵强: { wecom: 'zhaoqiang' },
  王芳: { wecom: 'wmResident0001' },
};

export interface MediaSetup {
  t: TestApp;
  wecom: FakeWecom;
  dingtalk: FakeDingtalk;
  clock: ManualClock;
  mediaDir: string;
  close(): Promise<void>;
}

export async function setupMedia(extraEnv: Record<string, string> = {}, opts: { dbFile?: string; clock?: ManualClock; mediaDir?: string; wecom?: FakeWecom; dingtalk?: FakeDingtalk } = {}): Promise<MediaSetup> {
  const clock = opts.clock ?? fixedClock(REFERENCE_TIME);
  const wecom = opts.wecom ?? (await startFakeWecom({ corpId: CORP_ID, secret: SECRET, webhookKey: HOOK_KEY, now: () => clock.now() }));
  const dingtalk = opts.dingtalk ?? (await startFakeDingtalk({ appKey: APP_KEY, appSecret: APP_SECRET, robotCode: ROBOT_CODE, now: () => clock.now() }));
  const mediaDir = opts.mediaDir ?? path.join(tmpDir(), `media-${randomUUID()}`);
  const env = { ...wecomEnv(wecom.url), ...dingtalkEnv(dingtalk.url), MEDIA_DIR: mediaDir, ...extraEnv };
  const t = await buildTestApp({ clock, env, dbFile: opts.dbFile, seed: false });
  if (!opts.dbFile) for (const p of DEMO_PEOPLE) await t.stores.people.create({ ...p, accounts: ACCOUNTS[p.name] ?? {} });
  const close = async () => {
    await t.close();
    if (!opts.wecom) await wecom.close();
    if (!opts.dingtalk) await dingtalk.close();
  };
  return { t, wecom, dingtalk, clock, mediaDir, close };
}

const appCrypto = new WecomCrypto(TOKEN, AES_KEY, CORP_ID);
const seconds = (clock: ManualClock) => Math.floor(clock.now().getTime() / 1000);

/** Sends a self-built app message (XML body without the envelope fields) from `from`; returns the reply text. */
async function sendApp(s: MediaSetup, from: string, inner: string, msgId: string): Promise<string> {
  const xml = `<xml><ToUserName><![CDATA[${CORP_ID}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>${seconds(s.clock)}</CreateTime>${inner}<MsgId>${msgId}</MsgId><AgentID>${AGENT_ID}</AgentID></xml>`;
  const res = await postCallback(s.t, signedCallback(xml));
  if (res.statusCode !== 200) throw new Error(`callback answered ${res.statusCode}`);
  if (!res.body) return '';
  const env = parseXml(res.body)!;
  return parseXml(appCrypto.open(env.Encrypt!).message)!.Content ?? '';
}

export const appText = (s: MediaSetup, from: string, text: string, msgId = `txt-${randomUUID()}`) =>
  sendApp(s, from, `<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${text}]]></Content>`, msgId);

export const appImage = (s: MediaSetup, from: string, mediaId: string, msgId = `img-${randomUUID()}`) =>
  sendApp(s, from, `<MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[https://wework.qpic.cn/x.jpg]]></PicUrl><MediaId><![CDATA[${mediaId}]]></MediaId>`, msgId);

export const appVoice = (s: MediaSetup, from: string, mediaId: string, recognition = '', msgId = `voice-${randomUUID()}`) =>
  sendApp(s, from, `<MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[${mediaId}]]></MediaId><Format><![CDATA[amr]]></Format>${recognition ? `<Recognition><![CDATA[${recognition}]]></Recognition>` : ''}`, msgId);

/** A DingTalk robot message (one-to-one unless `group`) answered in the HTTP response: the reply text. */
let signed = 0;
export async function robot(s: MediaSetup, body: Record<string, unknown>): Promise<string> {
  // A timestamp/sign pair belongs to one msgId (replay protection): each call signs a timestamp of its own.
  const headers = signedHeaders(new Date(s.clock.now().getTime() - ++signed), APP_SECRET);
  const res = await s.t.app.inject({ method: 'POST', url: '/dingtalk/robot', headers, payload: JSON.stringify(body) });
  if (res.statusCode !== 200) throw new Error(`robot callback answered ${res.statusCode}`);
  const answer = res.json() as { msgtype: string; text?: { content: string }; markdown?: { text: string } };
  return answer.text?.content ?? answer.markdown?.text ?? '';
}

const robotBase = (s: MediaSetup, staffId: string) => ({ ...robotText({ createAt: s.clock.now().getTime(), staffId, group: false }), text: undefined });
export const robotPicture = (s: MediaSetup, staffId: string, downloadCode: string) => ({ ...robotBase(s, staffId), msgtype: 'picture', content: { downloadCode, pictureDownloadCode: downloadCode } });
export const robotAudio = (s: MediaSetup, staffId: string, downloadCode: string, recognition = '') => ({ ...robotBase(s, staffId), msgtype: 'audio', content: { downloadCode, duration: 4000, recognition } });
/** 图文混排: text and pictures in one message. */
export const robotRichText = (s: MediaSetup, staffId: string, text: string, ...downloadCodes: string[]) => ({
  ...robotBase(s, staffId),
  msgtype: 'richText',
  content: { richText: [{ text }, ...downloadCodes.map((downloadCode) => ({ type: 'picture', downloadCode, pictureDownloadCode: downloadCode }))] },
});

/** 微信客服: the resident's messages are pulled after a callback; resolves with the reply sent back through kf/send_msg. */
export async function kfSay(s: MediaSetup, ...items: Array<{ text: string } | { image: string } | { voice: string }>): Promise<string> {
  const token = `SYNC-${randomUUID().slice(0, 8)}`;
  s.wecom.kfTokens.add(token);
  const ids = items.map(() => `kf-${randomUUID()}`);
  items.forEach((item, i) => {
    const base = { msgid: ids[i]!, open_kfid: KFID, external_userid: ACCOUNTS.王芳!.wecom!, send_time: seconds(s.clock), origin: 3 };
    if ('text' in item) s.wecom.kfMessages.push({ ...base, msgtype: 'text', text: { content: item.text } });
    else if ('image' in item) s.wecom.kfMessages.push({ ...base, msgtype: 'image', image: { media_id: item.image } });
    else s.wecom.kfMessages.push({ ...base, msgtype: 'voice', voice: { media_id: item.voice } });
  });
  const event = `<xml><ToUserName><![CDATA[${CORP_ID}]]></ToUserName><CreateTime>${seconds(s.clock)}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[kf_msg_or_event]]></Event><Token><![CDATA[${token}]]></Token><OpenKfId><![CDATA[${KFID}]]></OpenKfId></xml>`;
  await postCallback(s.t, signedCallback(event));
  // Each reply carries a msgid derived from the message it answers.
  const replies = [];
  for (const id of ids) replies.push(await s.wecom.waitFor((r) => r.endpoint === 'kfSend' && r.body?.msgid === replyMsgId(id), 10_000));
  return replies.map((r) => String(r.body.text?.content ?? '')).join('\n');
}

/** One run of the media-fetch job as of the app's clock. */
export const fetchMedia = (s: Pick<MediaSetup, 't'>) => mediaFetch.run(jobContext(s.t.runtime, s.t.clock.now())) as Promise<Record<'stored' | 'retry' | 'failed' | 'skipped', number>>;

export const mediaRows = (s: Pick<MediaSetup, 't'>) => s.t.prisma.ticketMedia.findMany({ orderBy: { id: 'asc' } });

/** Every file under the media folder, partial writes included (relative paths). */
export function filesIn(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => path.relative(dir, path.join(d.parentPath, d.name)))
      .sort();
  } catch {
    return [];
  }
}
