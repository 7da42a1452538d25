// What scripts/corpus-report.mjs needs from core, loaded through one tsx import (so the parser it
// initialises is the one the linter uses).
export { initParser, setParseCacheLimit } from '../core/parse/parser';
export { lintText, SYNTAX_ERROR_RULE_ID } from '../core/lint';
export { ALL_RULES } from '../core/rules/registry';
