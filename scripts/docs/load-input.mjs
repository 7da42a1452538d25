// For the generators run with plain node: refreshes the rule registry (rules are added by creating a file),
// then loads scripts/docs/docs-input.ts through tsx.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

export async function loadDocsInput() {
  execFileSync(process.execPath, [fileURLToPath(new URL('../gen-rule-registry.mjs', import.meta.url))], { stdio: 'ignore' });
  const { docsInput } = await tsImport('./docs-input.ts', import.meta.url);
  return docsInput();
}
