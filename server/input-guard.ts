/**
 * Inputs the server declines to analyse: binary files (an editor may open anything as SQL) and files so large
 * that linting on every keystroke would stall the editor. Checked on every lint, so it must stay cheap.
 */

/** Above this size (UTF-8 bytes) a document is not analysed. */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;
/** Share of control characters in the sampled prefix above which a document counts as binary. */
const BINARY_CONTROL_SHARE = 0.3;
const SAMPLE_LENGTH = 64 * 1024;

export type InputProblem =
  | { readonly kind: 'binary'; readonly message: string }
  | { readonly kind: 'too-large'; readonly message: string };

export function inputProblem(text: string): InputProblem | undefined {
  // Cheap bound first: UTF-8 needs at least one byte per UTF-16 unit and at most three.
  if (text.length > MAX_DOCUMENT_BYTES || (text.length * 3 > MAX_DOCUMENT_BYTES && Buffer.byteLength(text, 'utf8') > MAX_DOCUMENT_BYTES)) {
    const mb = (Buffer.byteLength(text, 'utf8') / (1024 * 1024)).toFixed(1);
    return { kind: 'too-large', message: `File of ${mb} MB is larger than ${MAX_DOCUMENT_BYTES / (1024 * 1024)} MB: not analysed.` };
  }
  if (looksBinary(text)) return { kind: 'binary', message: 'binary file: not analysed' };
  return undefined;
}

/** NUL anywhere, or mostly control / replacement characters (what undecodable bytes become) at the start. */
function looksBinary(text: string): boolean {
  if (text.includes('\0')) return true;
  const n = Math.min(text.length, SAMPLE_LENGTH);
  if (n === 0) return false;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0x7f || c === 0xfffd) control++;
  }
  return control / n > BINARY_CONTROL_SHARE;
}
