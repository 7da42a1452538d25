/**
 * Reading driver rows defensively: node-postgres and PGlite differ in how they return int8, float8 and json
 * (string, number, bigint, parsed object), and a row from an unexpected server must not throw.
 */
export type Row = Readonly<Record<string, unknown>>;

export function str(row: Row, key: string): string | undefined {
  const v = row[key];
  if (v === null || v === undefined) return undefined;
  return typeof v === 'string' ? v : String(v);
}

export function text(row: Row, key: string): string {
  return str(row, key) ?? '';
}

export function num(row: Row, key: string): number | undefined {
  const v = row[key];
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

export function bool(row: Row, key: string): boolean {
  const v = row[key];
  return v === true || v === 't' || v === 'true' || v === 1;
}

/** A json / json_agg column: parsed already by the driver, or text to parse; undefined when absent or invalid. */
export function json(row: Row, key: string): unknown {
  const v = row[key];
  if (typeof v !== 'string') return v ?? undefined;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return undefined;
  }
}

export function jsonArray(row: Row, key: string): readonly unknown[] {
  const v = json(row, key);
  return Array.isArray(v) ? v : [];
}

export function stringArray(row: Row, key: string): string[] {
  return jsonArray(row, key).flatMap((v) => (typeof v === 'string' ? [v] : []));
}

/** Fields of a JSON object element. */
export function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

export function fieldString(value: unknown, key: string): string | undefined {
  const v = field(value, key);
  return typeof v === 'string' ? v : v === null || v === undefined ? undefined : String(v);
}
