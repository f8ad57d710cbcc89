// The media folder (MEDIA_DIR): files named <ticketId>-<rowId>.<ext> and nothing else, so no name that came
// from a message or a platform can point anywhere else. A file is written whole or not at all: into a
// temporary file in .partial/, synced, then renamed into place; a crash leaves at most a leftover there.
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { MEDIA_FILE_NAME, type MediaStore } from '../types/index.js';

const PARTIAL = '.partial';

export function mediaDirectory(dir: string): MediaStore {
  const root = path.resolve(dir);
  const partialDir = path.join(root, PARTIAL);

  function fileOf(name: string): string {
    if (typeof name !== 'string' || !MEDIA_FILE_NAME.test(name)) throw new Error(`not a media file name: ${JSON.stringify(String(name)).slice(0, 80)}`);
    const file = path.join(root, name);
    if (path.dirname(file) !== root) throw new Error('media file outside the media folder');
    return file;
  }

  return {
    path: fileOf,

    async put(name, bytes) {
      const file = fileOf(name);
      await mkdir(partialDir, { recursive: true });
      // Leftovers of an earlier write of the same file that never finished.
      for (const left of (await readdir(partialDir)).filter((f) => f.startsWith(`${name}.`))) await rm(path.join(partialDir, left), { force: true });
      const tmp = path.join(partialDir, `${name}.${randomUUID()}`);
      try {
        const fh = await open(tmp, 'wx', 0o640);
        try {
          await fh.writeFile(bytes);
          await fh.sync();
        } finally {
          await fh.close();
        }
        await rename(tmp, file);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
      return file;
    },

    async get(name) {
      try {
        return await readFile(fileOf(name));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },

    async partials() {
      try {
        return await readdir(partialDir);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw err;
      }
    },
  };
}
