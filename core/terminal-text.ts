/**
 * Text from files (SQL, saved plans, names in them) made safe to print on a terminal. ESC starts terminal
 * commands (clear the screen, set the title, forge hyperlinks), other controls move the cursor or ring, and
 * bidirectional overrides reorder what is shown (Trojan Source): all become visible escapes such as `\x1b` and
 * `\u202e`. Tabs are kept; line breaks too unless `singleLine`.
 */
// C0 controls but tab and line breaks, DEL, C1 controls, bidi marks, embeddings, overrides and isolates.
const UNSAFE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_SINGLE_LINE = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string, options: { readonly singleLine?: boolean } = {}): string {
  return text.replace(options.singleLine ? UNSAFE_SINGLE_LINE : UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
