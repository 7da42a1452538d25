// Entry point loaded by VS Code's extension host (extensionTestsPath): runs the e2e suites with mocha inside
// the real editor. Bundled by scripts/e2e.mjs with `vscode` external. PGA_E2E_SUITE=untrusted selects the
// suite for the restricted-mode session. The extension host's stdout is not the harness's, so results are
// also written to PGA_E2E_REPORT.
import { appendFileSync } from 'node:fs';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, color: false, reporter: 'spec' });
  // Define describe/it globally, then load the suites (static requires, so the bundler includes them).
  mocha.suite.emit('pre-require', globalThis, 'e2e', mocha);
  const only = process.env.PGA_E2E_SUITE?.split(',');
  // Named suites (a comma-separated list) when working on them; static requires keep the bundler's view whole.
  const suites: Record<string, () => unknown> = {
    smoke: () => require('./suites/smoke.e2e'),
    linting: () => require('./suites/linting.e2e'),
    explain: () => require('./suites/explain.e2e'),
    connections: () => require('./suites/connections.e2e'),
    advisors: () => require('./suites/advisors.e2e'),
    schema: () => require('./suites/schema.e2e'),
  };
  if (process.env.PGA_E2E_SUITE === 'untrusted') require('./suites/untrusted.e2e');
  else if (only && only.every((name) => suites[name])) for (const name of only) suites[name]();
  else {
    require('./suites/smoke.e2e');
    require('./suites/linting.e2e');
    require('./suites/explain.e2e');
    require('./suites/connections.e2e');
    require('./suites/advisors.e2e');
    require('./suites/schema.e2e');
  }
  const report = process.env.PGA_E2E_REPORT;
  const write = (line: string): void => {
    if (report) appendFileSync(report, line + '\n');
  };
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      write(`${failures === 0 ? 'passed' : `${failures} failed`}`);
      if (failures > 0) reject(new Error(`${failures} e2e test(s) failed`));
      else resolve();
    });
    runner.on('pass', (test) => write(`  ok   ${test.fullTitle()}`));
    runner.on('pending', (test) => write(`  skip ${test.fullTitle()}`));
    runner.on('fail', (test, err: Error) => write(`  FAIL ${test.fullTitle()}\n       ${String(err.stack ?? err.message).split('\n').slice(0, 8).join('\n       ')}`));
  });
}
