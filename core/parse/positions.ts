/**
 * Offsets and positions. Everything in core speaks UTF-16 offsets into the document (what JavaScript strings
 * and LSP use). PostgreSQL speaks UTF-8 byte offsets (AST `location`) and code-point offsets (error cursors);
 * the converters here translate those per statement.
 */

/** A zero-based line and UTF-16 character, as LSP defines a position. */
export interface Position {
  readonly line: number;
  readonly character: number;
}

/** A half-open range of UTF-16 offsets into a document. */
export interface OffsetRange {
  readonly start: number;
  readonly end: number;
}

/** Line starts of a text, for offset <-> position conversion. Recognises \n, \r\n and \r like LSP. */
export class LineIndex {
  private starts: number[] | undefined;

  /** The lines are found when first asked for: every parse of an edited document makes one, few read it. */
  constructor(private readonly text: string) {}

  private get lineStarts(): number[] {
    if (this.starts) return this.starts;
    const text = this.text;
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (c === 10 /* \n */) {
        starts.push(i + 1);
      }
    }
    this.starts = starts;
    return starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.lineStarts[low] };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.lineStarts.length) return this.text.length;
    if (position.line < 0) return 0;
    const start = this.lineStarts[position.line];
    const next = position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1] : this.text.length;
    return Math.max(start, Math.min(start + position.character, next));
  }

  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))];
  }

  /** The text of a line without its terminator. */
  lineText(line: number): string {
    const start = this.lineStart(line);
    let end = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    while (end > start && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return this.text.slice(start, end);
  }
}

const ASCII_ONLY = /^[\x00-\x7f]*$/;

/**
 * Maps UTF-8 byte offsets and Unicode code-point offsets within one string to UTF-16 indexes.
 * ASCII strings (the common case) need no table.
 */
export class EncodedOffsets {
  private byteToIndexTable: Uint32Array | undefined;
  private codePointToIndexTable: Uint32Array | undefined;
  private readonly ascii: boolean;

  constructor(private readonly text: string) {
    this.ascii = ASCII_ONLY.test(text);
  }

  /** UTF-16 index of a UTF-8 byte offset (offsets inside a multi-byte character map to its start). */
  indexOfByte(byteOffset: number): number {
    if (byteOffset <= 0) return 0;
    if (this.ascii) return Math.min(byteOffset, this.text.length);
    const table = (this.byteToIndexTable ??= this.buildByteTable());
    return byteOffset >= table.length ? this.text.length : table[byteOffset];
  }

  /** UTF-16 index of a code-point offset, as PostgreSQL counts characters in error cursors. */
  indexOfCodePoint(codePoint: number): number {
    if (codePoint <= 0) return 0;
    if (this.ascii) return Math.min(codePoint, this.text.length);
    const table = (this.codePointToIndexTable ??= this.buildCodePointTable());
    return codePoint >= table.length ? this.text.length : table[codePoint];
  }

  /** UTF-8 byte offset of a UTF-16 index. */
  byteOfIndex(index: number): number {
    if (this.ascii) return index;
    let bytes = 0;
    for (let i = 0; i < index && i < this.text.length; i++) {
      const c = this.text.charCodeAt(i);
      if (c < 0x80) bytes += 1;
      else if (c < 0x800) bytes += 2;
      else if (isPairStart(this.text, i)) {
        bytes += 4;
        i++;
      } else bytes += 3;
    }
    return bytes;
  }

  private buildByteTable(): Uint32Array {
    const text = this.text;
    const table = new Uint32Array(Buffer.byteLength(text, 'utf8') + 1);
    let byte = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let width: number;
      let units = 1;
      if (c < 0x80) width = 1;
      else if (c < 0x800) width = 2;
      else if (isPairStart(text, i)) {
        width = 4;
        units = 2;
      } else width = 3;
      for (let k = 0; k < width; k++) table[byte + k] = i;
      byte += width;
      i += units - 1;
    }
    table[byte] = text.length;
    return table;
  }

  private buildCodePointTable(): Uint32Array {
    const text = this.text;
    const indexes: number[] = [];
    for (let i = 0; i < text.length; i++) {
      indexes.push(i);
      if (isPairStart(text, i)) i++;
    }
    indexes.push(text.length);
    return Uint32Array.from(indexes);
  }
}

/** True when a UTF-16 surrogate pair (one code point, four UTF-8 bytes) starts at `i`. */
function isPairStart(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff) return false;
  const next = text.charCodeAt(i + 1);
  return next >= 0xdc00 && next <= 0xdfff;
}
