import path from 'node:path';
import { inject } from 'vitest';

/** This run's scratch folder (created by global-setup.ts). */
export const tmpDir = (): string => inject('tmpDir');
export const templateDb = (): string => path.join(tmpDir(), 'template.db');
