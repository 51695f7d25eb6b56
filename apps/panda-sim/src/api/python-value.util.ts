/**
 * Python value semantics the sim needs to answer like PanDA: which Python type a decoded value has
 * (a JSON `1.0` is a float, `1` an int), Python equality (True == 1), repr() for messages and
 * text/plain answers, and json.dumps() with its separators, ASCII escaping and datetime marker.
 */

/** A Python float. JSON `1.0` and `1` are both the JS number 1, but PanDA's type checks tell them apart. */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** A werkzeug FileStorage: one file part of a multipart/form-data request. */
export class PyFileStorage {
  constructor(
    readonly filename: string,
    readonly contentType: string,
    readonly content: Buffer,
  ) {}
}

/**
 * A list whose items are produced while the answer is written: a 5,500-job answer then never holds
 * all its records at once. Only answers carry these.
 */
export class PyLazyList implements Iterable<unknown> {
  constructor(private readonly produce: () => Iterable<unknown>) {}

  [Symbol.iterator](): Iterator<unknown> {
    return this.produce()[Symbol.iterator]();
  }
}

export type PyTypeName =
  'int' | 'float' | 'str' | 'bool' | 'NoneType' | 'list' | 'dict' | 'datetime' | 'FileStorage';

export function pyTypeName(value: unknown): PyTypeName {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return 'int';
  if (typeof value === 'string') return 'str';
  if (value instanceof PyFloat) return 'float';
  if (value instanceof PyFileStorage) return 'FileStorage';
  if (value instanceof Date) return 'datetime';
  if (Array.isArray(value) || value instanceof PyLazyList) return 'list';
  return 'dict';
}

/** Python truthiness, for checks such as `if task_id:`. */
export function pyTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (value instanceof PyFloat) return value.value !== 0;
  if (Array.isArray(value)) return value.length > 0;
  if (pyTypeName(value) === 'dict') return Object.keys(value as object).length > 0;
  return true;
}

function numericValue(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof PyFloat) return value.value;
  return undefined;
}

/** Python `a == b` for JSON-like values (bool and int compare as numbers, as in Python). */
export function pyEquals(a: unknown, b: unknown): boolean {
  const na = numericValue(a);
  const nb = numericValue(b);
  if (na !== undefined || nb !== undefined) return na !== undefined && nb !== undefined && na === nb;
  const ta = pyTypeName(a);
  if (ta !== pyTypeName(b)) return false;
  if (ta === 'NoneType') return true;
  if (ta === 'str') return a === b;
  if (ta === 'list') {
    const la = a as unknown[];
    const lb = b as unknown[];
    return la.length === lb.length && la.every((item, i) => pyEquals(item, lb[i]));
  }
  if (ta === 'dict') {
    const oa = a as Record<string, unknown>;
    const ob = b as Record<string, unknown>;
    const keys = Object.keys(oa);
    return keys.length === Object.keys(ob).length && keys.every((k) => k in ob && pyEquals(oa[k], ob[k]));
  }
  return a === b;
}

/** Python's repr() of a float: shortest round-trip digits, scientific below 1e-4 and from 1e16. */
export function pyFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa, expText] = value.toExponential().split('e');
  const exponent = Number(expText);
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const fixed = Math.abs(value) >= 1e21 ? BigInt(value).toString() : String(value);
  return /[.e]/.test(fixed) ? fixed : `${fixed}.0`;
}

function pyIntRepr(value: number): string {
  return Number.isInteger(value) && Math.abs(value) >= 1e21 ? BigInt(value).toString() : String(value);
}

/** Python's repr() of a str: single quotes unless the text has a ' and no ". */
export function pyStrRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}

function datetimeParts(date: Date): number[] {
  return [
    date.getUTCFullYear(),
    date.getUTCMonth() + 1,
    date.getUTCDate(),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
  ];
}

/** Python's repr() of JSON-like values, datetimes (naive UTC, as PanDA keeps them) and uploads. */
export function pyRepr(value: unknown): string {
  const parts: string[] = [];
  writeRepr(value, (text) => parts.push(text));
  return parts.join('');
}

type Write = (text: string) => void;

/** Writes items with a separator, pulling them one by one (a PyLazyList builds them on the way). */
function writeItems<T>(items: Iterable<T>, separator: string, write: Write, each: (item: T) => void): void {
  let first = true;
  for (const item of items) {
    if (!first) write(separator);
    first = false;
    each(item);
  }
}

function writeRepr(value: unknown, write: Write): void {
  switch (pyTypeName(value)) {
    case 'NoneType':
      return write('None');
    case 'bool':
      return write(value ? 'True' : 'False');
    case 'int':
      return write(pyIntRepr(value as number));
    case 'float':
      return write(pyFloatRepr((value as PyFloat).value));
    case 'str':
      return write(pyStrRepr(value as string));
    case 'list':
      write('[');
      writeItems(value as Iterable<unknown>, ', ', write, (item) => writeRepr(item, write));
      return write(']');
    case 'FileStorage': {
      const file = value as PyFileStorage;
      return write(`<FileStorage: ${pyStrRepr(file.filename)} (${pyStrRepr(file.contentType)})>`);
    }
    case 'datetime': {
      const parts = datetimeParts(value as Date);
      if (parts[5] === 0) parts.pop();
      return write(`datetime.datetime(${parts.join(', ')})`);
    }
    default:
      write('{');
      writeItems(Object.entries(value as Record<string, unknown>), ', ', write, ([k, v]) => {
        write(`${pyStrRepr(k)}: `);
        writeRepr(v, write);
      });
      return write('}');
  }
}

/** datetime.isoformat() of a naive UTC datetime: no zone, no fraction when it is zero. */
export function naiveIsoFormat(date: Date): string {
  const iso = date.toISOString(); // 2024-05-01T12:00:00.000Z
  const ms = date.getUTCMilliseconds();
  return ms === 0 ? iso.slice(0, 19) : `${iso.slice(0, 19)}.${String(ms * 1000).padStart(6, '0')}`;
}

/** Text json.dumps writes as it is: printable ASCII without quote or backslash. */
const PLAIN_JSON_TEXT = /^[^"\\\x00-\x1f\x7f-\uffff]*$/;

function jsonString(text: string): string {
  if (PLAIN_JSON_TEXT.test(text)) return `"${text}"`;
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const code = text.charCodeAt(i);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out + '"';
}

/**
 * Python's json.dumps(obj, default=encode_special_cases) as PanDA's API answers: ", " and ": "
 * separators, non-ASCII escaped, NaN/Infinity literals, datetimes as {"__datetime__": "<ISO>"}.
 */
export function pyJsonDumps(value: unknown): string {
  const parts: string[] = [];
  writeJson(value, (text) => parts.push(text));
  return parts.join('');
}

/**
 * An answer's text piece by piece, for writing it as the client reads: lists and dicts near the top
 * (where a PyLazyList holds the records) are walked lazily, anything deeper is written whole. A
 * 30 MB answer then never exists at once, nor do its records.
 */
export function* pyAnswerPieces(value: unknown, json: boolean, depth = 0): Generator<string> {
  const type = pyTypeName(value);
  if (depth >= LAZY_DEPTH || (type !== 'list' && type !== 'dict')) {
    yield json ? pyJsonDumps(value) : pyRepr(value);
    return;
  }
  const key = (k: string) => (json ? jsonString(k) : pyStrRepr(k));
  const items: Iterable<unknown> =
    type === 'list'
      ? (value as Iterable<unknown>)
      : Object.entries(value as Record<string, unknown>).filter(([, v]) => !json || v !== undefined);
  yield type === 'list' ? '[' : '{';
  let first = true;
  for (const item of items) {
    if (!first) yield ', ';
    first = false;
    if (type === 'list') {
      yield* pyAnswerPieces(item, json, depth + 1);
    } else {
      const [k, v] = item as [string, unknown];
      yield `${key(k)}: `;
      yield* pyAnswerPieces(v, json, depth + 1);
    }
  }
  yield type === 'list' ? ']' : '}';
}

/** Depth of {data: [{files: [...]}]}: the answers' lazy lists sit no deeper. */
const LAZY_DEPTH = 4;

function writeJson(value: unknown, write: Write): void {
  switch (pyTypeName(value)) {
    case 'NoneType':
      return write('null');
    case 'bool':
      return write(value ? 'true' : 'false');
    case 'int':
      return write(pyIntRepr(value as number));
    case 'float': {
      const v = (value as PyFloat).value;
      if (Number.isNaN(v)) return write('NaN');
      if (!Number.isFinite(v)) return write(v > 0 ? 'Infinity' : '-Infinity');
      return write(pyFloatRepr(v));
    }
    case 'str':
      return write(jsonString(value as string));
    case 'list':
      write('[');
      writeItems(value as Iterable<unknown>, ', ', write, (item) => writeJson(item, write));
      return write(']');
    case 'datetime':
      return write(`{"__datetime__": ${jsonString(naiveIsoFormat(value as Date))}}`);
    case 'FileStorage':
      throw new TypeError(
        `Type not serializable for ${pyRepr(value)} (<class 'werkzeug.datastructures.file_storage.FileStorage'>)`,
      );
    default: {
      const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
      write('{');
      writeItems(entries, ', ', write, ([k, v]) => {
        write(`${jsonString(k)}: `);
        writeJson(v, write);
      });
      return write('}');
    }
  }
}

/** Replaces PyFloat wrappers by plain numbers, for handlers that just want the values. */
export function toPlain(value: unknown): unknown {
  if (value instanceof PyFloat) return value.value;
  if (value instanceof PyFileStorage || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map(toPlain);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toPlain(v)]),
    );
  }
  return value;
}

/** Python float(str): accepts spaces, underscores between digits, inf and nan. */
export function pyFloatFromString(text: string): number {
  const s = text.trim();
  if (/^[+-]?(inf|infinity)$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(s)) return NaN;
  const digits = String.raw`\d(?:_?\d)*`;
  const pattern = new RegExp(
    `^[+-]?(?:${digits}(?:\\.(?:${digits})?)?|\\.${digits})(?:[eE][+-]?${digits})?$`,
  );
  if (!pattern.test(s))
    throw new PyError('ValueError', `could not convert string to float: ${pyStrRepr(text)}`);
  return Number(s.replace(/_/g, ''));
}

/** Python int(x) of a float: truncation, with Python's errors for NaN and infinities. */
export function pyIntFromFloat(value: number): number {
  if (Number.isNaN(value)) throw new PyError('ValueError', 'cannot convert float NaN to integer');
  if (!Number.isFinite(value)) throw new PyError('OverflowError', 'cannot convert float infinity to integer');
  return Math.trunc(value);
}

/** Python int(x) as the API handlers call it on an unannotated task_id. */
export function pyInt(value: unknown): number {
  switch (pyTypeName(value)) {
    case 'int':
      return value as number;
    case 'bool':
      return value ? 1 : 0;
    case 'float':
      return pyIntFromFloat((value as PyFloat).value);
    case 'str': {
      const s = (value as string).trim();
      if (!/^[+-]?\d(?:_?\d)*$/.test(s)) {
        throw new PyError(
          'ValueError',
          `invalid literal for int() with base 10: ${pyStrRepr(value as string)}`,
        );
      }
      return Number(s.replace(/_/g, ''));
    }
    default:
      throw new PyError(
        'TypeError',
        `int() argument must be a string, a bytes-like object or a real number, not '${pyTypeName(value)}'`,
      );
  }
}

/** A Python exception: PanDA catches some kinds and lets others become a 500. */
export class PyError extends Error {
  constructor(
    readonly kind:
      'ValueError' | 'TypeError' | 'OverflowError' | 'AttributeError' | 'SyntaxError' | 'KeyError',
    message: string,
  ) {
    super(message);
  }
}
