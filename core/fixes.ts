/** Applying text edits (fixes) to a text: edits are document offsets, applied from the end so they stay valid. */
import type { TextEdit } from './rules/types';

/** Applies non-overlapping edits; overlapping ones after the first are skipped (returned as `skipped`). */
export function applyEdits(text: string, edits: readonly TextEdit[]): { text: string; skipped: number } {
  const sorted = [...edits].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  const accepted: TextEdit[] = [];
  let lastEnd = -1;
  for (const edit of sorted) {
    if (edit.range.start < lastEnd) continue;
    accepted.push(edit);
    lastEnd = Math.max(edit.range.end, edit.range.start);
  }
  let out = text;
  for (let i = accepted.length - 1; i >= 0; i--) {
    const e = accepted[i];
    out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  }
  return { text: out, skipped: sorted.length - accepted.length };
}
