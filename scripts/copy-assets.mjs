// After `tsc`: copies the data files the code reads at run time (src/**/*.tsv, the word tables) next to the
// compiled code in dist/, so `node dist/server.js` finds them where `tsx src/server.ts` does.
import { cpSync, statSync } from 'node:fs';

const DATA = /\.(tsv|json)$/;
const outDir = process.argv[2] ?? 'dist';
cpSync('src', outDir, { recursive: true, filter: (path) => statSync(path).isDirectory() || DATA.test(path) });
