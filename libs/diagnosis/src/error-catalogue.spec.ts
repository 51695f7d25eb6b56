/**
 * The error catalogue: the bundled config/panda-errors.yaml loads, lookups report known, unknown and unset
 * codes, a broken file lists every problem and, when ../shared/panda is beside the checkout, the catalogue
 * is cross-checked against the facts read from PanDA's sources (error_codes.json): same codes, names,
 * fields and recoverable flags, and explanations that are ours rather than copies of PanDA's messages.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  BUNDLED_ERROR_CATALOGUE,
  ERROR_COMPONENTS,
  ErrorCatalogue,
  ErrorCatalogueError,
  JOB_ERROR_FIELDS,
  KnownErrorCode,
} from './error-catalogue';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const FACTS_FILE = path.resolve(REPO_ROOT, '../shared/panda/error_codes.json');

interface FactCode {
  code: number;
  name: string | null;
  message: string | null;
  recoverable: boolean | null;
}
interface FactComponent {
  field: string | null;
  codes: FactCode[];
}
interface Facts {
  components: Record<string, FactComponent>;
  kill_codes?: { codes: Array<{ code: number; message: string; taskBufferErrorCode_name: string }> };
}

const VALID = `
version: 1
hints: { retry: r, reassign: a, wait_for_site: w, fix_job: f, report_to_site: s, report_to_panda: p, none: n }
components:
  pilot:
    field: pilotErrorCode
    diag_field: pilotErrorDiag
    codes:
      - { code: 1137, name: STAGEOUTFAILED, meaning: Upload failed., hint: retry, recoverable: true, recoverable_note: analysis only }
      - { code: 1150, name: LOOPINGJOB, meaning: Stuck., hint: fix_job }
  exe: { field: exeErrorCode, diag_field: exeErrorDiag, related_fields: [transExitCode], codes: [] }
  ddm: { field: ddmErrorCode, diag_field: ddmErrorDiag, codes: [] }
  jobdispatcher: { field: jobDispatcherErrorCode, diag_field: jobDispatcherErrorDiag, codes: [] }
  supervisor: { field: supErrorCode, diag_field: supErrorDiag, codes: [] }
  taskbuffer:
    field: taskBufferErrorCode
    diag_field: taskBufferErrorDiag
    codes:
      - code: 100
        name: EC_Kill
        meaning: Stopped on purpose.
        hint: none
        diag_cases: [{ contains: 'killed by ', meaning: A person stopped it., hint: none }]
  brokerage: { field: brokerageErrorCode, diag_field: brokerageErrorDiag, codes: [] }
kill_codes:
  codes: [{ code: 9, sets: EC_Kill, meaning: Force kill., hint: none }]
`;

function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((w) => w !== '');
}

/** Share of distinct words the two texts have in common (Jaccard); 1 = the same words. */
function wordOverlap(a: string, b: string): number {
  const x = new Set(words(a));
  const y = new Set(words(b));
  const common = [...x].filter((w) => y.has(w)).length;
  return common / (x.size + y.size - common);
}

/** Why `ours` reads as a copy of PanDA's `message`, or undefined when it is our own sentence. */
function copied(ours: string, message: string): string | undefined {
  const a = words(ours).join(' ');
  const b = words(message).join(' ');
  if (a === b) return 'same text';
  if (words(message).length > 3) {
    if (a.includes(b)) return 'contains the message word by word';
    const overlap = wordOverlap(ours, message);
    if (overlap > 0.8) return `word overlap ${overlap.toFixed(2)}`;
  }
  return undefined;
}

describe(ErrorCatalogue.name, () => {
  describe('the bundled catalogue', () => {
    let sut: ErrorCatalogue;
    beforeAll(() => {
      sut = ErrorCatalogue.bundledCatalogue();
    });

    it(`is ${BUNDLED_ERROR_CATALOGUE} and loads without problems`, () => {
      expect(sut.file).toBe(path.join(REPO_ROOT, BUNDLED_ERROR_CATALOGUE));
      for (const component of ERROR_COMPONENTS) expect(sut.component(component).field).toBeTruthy();
    });

    it('lists the job error fields in a fixed order and maps each to its component', () => {
      expect(sut.errorFields).toEqual([
        'pilotErrorCode',
        'exeErrorCode',
        'ddmErrorCode',
        'jobDispatcherErrorCode',
        'supErrorCode',
        'taskBufferErrorCode',
        'brokerageErrorCode',
      ]);
      expect(JOB_ERROR_FIELDS.map((f) => sut.componentOf(f))).toEqual([...ERROR_COMPONENTS]);
      expect(sut.componentOf('transExitCode')).toBe('exe');
      expect(sut.componentOf('piloterrorcode')).toBe('pilot');
      expect(sut.componentOf('jobStatus')).toBeUndefined();
    });

    it('explains a known code, given as a number or a numeric string', () => {
      const expected: Partial<KnownErrorCode> = {
        known: true,
        component: 'pilot',
        field: 'pilotErrorCode',
        diagField: 'pilotErrorDiag',
        code: 1150,
        name: 'LOOPINGJOB',
        hint: 'fix_job',
      };
      expect(sut.lookup('pilotErrorCode', 1150)).toMatchObject(expected);
      expect(sut.lookup('pilotErrorCode', '1150')).toMatchObject(expected);
      expect(sut.lookup('pilotErrorCode', ' 1150 ')).toMatchObject(expected);
      expect(sut.lookup('ddmErrorCode', 101)).toMatchObject({
        known: true,
        component: 'ddm',
        name: 'EC_GUID',
      });
    });

    it('reports the recoverable flag, also for the negated code the pilot sends', () => {
      const result = sut.lookup('pilotErrorCode', -1137);
      expect(result).toMatchObject({ known: true, code: 1137, reportedCode: -1137, recoverable: true });
      expect((result as KnownErrorCode).recoverableNote).toMatch(/analysis/);
      expect(sut.lookup('pilotErrorCode', 1150)).not.toHaveProperty('recoverable');
    });

    it('reports unknown codes and unknown fields as unknown, without a guess', () => {
      expect(sut.lookup('pilotErrorCode', 9999)).toEqual({
        known: false,
        component: 'pilot',
        field: 'pilotErrorCode',
        code: 9999,
      });
      expect(sut.lookup('pilotErrorCode', 'oops')).toEqual({
        known: false,
        component: 'pilot',
        field: 'pilotErrorCode',
        code: 'oops',
      });
      expect(sut.lookup('exeErrorCode', 137)).toEqual({
        known: false,
        component: 'exe',
        field: 'exeErrorCode',
        code: 137,
      });
      expect(sut.lookup('transExitCode', '65')).toEqual({
        known: false,
        component: 'exe',
        field: 'transExitCode',
        code: 65,
      });
      expect(sut.lookup('ddmErrorCode', -101)).toMatchObject({ known: false, code: -101 });
      expect(sut.lookup('fooErrorCode', 100)).toEqual({ known: false, field: 'fooErrorCode', code: 100 });
    });

    it('treats 0, "0", null and empty values as "not set"', () => {
      for (const value of [0, '0', null, undefined, '', ' ']) {
        expect(sut.lookup('pilotErrorCode', value)).toBeUndefined();
      }
      expect(sut.lookup('supErrorCode', 0)).toBeUndefined();
    });

    it('refines a kill by its diag text', () => {
      expect(sut.lookup('taskBufferErrorCode', 100, 'killed by alice')).toMatchObject({
        known: true,
        name: 'EC_Kill',
        diagCase: 'killed by ',
        hint: 'none',
      });
      const upstream = sut.lookup('taskBufferErrorCode', 100, 'killed by Panda server : upstream job failed');
      expect(upstream).toMatchObject({ diagCase: 'upstream job failed' });
      expect(sut.lookup('taskBufferErrorCode', 100)).not.toHaveProperty('diagCase');
    });

    it('explains kill codes and how to read exe codes', () => {
      expect(sut.killCode(9)).toMatchObject({ code: 9, sets: 'EC_Kill', hint: 'none' });
      expect(sut.killCode('51')).toMatchObject({ sets: 'EC_Kill' });
      expect(sut.killCode(12345)).toBeUndefined();
      const exe = sut.component('exe');
      expect(exe.codes.size).toBe(0);
      expect(exe.relatedFields).toEqual(['transExitCode']);
      expect(exe.readingHints.join(' ')).toMatch(/137/);
      expect(sut.hintText('retry')).toMatch(/likely/);
    });
  });

  describe('a catalogue file with mistakes', () => {
    it('loads a valid minimal file', () => {
      const sut = ErrorCatalogue.parse(VALID, 'valid.yaml');
      expect(sut.lookup('pilotErrorCode', 1137)).toMatchObject({ known: true, recoverable: true });
    });

    it('throws one error that lists every problem with its place', () => {
      const broken = VALID.replace(
        'hint: retry, recoverable: true, recoverable_note: analysis only',
        'hint: maybe',
      )
        .replace('name: LOOPINGJOB, meaning: Stuck.', 'name: STAGEOUTFAILED, meaning: ""')
        .replace('field: ddmErrorCode', 'field: ddmError')
        .replace(
          '  brokerage: { field: brokerageErrorCode, diag_field: brokerageErrorDiag, codes: [] }\n',
          '',
        )
        .replace('sets: EC_Kill', 'sets: EC_Nothing')
        .replace('contains: ', 'colour: blue, contains: ')
        .replace('code: 100\n', 'code: -100\n');
      let error: unknown;
      try {
        ErrorCatalogue.parse(broken, 'broken.yaml');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ErrorCatalogueError);
      const problems = (error as ErrorCatalogueError).problems;
      expect(problems).toEqual([
        'components.pilot.codes[0] (code 1137): hint must be one of retry, reassign, wait_for_site, fix_job, report_to_site, report_to_panda, none, got "maybe"',
        'components.pilot.codes[1] (code 1150): meaning must be a non-empty string, got ""',
        'components.ddm: field must be ddmErrorCode, got ddmError',
        'components.taskbuffer.codes[0]: code must be a non-negative integer, got -100',
        'components.taskbuffer.codes[0].diag_cases[0]: unknown key "colour" (allowed: contains, meaning, hint)',
        'components.brokerage: missing',
        'kill_codes.codes[0] (code 9): sets names EC_Nothing, which is not a taskbuffer code name',
      ]);
      expect((error as Error).message).toContain('broken.yaml');
      expect((error as Error).message.split('\n')).toHaveLength(problems.length + 1);
    });

    it('reports duplicate codes, a recoverable flag without its note, and YAML syntax errors', () => {
      const twice = VALID.replace('code: 1150, name: LOOPINGJOB', 'code: 1137, name: LOOPINGJOB');
      expect(() => ErrorCatalogue.parse(twice)).toThrow(
        /codes\[1\] \(code 1137\): code 1137 is listed twice/,
      );
      const noNote = VALID.replace(', recoverable_note: analysis only', '');
      expect(() => ErrorCatalogue.parse(noNote)).toThrow(/\(code 1137\): recoverable_note must say/);
      const sameName = VALID.replace('name: LOOPINGJOB', 'name: STAGEOUTFAILED');
      expect(() => ErrorCatalogue.parse(sameName)).toThrow(/name STAGEOUTFAILED is also used by code 1137/);
      expect(() => ErrorCatalogue.parse('version: 1\nversion: 2\n', 'dup.yaml')).toThrow(ErrorCatalogueError);
      expect(() => ErrorCatalogue.parse('[1, 2', 'bad.yaml')).toThrow(/bad.yaml[\s\S]*line/);
    });

    it('names a file it cannot read', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panda-mcp-errors-'));
      try {
        expect(() => ErrorCatalogue.load(path.join(dir, 'missing.yaml'))).toThrow(
          /missing\.yaml[\s\S]*cannot read/,
        );
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe("against the facts read from PanDA's sources", () => {
    const facts: Facts | undefined = fs.existsSync(FACTS_FILE)
      ? (JSON.parse(fs.readFileSync(FACTS_FILE, 'utf8')) as Facts)
      : undefined;
    if (!facts) {
      console.warn(`Skipping the cross-check with PanDA's error codes: ${FACTS_FILE} not found.`);
      it.skip(`needs ${FACTS_FILE}`, () => undefined);
      return;
    }
    let sut: ErrorCatalogue;
    beforeAll(() => {
      sut = ErrorCatalogue.bundledCatalogue();
    });
    const catalogued = Object.entries(facts.components).filter(([, c]) => c.field !== null);

    it('has every component of the facts that sets a job field, with the same field', () => {
      for (const [name, component] of catalogued) {
        expect(ERROR_COMPONENTS).toContain(name);
        expect(sut.component(name as (typeof ERROR_COMPONENTS)[number]).field).toBe(component.field);
      }
    });

    it('has every code of every component with the same name and field, and no other code', () => {
      const mismatches: string[] = [];
      for (const [name, component] of catalogued) {
        const ours = sut.component(name as (typeof ERROR_COMPONENTS)[number]);
        for (const fact of component.codes) {
          const entry = ours.codes.get(fact.code);
          if (!entry) mismatches.push(`${name} ${fact.code}: missing`);
          else if (entry.name !== fact.name)
            mismatches.push(`${name} ${fact.code}: ${entry.name}, PanDA ${fact.name}`);
        }
        const theirs = new Set(component.codes.map((c) => c.code));
        for (const code of ours.codes.keys()) {
          if (!theirs.has(code)) mismatches.push(`${name} ${code}: not in PanDA's sources`);
        }
      }
      expect(mismatches).toEqual([]);
    });

    it('marks exactly the codes the pilot marks recoverable', () => {
      const mismatches: string[] = [];
      for (const [name, component] of catalogued) {
        const ours = sut.component(name as (typeof ERROR_COMPONENTS)[number]);
        for (const fact of component.codes) {
          const flagged = ours.codes.get(fact.code)?.recoverable === true;
          if (flagged !== (fact.recoverable === true)) {
            mismatches.push(`${name} ${fact.code}: ours ${flagged}, PanDA ${fact.recoverable}`);
          }
        }
      }
      expect(mismatches).toEqual([]);
    });

    it('has the same kill codes, setting the same taskBufferErrorCode', () => {
      const theirs = (facts.kill_codes?.codes ?? []).map((c) => ({
        code: c.code,
        sets: c.taskBufferErrorCode_name,
      }));
      expect(sut.killCodes().map((k) => ({ code: k.code, sets: k.sets }))).toEqual(theirs);
    });

    it("explains in its own words: no meaning copies PanDA's message", () => {
      const copies: string[] = [];
      for (const [name, component] of catalogued) {
        const ours = sut.component(name as (typeof ERROR_COMPONENTS)[number]);
        for (const fact of component.codes) {
          const entry = ours.codes.get(fact.code);
          if (!entry || !fact.message) continue;
          const why = copied(entry.meaning, fact.message);
          if (why) copies.push(`${name} ${fact.code}: ${why} ("${fact.message}")`);
        }
      }
      for (const fact of facts.kill_codes?.codes ?? []) {
        const why = copied(sut.killCode(fact.code)?.meaning ?? '', fact.message);
        if (why) copies.push(`kill code ${fact.code}: ${why} ("${fact.message}")`);
      }
      expect(copies).toEqual([]);
    });

    it('catches a copy when it sees one', () => {
      expect(copied('Payload ran out of memory.', 'Payload ran out of memory')).toBe('same text');
      expect(copied('Sorry: the payload ran out of memory', 'Payload ran out of memory')).toMatch(
        /word by word/,
      );
      expect(copied('Ran the payload out of memory', 'Payload ran out of memory')).toMatch(/overlap/);
      expect(
        copied('The payload needed more memory than the node gave it.', 'Payload ran out of memory'),
      ).toBe(undefined);
    });
  });
});
