// EXPLAIN (FORMAT JSON) output nested `depth` levels deep: Limit over Limit ... over a Seq Scan. Built as text,
// because JSON.stringify itself recurses and gives up near 10,000 levels.
export function deepPlanJson(depth: number, leafAlias = 't'): string {
  const leaf = `{"Node Type":"Seq Scan","Relation Name":"t","Alias":"${leafAlias}","Total Cost":1,"Plan Rows":1,"Actual Total Time":0.01,"Actual Loops":1,"Actual Rows":1}`;
  const open: string[] = [];
  for (let level = 0; level < depth - 1; level++) {
    open.push(`{"Node Type":"Limit","Total Cost":${depth - level},"Plan Rows":1,"Actual Total Time":${((depth - level) * 0.01).toFixed(2)},"Actual Loops":1,"Actual Rows":1,"Plans":[`);
  }
  return `[{"Plan":${open.join('')}${leaf}${']}'.repeat(depth - 1)},"Planning Time":0.1,"Execution Time":${(depth * 0.01 + 0.1).toFixed(2)}}]`;
}
