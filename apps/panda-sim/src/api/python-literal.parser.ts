import { PyError, PyFloat, pyFloatFromString } from './python-value.util';

/**
 * A subset of ast.literal_eval, which PanDA applies to GET values annotated as containers
 * (`dict`, `list`, ...): Python literals of strings, numbers, True/False/None, lists, tuples
 * (as lists) and dicts. A bare name is a ValueError ("malformed node or string"), which PanDA
 * reports as a type error; broken syntax is a SyntaxError, which PanDA does not catch.
 */
export function pyLiteralEval(text: string): unknown {
  const parser = new LiteralParser(text.trim());
  const value = parser.parseValue();
  parser.expectEnd();
  return value;
}

class LiteralParser {
  private pos = 0;

  constructor(private readonly text: string) {}

  expectEnd(): void {
    this.skipSpace();
    if (this.pos < this.text.length) throw new PyError('SyntaxError', 'invalid syntax (<unknown>, line 1)');
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }

  parseValue(): unknown {
    this.skipSpace();
    const ch = this.text[this.pos];
    if (ch === undefined) throw new PyError('SyntaxError', 'invalid syntax (<unknown>, line 1)');
    if (ch === '[' || ch === '(') return this.parseSequence(ch === '[' ? ']' : ')');
    if (ch === '{') return this.parseDict();
    if (ch === '"' || ch === "'") return this.parseString(ch);
    const number = /^[+-]?(\d[\d_]*\.?[\d_]*(?:[eE][+-]?\d+)?|\.\d[\d_]*(?:[eE][+-]?\d+)?)/.exec(
      this.text.slice(this.pos),
    );
    if (number) {
      this.pos += number[0].length;
      if (/[.eE]/.test(number[0])) return new PyFloat(pyFloatFromString(number[0]));
      return Number(number[0].replace(/_/g, ''));
    }
    const name = /^[A-Za-z_]\w*/.exec(this.text.slice(this.pos));
    if (name) {
      this.pos += name[0].length;
      if (name[0] === 'True') return true;
      if (name[0] === 'False') return false;
      if (name[0] === 'None') return null;
      throw new PyError('ValueError', `malformed node or string on line 1: <ast.Name object>`);
    }
    throw new PyError('SyntaxError', 'invalid syntax (<unknown>, line 1)');
  }

  private parseSequence(close: string): unknown[] {
    this.pos++;
    const items: unknown[] = [];
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === close) {
        this.pos++;
        return items;
      }
      items.push(this.parseValue());
      this.skipSpace();
      if (this.text[this.pos] === ',') this.pos++;
      else if (this.text[this.pos] !== close)
        throw new PyError('SyntaxError', 'invalid syntax (<unknown>, line 1)');
    }
  }

  private parseDict(): Record<string, unknown> {
    this.pos++;
    const result: Record<string, unknown> = {};
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === '}') {
        this.pos++;
        return result;
      }
      const key = this.parseValue();
      this.skipSpace();
      if (this.text[this.pos] !== ':') throw new PyError('SyntaxError', 'invalid syntax (<unknown>, line 1)');
      this.pos++;
      result[String(key)] = this.parseValue();
      this.skipSpace();
      if (this.text[this.pos] === ',') this.pos++;
      else if (this.text[this.pos] !== '}')
        throw new PyError('SyntaxError', 'invalid syntax (<unknown>, line 1)');
    }
  }

  private parseString(quote: string): string {
    this.pos++;
    let out = '';
    while (this.pos < this.text.length && this.text[this.pos] !== quote) {
      if (this.text[this.pos] === '\\' && this.pos + 1 < this.text.length) {
        const esc = this.text[this.pos + 1];
        out +=
          ({ n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' } as Record<string, string>)[esc] ??
          `\\${esc}`;
        this.pos += 2;
      } else {
        out += this.text[this.pos++];
      }
    }
    if (this.pos >= this.text.length) {
      throw new PyError(
        'SyntaxError',
        'unterminated string literal (detected at line 1) (<unknown>, line 1)',
      );
    }
    this.pos++;
    return out;
  }
}
