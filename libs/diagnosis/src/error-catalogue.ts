/**
 * The catalogue of PanDA job error codes shipped with panda-mcp (config/panda-errors.yaml): for each job
 * error field (pilotErrorCode, ddmErrorCode, ...) the codes PanDA defines, their symbolic names, and our
 * explanation of what the failure means for the user and what usually helps. Built once at start-up; every
 * problem in the file is reported together, with its place.
 */
import { resolveBundledPath } from '@panda-mcp/config';
import * as fs from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';

import { CatalogueReader } from './error-catalogue.reader';
import { errorCodeOf } from './error-code.value';
import type { ErrorField } from './failure-groups';
import {
  ERROR_COMPONENTS,
  RELATED_FIELDS,
  BUNDLED_ERROR_CATALOGUE,
  ErrorComponent,
  JOB_ERROR_FIELDS,
  ErrorHint,
  ErrorComponentEntry,
  KillCodeEntry,
  UnknownErrorCode,
  ErrorCodeLookup,
  ErrorCatalogueError,
} from './error-catalogue.types';

export * from './error-catalogue.types';

/** The error catalogue, built from config/panda-errors.yaml (or another file) and validated once. */
export class ErrorCatalogue {
  private static bundled?: ErrorCatalogue;
  private readonly fieldIndex: Map<string, ErrorComponent>;

  private constructor(
    /** The file the catalogue was read from. */
    readonly file: string,
    private readonly hintTexts: ReadonlyMap<ErrorHint, string>,
    private readonly components: ReadonlyMap<ErrorComponent, ErrorComponentEntry>,
    private readonly kills: ReadonlyMap<number, KillCodeEntry>,
  ) {
    this.fieldIndex = new Map();
    for (const entry of components.values()) {
      this.fieldIndex.set(entry.field.toLowerCase(), entry.component);
      for (const related of entry.relatedFields) this.fieldIndex.set(related.toLowerCase(), entry.component);
    }
    for (const [field, component] of Object.entries(RELATED_FIELDS)) {
      this.fieldIndex.set(field.toLowerCase(), component);
    }
  }

  /** The catalogue shipped with panda-mcp, read once per process. */
  static bundledCatalogue(): ErrorCatalogue {
    ErrorCatalogue.bundled ??= ErrorCatalogue.load(resolveBundledPath(BUNDLED_ERROR_CATALOGUE));
    return ErrorCatalogue.bundled;
  }

  /** Reads and validates a catalogue file; throws ErrorCatalogueError listing every problem. */
  static load(file: string): ErrorCatalogue {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      throw new ErrorCatalogueError([`cannot read the file: ${(error as Error).message}`], file);
    }
    return ErrorCatalogue.parse(text, file);
  }

  /** Builds a catalogue from YAML text; `file` names it in error messages. */
  static parse(text: string, file = '(text)'): ErrorCatalogue {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, lineCounter });
    if (doc.errors.length > 0) {
      throw new ErrorCatalogueError(
        doc.errors.map((e) => {
          const { line, col } = lineCounter.linePos(e.pos[0]);
          return `line ${line}, column ${col}: ${e.message.split('\n')[0]}`;
        }),
        file,
      );
    }
    const root: unknown = doc.toJS();
    const reader = new CatalogueReader();
    const { hints, components, killCodes } = reader.read(root);
    if (reader.problems.length > 0) throw new ErrorCatalogueError(reader.problems, file);
    return new ErrorCatalogue(file, hints, components, killCodes);
  }

  /** The component that sets a job field (case-insensitive: PanDA's monitor lowercases field names). */
  componentOf(field: string): ErrorComponent | undefined {
    return this.fieldIndex.get(field.trim().toLowerCase());
  }

  /** The catalogue entry of a component. */
  component(component: ErrorComponent): ErrorComponentEntry {
    const entry = this.components.get(component);
    if (!entry) throw new Error(`the error catalogue has no component ${component}`);
    return entry;
  }

  /** The job error fields in the fixed diagnosis order (see JOB_ERROR_FIELDS). */
  get errorFields(): readonly string[] {
    return JOB_ERROR_FIELDS;
  }

  /**
   * The job error fields in that order with their components and diagnostic fields, as groupFailures takes
   * them; transExitCode (the payload's own exit code, no diagnostic) comes right after exeErrorCode.
   */
  groupingFields(): ErrorField[] {
    const fields: ErrorField[] = [];
    for (const component of ERROR_COMPONENTS) {
      const entry = this.component(component);
      fields.push({ component, codeField: entry.field, diagField: entry.diagField });
      for (const related of entry.relatedFields) fields.push({ component, codeField: related });
    }
    return fields;
  }

  /** The explanation of a hint word. */
  hintText(hint: ErrorHint): string {
    return this.hintTexts.get(hint) ?? hint;
  }

  /** A kill code (the code argument of PanDA's kill call), or undefined when the catalogue does not list it. */
  killCode(code: number | string): KillCodeEntry | undefined {
    const n = errorCodeOf(code);
    return typeof n === 'number' ? this.kills.get(n) : undefined;
  }

  /** Every kill code, in the catalogue's order. */
  killCodes(): KillCodeEntry[] {
    return [...this.kills.values()];
  }

  /**
   * What a value of a job error field means. Returns undefined when the field is not set (0, '0', null,
   * empty); reports codes and fields the catalogue does not know as unknown, never a guess. Codes may be
   * numbers or numeric strings; a negative pilot code is the pilot's recoverable form of the same code.
   * With `diag` (the matching *ErrorDiag text), a finer explanation is chosen where the catalogue has one.
   */
  lookup(
    field: string,
    code: number | string | null | undefined,
    diag?: string | null,
  ): ErrorCodeLookup | undefined {
    const value = errorCodeOf(code);
    if (value === undefined) return undefined;
    const component = this.componentOf(field);
    const entry = component ? this.components.get(component) : undefined;
    const canonicalField =
      entry && entry.field.toLowerCase() === field.trim().toLowerCase() ? entry.field : field;
    const unknown: UnknownErrorCode = {
      known: false,
      ...(component ? { component } : {}),
      field: canonicalField,
      code: value,
    };
    if (!entry || typeof value !== 'number' || canonicalField !== entry.field) return unknown;
    const wanted = component === 'pilot' && value < 0 ? -value : value;
    const found = entry.codes.get(wanted);
    if (!found) return unknown;
    const diagCase =
      diag && found.diagCases
        ? found.diagCases.find((c) => diag.toLowerCase().includes(c.contains.toLowerCase()))
        : undefined;
    return {
      known: true,
      component: entry.component,
      field: entry.field,
      diagField: entry.diagField,
      code: found.code,
      name: found.name,
      meaning: diagCase?.meaning ?? found.meaning,
      hint: diagCase?.hint ?? found.hint,
      ...(found.recoverable ? { recoverable: true as const, recoverableNote: found.recoverableNote } : {}),
      ...(wanted !== value ? { reportedCode: value } : {}),
      ...(diagCase ? { diagCase: diagCase.contains } : {}),
    };
  }
}
