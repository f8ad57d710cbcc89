// Reads deploy/dutydesk@.service the way systemd does for what the tests need: settings by key, and the
// environment one instance (%i = its port) starts with.

/** Every `Key=value` of the unit, in order per key (comments and section headers skipped). */
export function unitSettings(unit: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of unit.split('\n')) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (!m) continue;
    out.set(m[1]!, [...(out.get(m[1]!) ?? []), m[2]!]);
  }
  return out;
}

/** Environment= assignments, then those ExecStart passes through /usr/bin/env (they win), with %i = instance. */
export function unitEnvironment(unit: string, instance: string): Record<string, string> {
  const settings = unitSettings(unit);
  const env: Record<string, string> = {};
  const assign = (words: string[]) => {
    for (const w of words) {
      const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(w);
      if (m) env[m[1]!] = m[2]!.replaceAll('%i', instance);
    }
  };
  for (const line of settings.get('Environment') ?? []) assign(line.split(/\s+/));
  const exec = (settings.get('ExecStart') ?? [''])[0]!.split(/\s+/);
  if (exec[0] === '/usr/bin/env') assign(exec.slice(1));
  return env;
}

/** The command ExecStart runs after the environment assignments: e.g. ['node', 'dist/server.js']. */
export function unitCommand(unit: string): string[] {
  const exec = (unitSettings(unit).get('ExecStart') ?? [''])[0]!.split(/\s+/);
  const words = exec[0] === '/usr/bin/env' ? exec.slice(1) : exec;
  return words.filter((w) => !/^[A-Z][A-Z0-9_]*=/.test(w));
}
