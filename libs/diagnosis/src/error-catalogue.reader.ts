import { isPlainObject } from '@panda-mcp/common';
/** Reads and checks config/panda-errors.yaml's structure, collecting every problem with its place. */
import {
  ERROR_COMPONENTS,
  ErrorComponent,
  COMPONENT_FIELDS,
  ERROR_HINTS,
  ErrorHint,
  ErrorCodeEntry,
  DiagCase,
  ErrorComponentEntry,
  KillCodeEntry,
} from './error-catalogue.types';

type Dict = Record<string, unknown>;

const isDict = (value: unknown): value is Dict => isPlainObject(value);

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function isHint(value: unknown): value is ErrorHint {
  return typeof value === 'string' && (ERROR_HINTS as readonly string[]).includes(value);
}

const HINT_LIST = ERROR_HINTS.join(', ');

/** Collects problems with their places while the file is read. */
export class CatalogueReader {
  readonly problems: string[] = [];

  problem(place: string, what: string): void {
    this.problems.push(`${place}: ${what}`);
  }

  unexpectedKeys(place: string, value: Dict, allowed: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key))
        this.problem(place, `unknown key "${key}" (allowed: ${allowed.join(', ')})`);
    }
  }

  text(place: string, value: Dict, key: string, optional = false, trim = true): string | undefined {
    const v = value[key];
    if (v === undefined && optional) return undefined;
    if (!isText(v)) {
      this.problem(place, `${key} must be a non-empty string, got ${JSON.stringify(v) ?? 'nothing'}`);
      return undefined;
    }
    return trim ? v.trim() : v;
  }

  hint(place: string, value: Dict): ErrorHint | undefined {
    const v = value['hint'];
    if (isHint(v)) return v;
    this.problem(place, `hint must be one of ${HINT_LIST}, got ${JSON.stringify(v) ?? 'nothing'}`);
    return undefined;
  }

  code(place: string, value: Dict): number | undefined {
    const v = value['code'];
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return v;
    this.problem(place, `code must be a non-negative integer, got ${JSON.stringify(v) ?? 'nothing'}`);
    return undefined;
  }

  textList(place: string, value: Dict, key: string): string[] {
    const v = value[key];
    if (v === undefined) return [];
    if (!Array.isArray(v) || !v.every(isText)) {
      this.problem(place, `${key} must be a list of non-empty strings`);
      return [];
    }
    return v.map((s) => s.trim());
  }

  read(root: unknown): {
    hints: Map<ErrorHint, string>;
    components: Map<ErrorComponent, ErrorComponentEntry>;
    killCodes: Map<number, KillCodeEntry>;
  } {
    const hints = new Map<ErrorHint, string>();
    const components = new Map<ErrorComponent, ErrorComponentEntry>();
    const killCodes = new Map<number, KillCodeEntry>();
    if (!isDict(root)) {
      this.problem('(top level)', 'must be a mapping with version, hints, components and kill_codes');
      return { hints, components, killCodes };
    }
    this.unexpectedKeys('(top level)', root, ['version', 'hints', 'components', 'kill_codes']);
    if (root['version'] !== 1) this.problem('version', `must be 1, got ${JSON.stringify(root['version'])}`);

    const rawHints = root['hints'];
    if (!isDict(rawHints)) this.problem('hints', `must map each hint (${HINT_LIST}) to its explanation`);
    else {
      this.unexpectedKeys('hints', rawHints, ERROR_HINTS);
      for (const hint of ERROR_HINTS) {
        const text = this.text('hints', rawHints, hint);
        if (text !== undefined) hints.set(hint, text);
      }
    }

    const rawComponents = root['components'];
    if (!isDict(rawComponents)) this.problem('components', 'must be a mapping of component name to entry');
    else {
      this.unexpectedKeys('components', rawComponents, ERROR_COMPONENTS);
      for (const component of ERROR_COMPONENTS) {
        const place = `components.${component}`;
        const raw = rawComponents[component];
        if (raw === undefined) this.problem(place, 'missing');
        else if (!isDict(raw)) this.problem(place, 'must be a mapping');
        else {
          const entry = this.component(place, component, raw);
          if (entry) components.set(component, entry);
        }
      }
    }

    const rawKill = root['kill_codes'];
    if (!isDict(rawKill) || !Array.isArray(rawKill['codes'])) {
      this.problem('kill_codes', 'must be a mapping with a codes list');
    } else {
      this.unexpectedKeys('kill_codes', rawKill, ['note', 'codes']);
      this.text('kill_codes', rawKill, 'note', true);
      const taskBufferNames = new Set(
        [...(components.get('taskbuffer')?.codes.values() ?? [])].map((e) => e.name),
      );
      rawKill['codes'].forEach((raw: unknown, i: number) => {
        const place = `kill_codes.codes[${i}]`;
        if (!isDict(raw)) return this.problem(place, 'must be a mapping');
        const code = this.code(place, raw);
        const at = code === undefined ? place : `${place} (code ${code})`;
        this.unexpectedKeys(at, raw, ['code', 'sets', 'meaning', 'hint']);
        const sets = this.text(at, raw, 'sets');
        if (sets !== undefined && components.has('taskbuffer') && !taskBufferNames.has(sets)) {
          this.problem(at, `sets names ${sets}, which is not a taskbuffer code name`);
        }
        const meaning = this.text(at, raw, 'meaning');
        const hint = this.hint(at, raw);
        if (code !== undefined && killCodes.has(code)) this.problem(at, `code ${code} is listed twice`);
        else if (code !== undefined && sets !== undefined && meaning !== undefined && hint !== undefined) {
          killCodes.set(code, { code, sets, meaning, hint });
        }
      });
    }
    return { hints, components, killCodes };
  }

  private component(place: string, component: ErrorComponent, raw: Dict): ErrorComponentEntry | undefined {
    this.unexpectedKeys(place, raw, [
      'field',
      'diag_field',
      'related_fields',
      'note',
      'reading_hints',
      'codes',
    ]);
    const field = this.text(place, raw, 'field');
    if (field !== undefined && field !== COMPONENT_FIELDS[component]) {
      this.problem(place, `field must be ${COMPONENT_FIELDS[component]}, got ${field}`);
    }
    const diagField = this.text(place, raw, 'diag_field');
    const relatedFields = this.textList(place, raw, 'related_fields');
    const note = this.text(place, raw, 'note', true);
    const readingHints = this.textList(place, raw, 'reading_hints');
    const codes = new Map<number, ErrorCodeEntry>();
    const names = new Map<string, number>();
    if (!Array.isArray(raw['codes']))
      this.problem(place, 'codes must be a list (empty when there is no catalogue)');
    else {
      raw['codes'].forEach((rawCode: unknown, i: number) => {
        const entry = this.codeEntry(`${place}.codes[${i}]`, rawCode);
        if (!entry) return;
        const at = `${place}.codes[${i}] (code ${entry.code})`;
        if (codes.has(entry.code)) this.problem(at, `code ${entry.code} is listed twice`);
        else if (names.has(entry.name))
          this.problem(at, `name ${entry.name} is also used by code ${names.get(entry.name)}`);
        else {
          codes.set(entry.code, entry);
          names.set(entry.name, entry.code);
        }
      });
    }
    if (field === undefined || diagField === undefined) return undefined;
    return { component, field, diagField, relatedFields, note, readingHints, codes };
  }

  private codeEntry(place: string, raw: unknown): ErrorCodeEntry | undefined {
    if (!isDict(raw)) {
      this.problem(place, 'must be a mapping with code, name, meaning and hint');
      return undefined;
    }
    const code = this.code(place, raw);
    const at = code === undefined ? place : `${place} (code ${code})`;
    this.unexpectedKeys(at, raw, [
      'code',
      'name',
      'meaning',
      'hint',
      'recoverable',
      'recoverable_note',
      'diag_cases',
    ]);
    const name = this.text(at, raw, 'name');
    const meaning = this.text(at, raw, 'meaning');
    const hint = this.hint(at, raw);
    let ok = true;
    const recoverable = raw['recoverable'];
    const recoverableNote = this.text(at, raw, 'recoverable_note', true);
    if (recoverable !== undefined && recoverable !== true) {
      this.problem(
        at,
        'recoverable must be true when present (leave it out for codes that are not recoverable)',
      );
      ok = false;
    }
    if (recoverable === true && recoverableNote === undefined) {
      this.problem(at, 'recoverable_note must say when the recoverable flag applies');
      ok = false;
    }
    if (recoverable !== true && recoverableNote !== undefined) {
      this.problem(at, 'recoverable_note is only for recoverable codes');
      ok = false;
    }
    let diagCases: DiagCase[] | undefined;
    if (raw['diag_cases'] !== undefined) {
      if (!Array.isArray(raw['diag_cases'])) {
        this.problem(at, 'diag_cases must be a list');
        ok = false;
      } else {
        diagCases = [];
        raw['diag_cases'].forEach((rawCase: unknown, j: number) => {
          const casePlace = `${at}.diag_cases[${j}]`;
          if (!isDict(rawCase))
            return this.problem(casePlace, 'must be a mapping with contains, meaning and hint');
          this.unexpectedKeys(casePlace, rawCase, ['contains', 'meaning', 'hint']);
          const contains = this.text(casePlace, rawCase, 'contains', false, false);
          const caseMeaning = this.text(casePlace, rawCase, 'meaning');
          const caseHint = this.hint(casePlace, rawCase);
          if (contains !== undefined && caseMeaning !== undefined && caseHint !== undefined) {
            diagCases?.push({ contains, meaning: caseMeaning, hint: caseHint });
          } else ok = false;
        });
      }
    }
    if (!ok || code === undefined || name === undefined || meaning === undefined || hint === undefined) {
      return undefined;
    }
    return {
      code,
      name,
      meaning,
      hint,
      ...(recoverable === true ? { recoverable: true as const, recoverableNote } : {}),
      ...(diagCases && diagCases.length > 0 ? { diagCases } : {}),
    };
  }
}
