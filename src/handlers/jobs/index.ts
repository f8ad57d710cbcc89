import type { Job } from './types.js';

/** Every scheduled job, in the order `jobs run` executes them. */
export const jobs: Job[] = [];
