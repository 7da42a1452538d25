/**
 * Reading SQL files as the CLI lints them: binary files are refused (reported, not linted), invalid UTF-8 is
 * decoded with replacement characters and reported, so nothing is silently lost or garbled.
 */
import { readFileSync } from 'node:fs';

export type ReadResult =
  | { readonly kind: 'text'; readonly text: string; readonly invalidUtf8: boolean }
  | { readonly kind: 'binary' }
  | { readonly kind: 'error'; readonly message: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

export function readSqlFile(path: string): ReadResult {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { kind: 'error', message: code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (e as Error).message };
  }
  return decodeSql(bytes);
}

export function decodeSql(bytes: Uint8Array): ReadResult {
  if (looksBinary(bytes)) return { kind: 'binary' };
  let text: string;
  let invalidUtf8 = false;
  try {
    text = decoder.decode(bytes);
  } catch {
    text = Buffer.from(bytes).toString('utf8');
    invalidUtf8 = true;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { kind: 'text', text, invalidUtf8 };
}

/** NUL bytes, or mostly control characters in the first 8 KB: not a SQL file. */
function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const b of sample) {
    if (b === 0) return true;
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12) control++;
  }
  return sample.length > 0 && control / sample.length > 0.1;
}
