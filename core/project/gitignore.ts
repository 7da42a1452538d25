/**
 * .gitignore files as git reads them, for the folders a project walk enters: each file's patterns apply to
 * paths below its folder; later lines win, `!` re-includes, a trailing `/` matches folders only, a pattern
 * with a `/` elsewhere is anchored to its folder, one without matches a name at any depth. (As in git, a file
 * inside an ignored folder cannot be re-included: the walk never enters that folder.)
 */
import picomatch from 'picomatch';

interface Pattern {
  readonly negated: boolean;
  readonly directoryOnly: boolean;
  readonly matches: (path: string) => boolean;
}

export interface IgnoreRules {
  /** Relative to the project root, `/`-separated; the folder the .gitignore file is in. */
  readonly base: string;
  readonly patterns: readonly Pattern[];
}

export function parseGitignore(text: string, base: string): IgnoreRules {
  const patterns: Pattern[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.replace(/(?<!\\)\s+$/, '');
    if (line === '' || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    if (negated) line = line.slice(1);
    line = line.replace(/^\\([#!])/, '$1');
    const directoryOnly = line.endsWith('/');
    if (directoryOnly) line = line.slice(0, -1);
    if (line === '') continue;
    const anchored = line.includes('/');
    const glob = anchored ? line.replace(/^\//, '') : `**/${line}`;
    patterns.push({ negated, directoryOnly, matches: picomatch(glob, { dot: true }) });
  }
  return { base, patterns };
}

/** Whether `path` (relative to the project root) is ignored by the stacked rules of its folder and above. */
export function isIgnored(stack: readonly IgnoreRules[], path: string, isDirectory: boolean): boolean {
  let ignored = false;
  for (const rules of stack) {
    const prefix = rules.base === '' ? '' : `${rules.base}/`;
    if (prefix !== '' && !path.startsWith(prefix)) continue;
    const local = path.slice(prefix.length);
    for (const p of rules.patterns) {
      if (p.directoryOnly && !isDirectory) continue;
      if (p.matches(local)) ignored = !p.negated;
    }
  }
  return ignored;
}
