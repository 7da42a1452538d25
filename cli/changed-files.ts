/**
 * `lint --changed-since <ref>`: the files git says changed since a ref (committed since, staged, unstaged) and
 * the untracked files it does not ignore, so CI lints a pull request's migrations only, each still judged against
 * the whole project's schema. Git runs without a shell; its own message is returned when it refuses.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

export function changedFiles(cwd: string, ref: string): { files: ReadonlySet<string> } | { error: string } {
  if (ref.startsWith('-')) return { error: `"${ref}" is not a git revision` };
  const git = (args: readonly string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  try {
    const top = git(['rev-parse', '--show-toplevel']).trim();
    git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    const changed = git(['diff', '--name-only', '-z', '--diff-filter=d', ref, '--']).split('\0');
    const untracked = git(['ls-files', '--others', '--exclude-standard', '-z', '--full-name']).split('\0');
    return { files: new Set([...changed, ...untracked].filter((p) => p !== '').map((p) => resolve(top, p))) };
  } catch (e) {
    const stderr = (e as { stderr?: string }).stderr?.toString().trim();
    return { error: stderr ? `git: ${stderr.split('\n')[0]}` : `"${ref}" is not a revision of a git repository here` };
  }
}
