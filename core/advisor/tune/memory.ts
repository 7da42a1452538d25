/** Memory sizes: parsing --ram (16GB, 512MB, 1.5TB) and printing kB the way postgresql.conf and PGTune do. */

const KB_PER: Readonly<Record<string, number>> = { kb: 1, k: 1, mb: 1024, m: 1024, gb: 1024 ** 2, g: 1024 ** 2, tb: 1024 ** 3, t: 1024 ** 3 };

/** "16GB" -> 16777216 (kB). A bare number is GB, PGTune's default unit. Errors as values. */
export function parseMemory(text: string): { readonly kb: number } | { readonly error: string } {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]b?)?\s*$/i.exec(text);
  if (!m) return { error: `"${text}" is not a memory size (examples: 16GB, 512MB, 1.5TB)` };
  const kb = Math.floor(Number(m[1]) * KB_PER[(m[2] ?? 'gb').toLowerCase()]);
  if (kb <= 0) return { error: `"${text}" is not a positive memory size` };
  return { kb };
}

/**
 * kB as postgresql.conf reads it, in the largest unit that loses nothing (PGTune's rule): 4194304 -> 4GB,
 * 16384 -> 16MB, 20164 -> 20164kB. Exactness matters: a rounded value would not be what the formula computed.
 */
export function formatKb(kb: number): string {
  if (kb % 1024 ** 2 === 0) return `${kb / 1024 ** 2}GB`;
  if (kb % 1024 === 0) return `${kb / 1024}MB`;
  return `${kb}kB`;
}

/** kB for people: 15.6GB, 512MB (one decimal, not exact). */
export function humanKb(kb: number): string {
  if (kb >= 1024 ** 2) return `${+(kb / 1024 ** 2).toFixed(1)}GB`;
  if (kb >= 1024) return `${+(kb / 1024).toFixed(1)}MB`;
  return `${kb}kB`;
}
