/**
 * The name of a new migration file, following the folder's convention when it is a simple one: numbered files
 * (001_init.sql -> 002_<slug>.sql, same width and separator), Flyway (V3__init.sql -> V4__<slug>.sql),
 * golang-migrate (000003_x.up.sql -> 000004_<slug>.up.sql, with a .down.sql), timestamp prefixes (a new
 * timestamp of the same length); otherwise a 14-digit UTC timestamp. Pure: names in, names out.
 */

export interface MigrationName {
  /** The file to write the migration into. */
  readonly up: string;
  /** golang-migrate's reverse migration, when the folder uses them. */
  readonly down?: string;
}

interface Parsed {
  readonly prefix: string;
  readonly digits: string;
  readonly separator: string;
  readonly suffix: string;
}

const NUMBERED = /^(V?)(\d+)(__|_|-)(.+?)(\.up\.sql|\.sql)$/;

function parse(name: string): Parsed | undefined {
  const m = NUMBERED.exec(name);
  if (!m || m[4].endsWith('.down')) return undefined;
  return { prefix: m[1], digits: m[2], separator: m[3], suffix: m[5] };
}

/** `add_index_orders_customer_id` from any text: lower case, words joined with `_`, at most 60 characters. */
export function migrationSlug(text: string): string {
  const slug = text.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 60).replace(/_+$/, '');
  return slug || 'migration';
}

/** YYYYMMDDHHMMSS in UTC, cut to `length` digits (12: to the minute, 8: the day). */
export function timestamp(now: Date, length = 14): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  const full = `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`;
  return full.slice(0, Math.min(14, Math.max(8, length)));
}

const looksLikeTimestamp = (digits: string): boolean => digits.length >= 8 && /^(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])/.test(digits);

export function nextMigrationName(existing: readonly string[], slugText: string, now: Date): MigrationName {
  const slug = migrationSlug(slugText);
  const parsed = existing.map(parse).filter((p): p is Parsed => p !== undefined);
  if (parsed.length === 0) return { up: `${timestamp(now)}_${slug}.sql` };
  // The latest file sets the convention.
  const last = parsed.reduce((a, b) => (BigInt(b.digits) > BigInt(a.digits) ? b : a));
  let digits: string;
  if (looksLikeTimestamp(last.digits) && last.digits.length >= 12) {
    digits = timestamp(now, last.digits.length);
    if (BigInt(digits) <= BigInt(last.digits)) digits = String(BigInt(last.digits) + 1n);
  } else {
    digits = String(BigInt(last.digits) + 1n).padStart(last.digits.length, '0');
  }
  const base = `${last.prefix}${digits}${last.separator}${slug}`;
  if (last.suffix === '.up.sql') return { up: `${base}.up.sql`, down: `${base}.down.sql` };
  return { up: `${base}.sql` };
}
