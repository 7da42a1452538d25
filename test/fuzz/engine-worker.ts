// Runs the linter on inputs posted by the fuzz test, in a worker so a hang can be detected and stopped.
import { parentPort } from 'node:worker_threads';
import { initParser } from '../../core/parse/parser';
import { lintText } from '../../core/lint';

void initParser().then(() => {
  parentPort?.postMessage({ ready: true });
  parentPort?.on('message', (input: { id: number; text: string }) => {
    try {
      const result = lintText(input.text, { fileName: 'fuzz.sql' });
      parentPort?.postMessage({ id: input.id, findings: result.findings.length, failures: result.ruleFailures.map((f) => `${f.ruleId}: ${f.message}`) });
    } catch (e) {
      parentPort?.postMessage({ id: input.id, crash: e instanceof Error ? `${e.message}\n${e.stack}` : String(e) });
    }
  });
});
