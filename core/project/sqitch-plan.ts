/**
 * sqitch.plan: one change per line (`name [deps] timestamp planner <email> # note`), `%pragma` and `@tag`
 * lines, comments. A change reworked later in the plan is deployed twice: the earlier entries run the
 * script frozen at the next tag (`deploy/name@tag.sql`), the last one `deploy/name.sql`.
 */

export interface SqitchScript {
  readonly change: string;
  readonly path: string;
}

export function sqitchDeployScripts(plan: string, root: string): SqitchScript[] {
  const entries: { change: string; tagAfter?: string }[] = [];
  for (const raw of plan.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('%')) continue;
    if (line.startsWith('@')) {
      const tag = line.slice(1).split(/\s+/)[0];
      // The tag applies to the changes before it that have no tag yet.
      for (const e of entries) if (e.tagAfter === undefined) e.tagAfter = tag;
      continue;
    }
    const change = line.split(/\s+/)[0];
    if (change) entries.push({ change });
  }
  const last = new Map<string, number>();
  entries.forEach((e, i) => last.set(e.change, i));
  const prefix = root === '' ? '' : `${root}/`;
  return entries.map((e, i) => {
    const reworked = last.get(e.change) !== i && e.tagAfter !== undefined;
    return { change: e.change, path: `${prefix}deploy/${e.change}${reworked ? `@${e.tagAfter}` : ''}.sql` };
  });
}
