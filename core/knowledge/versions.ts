/**
 * PostgreSQL versions as the knowledge tables compare them. Settings hold a major version (9..18); the 9.x
 * series changed lock levels between minor series (9.4, 9.5, 9.6), so the tables use decimal versions and a
 * bare `9` means the last of the series, 9.6.
 */

/** 9 -> 9.6; 9.4 stays 9.4; 10 and later unchanged. */
export function normalizeVersion(version: number): number {
  return version === 9 ? 9.6 : version;
}

/** True when `version` (a setting) is at least `since` (a decimal version such as 9.5 or 12). */
export function versionAtLeast(version: number, since: number): boolean {
  return normalizeVersion(version) >= since - 1e-9;
}

/** The version as the documentation's URLs spell it: 9.6, 10, 16. */
export function docsVersion(version: number): string {
  const v = normalizeVersion(version);
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}
