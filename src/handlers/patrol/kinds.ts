// Patrols that run in rounds (巡查), as data (docs/desk-rules.md#patrol-rounds). A site may add its own patrol by
// name in PATROL_KINDS (e.g. 夜间治安巡逻): the name is then both the kind and the title.

export interface PatrolKind {
  kind: string;
  title: string;
  /** Words in a drill title that mean this patrol (演练 新增 … 防火巡查 is answered with the 巡查 commands). */
  match: RegExp;
}

export const PATROL_KINDS: readonly PatrolKind[] = [
  { kind: 'fire-patrol', title: '消防安全重点部位防火巡查', match: /防火巡查|消防巡查|重点部位/ },
];

/** The title of a configured patrol kind. */
export const patrolTitle = (kind: string): string => PATROL_KINDS.find((k) => k.kind === kind)?.title ?? kind;

/** The configured patrol a drill title names, if any. */
export const patrolNamed = (title: string, kinds: readonly string[]): string | undefined =>
  kinds.find((k) => PATROL_KINDS.find((p) => p.kind === k)?.match.test(title) ?? title.includes(k));
