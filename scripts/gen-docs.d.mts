import type { DocsInput } from './docs/docs-input';
export const ROOT: string;
export const RULE_DOCS_DIR: string;
export const README_FILE: string;
export const FINDINGS_FILE: string;
/** docs/findings.json: the catalogue of finding ids. */
export function findingsText(input: DocsInput): string;
export const RULES_START: string;
export const RULES_END: string;
/** docs/rules/* as file name -> content. */
export function ruleDocFiles(input: DocsInput): Map<string, string>;
/** The text between the README markers. */
export function readmeRulesBlock(input: DocsInput): string;
/** `readme` with its rules block replaced; undefined (no README) gives a title and the block. */
export function withRulesBlock(readme: string | undefined, block: string): string;
