/**
 * How a schema-aware rule reports: the engine judges every schema check in one pass over the file (names are
 * resolved once for all of them: core/semantics/diagnostics.ts) and each rule reports the findings of its id,
 * so severity, configuration, ignore comments and docs work as for every other rule.
 */
import type { RuleContext, RuleVisitors } from '../../types';

export function reportSchemaFindings(context: RuleContext, ruleId: string): RuleVisitors {
  const schema = context.schema;
  if (!schema) return {};
  return {
    endOfFile() {
      for (const finding of schema.findings(ruleId)) context.report(finding);
    },
  };
}
