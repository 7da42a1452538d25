/**
 * Reading a SQL file of a project: only regular files are read (opened without blocking, then checked, so a
 * FIFO or device swapped in after discovery cannot hang the reader), files above a size limit are not read,
 * binary files are refused, invalid UTF-8 is decoded with replacement characters and said so.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** Above this many bytes a file is not analysed (the language server's limit for open documents too). */
export const MAX_SOURCE_BYTES = 5 * 1024 * 1024;

export type SourceRead =
  | { readonly kind: 'text'; readonly text: string; readonly invalidUtf8: boolean }
  | { readonly kind: 'binary' }
  | { readonly kind: 'too-large'; readonly bytes: number }
  | { readonly kind: 'error'; readonly message: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

export function readSourceFile(path: string, maxBytes = MAX_SOURCE_BYTES): SourceRead {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return { kind: 'error', message: errorMessage(e) };
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) return { kind: 'error', message: 'is a directory' };
    if (!stats.isFile()) return { kind: 'error', message: 'not a regular file (a pipe, socket or device)' };
    if (stats.size > maxBytes) return { kind: 'too-large', bytes: stats.size };
    const bytes = Buffer.alloc(stats.size);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return decodeSource(bytes.subarray(0, read));
  } catch (e) {
    return { kind: 'error', message: errorMessage(e) };
  } finally {
    closeSync(fd);
  }
}

export function decodeSource(bytes: Uint8Array): SourceRead {
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

function errorMessage(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : e instanceof Error ? e.message : String(e);
}
