/** How a plan node is named in text: PostgreSQL's own text-format wording. */
import type { PlanNode } from './model';

/** One line describing a node: "Index Scan using orders_pkey on orders o". */
export function nodeTitle(node: PlanNode): string {
  const base = node.nodeType === 'ModifyTable' && node.operation ? node.operation : node.nodeType;
  const parts = [node.parallelAware ? `Parallel ${base}` : base];
  if (node.joinType && node.joinType !== 'Inner' && node.nodeType.includes('Join')) parts[0] = node.nodeType.replace(' Join', ` ${node.joinType} Join`);
  if (node.joinType && node.joinType !== 'Inner' && node.nodeType === 'Nested Loop') parts[0] = `Nested Loop ${node.joinType} Join`;
  if (node.strategy && node.nodeType === 'Aggregate' && node.strategy !== 'Plain') parts[0] = `${{ Hashed: 'Hash', Sorted: 'Group', Mixed: 'Mixed' }[node.strategy] ?? ''}Aggregate`;
  if (node.indexName) parts.push(`using ${node.indexName}`);
  const target = node.relationName ? (node.schema ? `${node.schema}.${node.relationName}` : node.relationName) : (node.cteName ?? node.functionName);
  if (target) parts.push(`on ${target}${node.alias && node.alias !== (node.relationName ?? node.cteName ?? node.functionName) ? ` ${node.alias}` : ''}`);
  return parts.join(' ');
}

