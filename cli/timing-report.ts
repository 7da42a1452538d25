/**
 * `--timing`: where a command's time went, on stderr (the report on stdout stays as it is). Times are from the
 * process's start (Node.js's clock origin), so start-up — Node.js and loading pg-architect — is counted too.
 */
import { setParseClock } from '../core/parse/parser';
import { Timings } from '../core/timing';
import { codeCacheStatus } from './code-cache-status';

const PARSER = 'PostgreSQL\'s parser';

/** A record for this run, with the parser's time counted into it. */
export function startTimings(): { readonly timings: Timings; readonly startupMs: number } {
  const timings = new Timings();
  setParseClock((ms) => timings.addPart(PARSER, ms));
  return { timings, startupMs: performance.now() };
}

export function formatTimings(command: string, timings: Timings, startupMs: number, totalMs = performance.now(), topRules = 10): string {
  const ms = (n: number): string => `${Math.round(n).toLocaleString('en')} ms`;
  const share = (n: number): string => `${totalMs > 0 ? Math.round((n / totalMs) * 100) : 0} %`;
  const cache = codeCacheStatus();
  const cacheNote = cache === 'used' ? '; from its code cache' : cache === 'rejected' ? '; code cache rejected' : cache === 'absent' ? '; no code cache' : '';
  const startup = `start-up (Node.js, loading pg-architect${cacheNote})`;
  const width = Math.max(46, startup.length + 2, ...timings.rules().map((r) => r.name.length + 2));
  const row = (name: string, n: number): string => `  ${name.padEnd(width)}${ms(n).padStart(10)}${share(n).padStart(7)}\n`;
  const phases = timings.phases();
  const measured = startupMs + phases.reduce((sum, p) => sum + p.ms, 0);
  let out = `pg-architect ${command}: where the time went (--timing), ${ms(totalMs)} in all\n`;
  out += row(startup, startupMs);
  for (const p of phases) out += row(p.name, p.ms);
  if (totalMs - measured >= 1) out += row('the rest (reporting, exit)', totalMs - measured);
  const parts = timings.parts();
  if (parts.length > 0) {
    out += ' of which\n';
    for (const p of parts) out += row(p.name === PARSER ? `${p.name} (${p.count.toLocaleString('en')} statement texts)` : p.name, p.ms);
  }
  const rules = timings.rules();
  if (rules.length > 0) {
    const all = rules.reduce((sum, r) => sum + r.ms, 0);
    out += ` rules (${ms(all)}), slowest first\n`;
    for (const r of rules.slice(0, topRules)) out += row(r.name, r.ms);
  }
  return out;
}

/** Stops counting the parser's time (tests run several commands in one process). */
export function stopTimings(): void {
  setParseClock(undefined);
}
