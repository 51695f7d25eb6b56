import { PyError, PyFloat } from './python-value.util';

/**
 * json.loads() as PanDA runs it on a POST body: numbers written with a fraction or exponent are
 * Python floats (kept as PyFloat so that `1.0` fails an `int` check exactly as in PanDA), NaN and
 * Infinity are accepted, and errors carry Python's wording ("Expecting value: line 1 column 1
 * (char 0)"), since PanDA answers them as the text of a 500.
 */
export function parsePythonJson(text: string): unknown {
  return new PythonJsonParser(text).parseDocument();
}

const WHITESPACE = /[ \t\n\r]/;

class PythonJsonParser {
  private pos = 0;

  constructor(private readonly text: string) {}

  parseDocument(): unknown {
    this.skipWhitespace();
    const value = this.parseValue();
    this.skipWhitespace();
    if (this.pos < this.text.length) throw this.error('Extra data', this.pos);
    return value;
  }

  private error(message: string, at: number): PyError {
    const before = this.text.slice(0, at);
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    return new PyError('ValueError', `${message}: line ${line} column ${column} (char ${at})`);
  }

  private skipWhitespace(): void {
    while (this.pos < this.text.length && WHITESPACE.test(this.text[this.pos])) this.pos++;
  }

  private parseValue(): unknown {
    const ch = this.text[this.pos];
    if (ch === '{') return this.parseObject();
    if (ch === '[') return this.parseArray();
    if (ch === '"') return this.parseString();
    for (const [literal, value] of [
      ['null', null],
      ['true', true],
      ['false', false],
      ['NaN', new PyFloat(NaN)],
      ['Infinity', new PyFloat(Infinity)],
      ['-Infinity', new PyFloat(-Infinity)],
    ] as const) {
      if (this.text.startsWith(literal, this.pos)) {
        this.pos += literal.length;
        return value;
      }
    }
    const match = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/.exec(this.text.slice(this.pos));
    if (!match) throw this.error('Expecting value', this.pos);
    this.pos += match[0].length;
    const number = Number(match[0]);
    return match[1] !== undefined || match[2] !== undefined ? new PyFloat(number) : number;
  }

  private parseObject(): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    this.pos++;
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return result;
    }
    for (;;) {
      if (this.text[this.pos] !== '"') {
        throw this.error('Expecting property name enclosed in double quotes', this.pos);
      }
      const key = this.parseString();
      this.skipWhitespace();
      if (this.text[this.pos] !== ':') throw this.error("Expecting ':' delimiter", this.pos);
      this.pos++;
      this.skipWhitespace();
      result[key] = this.parseValue();
      this.skipWhitespace();
      const ch = this.text[this.pos];
      if (ch === '}') {
        this.pos++;
        return result;
      }
      if (ch !== ',') throw this.error("Expecting ',' delimiter", this.pos);
      this.pos++;
      this.skipWhitespace();
    }
  }

  private parseArray(): unknown[] {
    const result: unknown[] = [];
    this.pos++;
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return result;
    }
    for (;;) {
      result.push(this.parseValue());
      this.skipWhitespace();
      const ch = this.text[this.pos];
      if (ch === ']') {
        this.pos++;
        return result;
      }
      if (ch !== ',') throw this.error("Expecting ',' delimiter", this.pos);
      this.pos++;
      this.skipWhitespace();
    }
  }

  private parseString(): string {
    const start = this.pos;
    this.pos++;
    let out = '';
    for (;;) {
      if (this.pos >= this.text.length) throw this.error('Unterminated string starting at', start);
      const ch = this.text[this.pos];
      if (ch === '"') {
        this.pos++;
        return out;
      }
      if (ch.charCodeAt(0) < 0x20) throw this.error('Invalid control character at', this.pos);
      if (ch !== '\\') {
        out += ch;
        this.pos++;
        continue;
      }
      const esc = this.text[this.pos + 1];
      const simple: Record<string, string> = {
        '"': '"',
        '\\': '\\',
        '/': '/',
        b: '\b',
        f: '\f',
        n: '\n',
        r: '\r',
        t: '\t',
      };
      if (esc !== undefined && esc in simple) {
        out += simple[esc];
        this.pos += 2;
      } else if (esc === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos + 2, this.pos + 6))) {
        out += String.fromCharCode(parseInt(this.text.slice(this.pos + 2, this.pos + 6), 16));
        this.pos += 6;
      } else if (esc === 'u') {
        throw this.error('Invalid \\uXXXX escape', this.pos + 1);
      } else {
        throw this.error('Invalid \\escape', this.pos);
      }
    }
  }
}
