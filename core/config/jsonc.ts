/**
 * JSON with comments and trailing commas (VS Code's "jsonc", the language it gives pg-architect.json), parsed
 * with the position of every object member so configuration problems can say where they are. Errors are values
 * with the offset where reading stopped. Recursive but depth-bounded: a configuration is a few levels deep, and
 * a hostile file must not exhaust the stack of the language server.
 */
import type { OffsetRange } from '../parse/positions';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Where an object member is: its quoted key and its value, as UTF-16 offsets into the text. */
export interface MemberLocation {
  readonly key: OffsetRange;
  readonly value: OffsetRange;
}

export interface JsoncDocument {
  readonly value: JsonValue;
  /** Members by path (keys from the top, joined by NUL); a later duplicate key wins, as in JSON.parse. */
  readonly members: ReadonlyMap<string, MemberLocation>;
  /** Keys that appear twice in one object: the second occurrence (its value replaces the first). */
  readonly duplicates: readonly { readonly path: readonly string[]; readonly key: OffsetRange }[];
}

export type JsoncResult = { readonly ok: true; readonly document: JsoncDocument } | { readonly ok: false; readonly message: string; readonly offset: number };

export const MAX_JSONC_DEPTH = 64;

export function memberPath(path: readonly string[]): string {
  return path.join('\0');
}

class JsoncError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

export function parseJsonc(text: string): JsoncResult {
  const reader = new Reader(text);
  try {
    reader.skipTrivia();
    if (reader.pos >= text.length) throw new JsoncError('the file is empty (expected an object)', reader.pos);
    const value = reader.value([], 0);
    reader.skipTrivia();
    if (reader.pos < text.length) throw new JsoncError(`unexpected ${reader.describe()} after the end of the value`, reader.pos);
    return { ok: true, document: { value, members: reader.members, duplicates: reader.duplicates } };
  } catch (e) {
    if (e instanceof JsoncError) return { ok: false, message: e.message, offset: e.offset };
    throw e;
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORD = /[A-Za-z_$][\w$]*/y;

class Reader {
  pos = 0;
  readonly members = new Map<string, MemberLocation>();
  readonly duplicates: { path: readonly string[]; key: OffsetRange }[] = [];

  constructor(private readonly text: string) {
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1; // a byte order mark, as editors on Windows write
  }

  value(path: readonly string[], depth: number): JsonValue {
    const c = this.text[this.pos];
    if (c === '{') return this.object(path, depth + 1);
    if (c === '[') return this.array(path, depth + 1);
    if (c === '"') return this.string();
    NUMBER.lastIndex = this.pos;
    const number = NUMBER.exec(this.text);
    if (number) {
      this.pos += number[0].length;
      return Number(number[0]);
    }
    WORD.lastIndex = this.pos;
    const word = WORD.exec(this.text)?.[0];
    if (word === 'true' || word === 'false' || word === 'null') {
      this.pos += word.length;
      return word === 'null' ? null : word === 'true';
    }
    throw new JsoncError(`expected a value, found ${this.describe()}${word || c === "'" ? ' (strings need double quotes)' : ''}`, this.pos);
  }

  private object(path: readonly string[], depth: number): { [key: string]: JsonValue } {
    this.checkDepth(depth);
    const out: { [key: string]: JsonValue } = {};
    this.pos++;
    for (;;) {
      this.skipTrivia();
      if (this.text[this.pos] === '}') {
        this.pos++;
        return out;
      }
      if (this.text[this.pos] !== '"') throw new JsoncError(`expected a property name in double quotes or "}", found ${this.describe()}`, this.pos);
      const keyStart = this.pos;
      const key = this.string();
      const keyRange = { start: keyStart, end: this.pos };
      this.skipTrivia();
      if (this.text[this.pos] !== ':') throw new JsoncError(`expected ":" after "${key}", found ${this.describe()}`, this.pos);
      this.pos++;
      this.skipTrivia();
      const valueStart = this.pos;
      const memberAt = [...path, key];
      const value = this.value(memberAt, depth);
      if (Object.prototype.hasOwnProperty.call(out, key)) this.duplicates.push({ path: memberAt, key: keyRange });
      // defineProperty: a "__proto__" key is data, not the prototype
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      this.members.set(memberPath(memberAt), { key: keyRange, value: { start: valueStart, end: this.pos } });
      this.skipTrivia();
      const next = this.text[this.pos];
      if (next === ',') this.pos++;
      else if (next !== '}') throw new JsoncError(`expected "," or "}" after the value of "${key}", found ${this.describe()}`, this.pos);
    }
  }

  private array(path: readonly string[], depth: number): JsonValue[] {
    this.checkDepth(depth);
    const out: JsonValue[] = [];
    this.pos++;
    for (;;) {
      this.skipTrivia();
      if (this.text[this.pos] === ']') {
        this.pos++;
        return out;
      }
      out.push(this.value([...path, String(out.length)], depth));
      this.skipTrivia();
      const next = this.text[this.pos];
      if (next === ',') this.pos++;
      else if (next !== ']') throw new JsoncError(`expected "," or "]" in the array, found ${this.describe()}`, this.pos);
    }
  }

  private string(): string {
    const start = this.pos++;
    for (;;) {
      if (this.pos >= this.text.length) throw new JsoncError('unterminated string', start);
      const c = this.text.charCodeAt(this.pos);
      if (c === 34 /* " */) break;
      if (c === 92 /* \ */) this.pos += 2;
      else if (c < 0x20) throw new JsoncError('line break or control character inside a string', this.pos);
      else this.pos++;
    }
    this.pos++;
    try {
      return JSON.parse(this.text.slice(start, this.pos)) as string;
    } catch {
      throw new JsoncError('invalid escape in string', start);
    }
  }

  private checkDepth(depth: number): void {
    if (depth > MAX_JSONC_DEPTH) throw new JsoncError(`nested deeper than ${MAX_JSONC_DEPTH} levels`, this.pos);
  }

  skipTrivia(): void {
    const text = this.text;
    for (;;) {
      const c = text[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.pos++;
      else if (c === '/' && text[this.pos + 1] === '/') {
        while (this.pos < text.length && text[this.pos] !== '\n' && text[this.pos] !== '\r') this.pos++;
      } else if (c === '/' && text[this.pos + 1] === '*') {
        const end = text.indexOf('*/', this.pos + 2);
        if (end < 0) throw new JsoncError('unterminated /* comment', this.pos);
        this.pos = end + 2;
      } else return;
    }
  }

  /** What is at the current position, for messages. */
  describe(): string {
    if (this.pos >= this.text.length) return 'the end of the file';
    const c = this.text[this.pos];
    WORD.lastIndex = this.pos;
    const word = WORD.exec(this.text)?.[0];
    return word ? `"${word.length > 20 ? word.slice(0, 20) + '...' : word}"` : JSON.stringify(c);
  }
}
