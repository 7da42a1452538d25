/**
 * Rule documentation for the editor: each rule's page (docs/rules/<id>.md next to the bundle's folder, so the
 * link works from the packaged extension and from the repository) and its hover text from the rule's meta.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ALL_RULES } from '../core/rules/registry';
import { findingKind } from '../core/rules/catalog';
import type { RuleMeta } from '../core/rules/types';

/** dist/server.js -> <extension or repository>/docs/rules. */
const RULE_DOCS_DIR = join(__dirname, '..', 'docs', 'rules');

const metaById = new Map<string, RuleMeta>(ALL_RULES.map((r) => [r.meta.id, r.meta]));
const hrefCache = new Map<string, string | undefined>();

export function ruleMeta(ruleId: string): RuleMeta | undefined {
  return metaById.get(ruleId);
}

/**
 * The file URI of a rule's page. Every rule has one (written with the rule); built-in ids (syntax-error,
 * unused-ignore, ...) only link when a page exists, so a diagnostic never points at nothing.
 */
export function ruleDocHref(ruleId: string): string | undefined {
  if (hrefCache.has(ruleId)) return hrefCache.get(ruleId);
  const path = join(RULE_DOCS_DIR, `${ruleId}.md`);
  const href = metaById.has(ruleId) || existsSync(path) ? pathToFileURL(path).href : undefined;
  hrefCache.set(ruleId, href);
  return href;
}

/**
 * One line for a hover on a finding of `ruleId`: the rule and what it is about, and a link to its page (the editor
 * shows the finding's own message above; the why and what instead are on the page, not in every hover).
 */
export function ruleHoverMarkdown(ruleId: string): string | undefined {
  const kind = findingKind(ruleId);
  if (!kind?.docs) return undefined;
  const href = ruleDocHref(ruleId);
  return `**${kind.id}** — ${kind.docs.summary}${href ? ` [More…](${href})` : ''}`;
}
