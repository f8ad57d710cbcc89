// Two instances (two apps, two runtimes) on one database and one clock, and a way to leave a backlog: messages
// recorded by instance a (as its intake records deliveries) and never processed, as if it had died right after.
import { DEMO_PEOPLE } from '../../src/store/seed.js';
import { buildTestApp, say, type TestApp } from './app.js';

export interface TwoInstances {
  a: TestApp;
  b: TestApp;
  /** Records the texts as unprocessed messages of one staff member; with `chats`, text i goes to chat i % chats. */
  backlog(texts: string[], chats?: number): Promise<number[]>;
}

/** Opens both instances; each app is pushed to `apps` for the caller's afterEach to close. */
export async function twoInstances(provider: 'sqlite' | 'postgresql', apps: TestApp[]): Promise<TwoInstances> {
  const a = await buildTestApp({ provider });
  apps.push(a);
  const b = await buildTestApp({ provider, dbFile: a.dbFile, clock: a.clock });
  apps.push(b);
  const who = DEMO_PEOPLE.find((p) => p.role === 'staff')?.name ?? DEMO_PEOPLE[0]!.name;
  await say(a, who, '帮助');
  const first = await a.prisma.inboundMessage.findFirstOrThrow({ orderBy: { id: 'desc' } });
  let recorded = 0;
  const backlog = async (texts: string[], chats?: number) => {
    const now = a.clock.now();
    const rows = texts.map((text, i) => ({
      platform: first.platform,
      msgId: `backlog-${recorded++}`,
      chatId: chats ? `${first.chatId}-${i % chats}` : first.chatId!,
      chatType: first.chatType!,
      senderId: first.senderId!,
      text,
      receivedAt: now,
    }));
    return (await a.stores.inbound.recordMany(rows, now)) as number[];
  };
  return { a, b, backlog };
}
