// Command-line flags of the benchmark scripts: `--name value` pairs and nothing else.
// The defaults say which flags a benchmark has and what type each one is:
//   const opts = readFlags({ duration: 10, text: '报修 …' });   // opts.duration: number, opts.text: string

export type Flags<D> = { [K in keyof D]: D[K] extends number ? number : string };

/** A bad flag (exit code 2), or `--help` (exit code 0, the message is the usage). */
export class FlagError extends Error {
  constructor(message: string, readonly exitCode = 2) {
    super(message);
  }
}

/**
 * Reads `--name value` for every key of `defaults`; a number default makes the flag numeric.
 * Unknown flags are errors; `--help` lists the flags with their defaults (both as a FlagError, see runMain).
 */
export function readFlags<D extends Record<string, string | number>>(defaults: D, argv: readonly string[] = process.argv.slice(2)): Flags<D> {
  if (argv.includes('--help') || argv.includes('-h')) throw new FlagError(`options (defaults): ${describeFlags(defaults)}`, 0);
  const values: Record<string, string | number> = { ...defaults };
  for (let i = 0; i < argv.length; i += 2) {
    const token = argv[i]!;
    const name = token.startsWith('--') ? token.slice(2) : '';
    if (!name || !Object.hasOwn(defaults, name)) throw new FlagError(`unknown option ${JSON.stringify(token)}; options: ${describeFlags(defaults)}`);
    const value = argv[i + 1];
    if (value === undefined) throw new FlagError(`--${name} needs a value`);
    if (typeof defaults[name] === 'number') {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n)) throw new FlagError(`--${name} takes a number, not ${JSON.stringify(value)}`);
      values[name] = n;
    } else {
      values[name] = value;
    }
  }
  return values as Flags<D>;
}

/** `[--duration 10] [--text "…"]`: the flags with their defaults, for usage lines. */
export function describeFlags(defaults: Record<string, string | number>): string {
  return Object.entries(defaults)
    .map(([name, value]) => `[--${name} ${typeof value === 'number' ? value : JSON.stringify(value)}]`)
    .join(' ');
}

/** Runs a benchmark's main function; a bad flag or `--help` prints its message instead of a stack trace. */
export async function runMain(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (err) {
    if (!(err instanceof FlagError)) throw err;
    (err.exitCode === 0 ? console.log : console.error)(err.message);
    process.exitCode = err.exitCode;
  }
}
