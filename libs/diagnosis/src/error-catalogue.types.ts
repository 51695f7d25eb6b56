/** The error catalogue's vocabulary: components, their job fields, hints and entry types. */
/** The catalogue shipped with panda-mcp, relative to the package root. */
export const BUNDLED_ERROR_CATALOGUE = 'config/panda-errors.yaml';

/** PanDA components that set a job error field, in the order of JOB_ERROR_FIELDS. */
export const ERROR_COMPONENTS = [
  'pilot',
  'exe',
  'ddm',
  'jobdispatcher',
  'supervisor',
  'taskbuffer',
  'brokerage',
] as const;
export type ErrorComponent = (typeof ERROR_COMPONENTS)[number];

/** The job record field each component sets (the diag field is given in the catalogue). */
export const COMPONENT_FIELDS: Readonly<Record<ErrorComponent, string>> = {
  pilot: 'pilotErrorCode',
  exe: 'exeErrorCode',
  ddm: 'ddmErrorCode',
  jobdispatcher: 'jobDispatcherErrorCode',
  supervisor: 'supErrorCode',
  taskbuffer: 'taskBufferErrorCode',
  brokerage: 'brokerageErrorCode',
};

/**
 * The job error fields in a fixed order for diagnosis: the worker side first (pilot, then the payload's
 * own exit code), then the server's data handling, dispatcher and supervisor, then taskBuffer (often a
 * consequence: kills, retries, reassignments), and brokerage last (no longer set by current PanDA).
 */
export const JOB_ERROR_FIELDS: readonly string[] = ERROR_COMPONENTS.map((c) => COMPONENT_FIELDS[c]);

/** Other job fields that belong to a component: transExitCode is the payload's exit code, like exeErrorCode. */
export const RELATED_FIELDS: Readonly<Record<string, ErrorComponent>> = { transExitCode: 'exe' };

/** What usually helps, one word for an agent; the catalogue's `hints` section explains each. */
export const ERROR_HINTS = [
  'retry',
  'reassign',
  'wait_for_site',
  'fix_job',
  'report_to_site',
  'report_to_panda',
  'none',
] as const;
export type ErrorHint = (typeof ERROR_HINTS)[number];

/** One code of one component, as the catalogue describes it. */
export interface ErrorCodeEntry {
  readonly code: number;
  /** PanDA's symbolic name (EC_Kill, STAGEOUTFAILED, ...). */
  readonly name: string;
  readonly meaning: string;
  readonly hint: ErrorHint;
  /** Present (true) only where the pilot marks the code recoverable. */
  readonly recoverable?: true;
  /** When the recoverable flag applies. */
  readonly recoverableNote?: string;
  /** Finer explanations chosen by the diag text (first match wins). */
  readonly diagCases?: readonly DiagCase[];
}

/** A finer explanation of a code when its diag field contains `contains` (case-insensitive). */
export interface DiagCase {
  readonly contains: string;
  readonly meaning: string;
  readonly hint: ErrorHint;
}

export interface ErrorComponentEntry {
  readonly component: ErrorComponent;
  readonly field: string;
  readonly diagField: string;
  /** Other job fields read with this component (exe: transExitCode). */
  readonly relatedFields: readonly string[];
  readonly note?: string;
  /** How to read values that have no catalogue (exe). */
  readonly readingHints: readonly string[];
  readonly codes: ReadonlyMap<number, ErrorCodeEntry>;
}

/** A code given to PanDA's kill call; the job then shows the taskBufferErrorCode named by `sets`. */
export interface KillCodeEntry {
  readonly code: number;
  readonly sets: string;
  readonly meaning: string;
  readonly hint: ErrorHint;
}

/** A code the catalogue knows. */
export interface KnownErrorCode {
  readonly known: true;
  readonly component: ErrorComponent;
  readonly field: string;
  readonly diagField: string;
  readonly code: number;
  readonly name: string;
  readonly meaning: string;
  readonly hint: ErrorHint;
  readonly recoverable?: true;
  readonly recoverableNote?: string;
  /** The value as found in the record when it differs from `code` (the pilot's negated recoverable codes). */
  readonly reportedCode?: number;
  /** The diag case that chose `meaning` and `hint`, when a diag was given and matched one. */
  readonly diagCase?: string;
}

/** A code the catalogue does not know (or a field it does not know): reported as such, never guessed. */
export interface UnknownErrorCode {
  readonly known: false;
  readonly component?: ErrorComponent;
  readonly field: string;
  readonly code: number | string;
}

export type ErrorCodeLookup = KnownErrorCode | UnknownErrorCode;

/** The catalogue file is unusable; `problems` lists every problem found, each with its place. */
export class ErrorCatalogueError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[], file: string) {
    const list = [...problems];
    super(`The error catalogue ${file} is not valid:\n${list.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ErrorCatalogueError';
    this.problems = list;
  }
}
