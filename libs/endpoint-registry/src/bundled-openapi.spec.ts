/**
 * Our own API description, config/panda-api/openapi.yaml (required: the server's default), loaded with every
 * endpoint selected and, when ../shared/panda is beside the checkout, cross-checked against the facts read
 * from PanDA's server code (api_v1_signatures.json).
 */
import { BUNDLED_API_SPEC, BUNDLED_ENDPOINT_LIST } from '@panda-mcp/config';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LoadedApiSpec, loadApiSpec } from './api-spec.loader';
import type { JsonSchema, PandaEndpoint } from './endpoint.types';
import { EndpointRegistry } from './endpoint-registry.service';
import { loadEndpointList } from './endpoint-list.loader';
import { schemaForPythonAnnotation } from './python-annotation.schema';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const SPEC_FILE = path.join(REPO_ROOT, BUNDLED_API_SPEC);
const DEFAULT_LIST = path.join(REPO_ROOT, BUNDLED_ENDPOINT_LIST);
const SIGNATURES = path.resolve(REPO_ROOT, '../shared/panda/api_v1_signatures.json');
const PUBLIC_ENDPOINTS = 108;

interface SignatureParam {
  name: string;
  annotation: string | null;
  required: boolean;
  default?: unknown;
}
interface Signature {
  tool_name: string;
  path: string;
  http_method: 'GET' | 'POST' | null;
  requires: { secure: boolean; production_role: boolean; task_owner_or_production: boolean };
  params: SignatureParam[];
}

/** Keywords that describe rather than constrain; the comparison with the Python annotation ignores them. */
const ANNOTATION_KEYWORDS = ['title', 'examples', '$comment', 'deprecated', 'readOnly', 'writeOnly'];

/** Equal as JSON values, whatever the key order (and whichever realm made the objects). */
function sameJson(a: unknown, b: unknown): boolean {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
          )
        : v;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function validationPart(schema: JsonSchema): JsonSchema {
  return Object.fromEntries(Object.entries(schema).filter(([k]) => !ANNOTATION_KEYWORDS.includes(k)));
}

let loaded: LoadedApiSpec | undefined;
function requireSpec(): LoadedApiSpec {
  if (!fs.existsSync(SPEC_FILE)) {
    throw new Error(
      `${SPEC_FILE} is missing. panda-mcp ships its own description of PanDA API v1 there ` +
        '(docs/api-description.md); the server uses it by default, so it is required.',
    );
  }
  loaded ??= loadApiSpec(SPEC_FILE);
  return loaded;
}

function crossCheck(endpoint: PandaEndpoint, facts: Signature): string[] {
  const mismatches: string[] = [];
  const say = (what: string) => mismatches.push(`${endpoint.toolName}: ${what}`);
  if (`/api/v1${endpoint.path}` !== facts.path) say(`path /api/v1${endpoint.path}, server ${facts.path}`);
  if (endpoint.httpMethod !== facts.http_method)
    say(`method ${endpoint.httpMethod}, server ${facts.http_method}`);
  const access = {
    secure: endpoint.access.secure,
    production_role: endpoint.access.productionRole,
    task_owner_or_production: endpoint.access.taskOwnerOrProduction,
  };
  if (!sameJson(access, facts.requires)) {
    say(`x-panda-access ${JSON.stringify(access)}, server ${JSON.stringify(facts.requires)}`);
  }
  const ours = endpoint.parameters.map((p) => p.name);
  const theirs = facts.params.map((p) => p.name);
  const extra = ours.filter((n) => !theirs.includes(n));
  const missing = theirs.filter((n) => !ours.includes(n));
  if (extra.length > 0) say(`parameters not in the server: ${extra.join(', ')}`);
  if (missing.length > 0) say(`parameters missing: ${missing.join(', ')}`);
  for (const fact of facts.params) {
    const parameter = endpoint.parameters.find((p) => p.name === fact.name);
    if (!parameter) continue;
    const where = `${fact.name}:`;
    const hasDefault = 'default' in fact;
    if (parameter.required !== fact.required)
      say(`${where} required=${parameter.required}, server ${fact.required}`);
    if (parameter.hasDefault !== hasDefault || (hasDefault && !sameJson(parameter.default, fact.default))) {
      say(
        `${where} default ${parameter.hasDefault ? JSON.stringify(parameter.default) : '(none)'}, ` +
          `server ${hasDefault ? JSON.stringify(fact.default) : '(none)'}`,
      );
    }
    if ((parameter.pythonType ?? null) !== fact.annotation) {
      say(
        `${where} x-panda-type ${JSON.stringify(parameter.pythonType ?? null)}, server ${JSON.stringify(fact.annotation)}`,
      );
    }
    const expected = schemaForPythonAnnotation(fact.annotation, fact.default, hasDefault);
    const actual = validationPart(parameter.schema);
    if (!sameJson(actual, expected)) {
      say(
        `${where} schema ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)} for ${fact.annotation}`,
      );
    }
  }
  if (facts.params.some((p) => p.annotation === 'FileStorage') !== (endpoint.bodyEncoding === 'multipart')) {
    say(`body encoding ${endpoint.bodyEncoding}`);
  }
  return mismatches;
}

describe(`${EndpointRegistry.name} with the bundled ${BUNDLED_API_SPEC}`, () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panda-mcp-bundled-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('exists (it is the default API description)', () => {
    expect(requireSpec().file).toBe(SPEC_FILE);
  });

  it(`describes the ${PUBLIC_ENDPOINTS} public endpoints in our style, without warnings`, () => {
    const spec = requireSpec();
    expect(spec.style).toBe('openapi');
    expect(spec.warnings).toEqual([]);
    expect(spec.endpoints).toHaveLength(PUBLIC_ENDPOINTS);
  });

  it('exposes all of them when all are listed', () => {
    const spec = requireSpec();
    const list: Record<string, string[]> = {};
    for (const e of spec.endpoints) (list[e.module] ??= []).push(e.functionName);
    const listFile = path.join(dir, 'all.json');
    fs.writeFileSync(listFile, JSON.stringify(list));
    const sut = EndpointRegistry.fromFiles({
      apiSpecFile: SPEC_FILE,
      endpointListFile: listFile,
      strictEndpoints: true,
    });
    expect(sut.size).toBe(PUBLIC_ENDPOINTS);
    expect(sut.list().map((t) => t.endpoint.toolName)).toEqual(spec.endpoints.map((e) => e.toolName));
    for (const tool of sut.list()) {
      expect(tool.endpoint.description).toMatch(/\S/);
      expect(tool.endpoint.summary).toMatch(/\S/);
    }
  });

  it('exposes the bundled default list with the default configuration', () => {
    requireSpec();
    const sut = EndpointRegistry.fromFiles({});
    expect(sut.specFile).toBe(SPEC_FILE);
    expect(sut.size).toBe(loadEndpointList(DEFAULT_LIST).length);
  });

  it('marks every GET tool read-only and every tool that ends work destructive', () => {
    const spec = requireSpec();
    const ends = /^(kill|finish|avalanche|retire|kill_unfinished_jobs|delete)/;
    for (const endpoint of spec.endpoints) {
      if (endpoint.httpMethod === 'GET') {
        expect({ tool: endpoint.toolName, ...endpoint.annotations }).toMatchObject({
          readOnlyHint: true,
          destructiveHint: false,
        });
      }
      if (ends.test(endpoint.functionName)) {
        expect({ tool: endpoint.toolName, ...endpoint.annotations }).toMatchObject({
          readOnlyHint: false,
          destructiveHint: true,
        });
      }
      expect(endpoint.annotations.openWorldHint).toBe(true);
      expect(endpoint.annotations.title).toMatch(/\S/);
    }
  });

  it("agrees with the server's signatures (api_v1_signatures.json)", () => {
    const spec = requireSpec();
    if (!fs.existsSync(SIGNATURES)) {
      console.warn(`Skipping the cross-check with the server's signatures: ${SIGNATURES} not found.`);
      return;
    }
    const signatures = (
      JSON.parse(fs.readFileSync(SIGNATURES, 'utf8')) as { endpoints: Signature[] }
    ).endpoints
      // idds_decode_idds_enum is a helper in the API module, not an endpoint (no HTTP method).
      .filter((s) => s.http_method !== null);
    expect(signatures).toHaveLength(PUBLIC_ENDPOINTS);
    const ours = new Map(spec.endpoints.map((e) => [e.toolName, e]));
    const mismatches: string[] = [];
    for (const facts of signatures) {
      const endpoint = ours.get(facts.tool_name);
      if (endpoint) mismatches.push(...crossCheck(endpoint, facts));
      else mismatches.push(`${facts.tool_name}: not described`);
    }
    for (const name of ours.keys()) {
      if (!signatures.some((s) => s.tool_name === name))
        mismatches.push(`${name}: not a PanDA API v1 endpoint`);
    }
    expect(mismatches).toEqual([]);
  });
});
