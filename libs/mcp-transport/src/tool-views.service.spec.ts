import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildTestConfig } from '@panda-mcp/config';
import { JsonRpcHttpError } from './json-rpc-http.error';
import { registeredTool, registryOf } from './testing/registered-tool.fixture';
import { ToolCatalogue } from './tool-catalogue.service';
import { exclusionOf } from './tool-view';
import { ToolViews } from './tool-views.service';
import { parseToolsets, ToolsetsFileError } from './toolsets.reader';

const TOOLS = [
  registeredTool('system_is_alive', { readOnly: true }),
  registeredTool('task_get_details', { readOnly: true }),
  registeredTool('task_kill', { readOnly: false }),
  registeredTool('job_get_status', { readOnly: true }),
  registeredTool('job_kill', { readOnly: false }),
];
const registry = registryOf(TOOLS);

const made: string[] = [];
afterAll(() => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function build(yaml: string, config: { readOnly?: boolean; toolsets?: string[] } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'toolsets-'));
  made.push(dir);
  const file = path.join(dir, 'toolsets.yaml');
  fs.writeFileSync(file, yaml);
  const catalogue = new ToolCatalogue(registry, []);
  const sut = new ToolViews(buildTestConfig({ toolsetsFile: file, ...config }), catalogue);
  const names = (view: ReturnType<ToolViews['forRequest']>) =>
    catalogue
      .all()
      .filter((entry) => exclusionOf(view, entry) === undefined)
      .map((entry) => entry.listing.name);
  return { sut, names };
}

const PROFILES = `
toolsets:
  lookup: { members: [system, task_get_*, job_get_*] }
  user: { members: [lookup, task_kill] }
`;

describe(ToolViews.name, () => {
  it('makes every module a toolset and resolves profiles through other toolsets and prefixes', () => {
    const { sut } = build(PROFILES);
    expect(sut.describe()).toEqual([
      { name: 'system', tools: 1 },
      { name: 'task', tools: 2 },
      { name: 'job', tools: 2 },
      { name: 'lookup', tools: 3 },
      { name: 'user', tools: 4 },
    ]);
  });

  it('narrows the deployment by header and never widens it', () => {
    const { sut, names } = build(PROFILES, { toolsets: ['user'] });
    expect(names(sut.base)).toEqual(['system_is_alive', 'task_get_details', 'task_kill', 'job_get_status']);
    expect(names(sut.forRequest({ 'x-mcp-readonly': 'true' }))).toEqual([
      'system_is_alive',
      'task_get_details',
      'job_get_status',
    ]);
    // job is wider than the deployment's user toolset: only what both hold
    expect(names(sut.forRequest({ 'x-mcp-toolsets': 'job' }))).toEqual(['system_is_alive', 'job_get_status']);
    expect(sut.forRequest({ 'x-mcp-toolsets': 'job' })).toBe(sut.forRequest({ 'x-mcp-toolsets': ' job ' }));
    // a header of separators only names nothing: the deployment's view, not every tool
    for (const nothing of [',', ' , ', ',,,', '']) {
      expect(names(sut.forRequest({ 'x-mcp-toolsets': nothing }))).toEqual(names(sut.base));
      expect(names(sut.forRequest({ 'x-mcp-toolsets': nothing, 'x-mcp-readonly': 'true' }))).not.toContain(
        'job_kill',
      );
    }
  });

  it('keeps a read-only deployment read-only whatever a request says', () => {
    const { sut, names } = build(PROFILES, { readOnly: true });
    expect(sut.forRequest({ 'x-mcp-readonly': 'false' })).toBe(sut.base);
    expect(names(sut.base)).not.toContain('task_kill');
  });

  it('refuses headers it cannot honour with the names it knows', () => {
    const { sut } = build(PROFILES);
    expect(() => sut.forRequest({ 'x-mcp-toolsets': 'users' })).toThrow(
      new JsonRpcHttpError(
        400,
        -32000,
        'Bad Request: X-MCP-Toolsets names unknown toolsets "users" (known: system, task, job, lookup, user)',
      ),
    );
    expect(() => sut.forRequest({ 'x-mcp-readonly': 'maybe' })).toThrow('must be true or false');
  });

  it('stops the start on a cycle, a module name taken, or a configured toolset it does not define', () => {
    expect(() => build('toolsets:\n  a: { members: [b] }\n  b: { members: [a] }\n')).toThrow(
      'its members lead back to itself (a cycle)',
    );
    expect(() => build('toolsets:\n  task: { members: [job] }\n')).toThrow(
      'a PanDA module has this name already',
    );
    expect(() => build(PROFILES, { toolsets: ['shifter'] })).toThrow(
      'toolsets: shifter not defined (known: system, task, job, lookup, user)',
    );
  });
});

describe(parseToolsets.name, () => {
  it('lists every problem of a toolsets file with its place', () => {
    const sut = () =>
      parseToolsets(
        { toolsets: { Bad: { members: [] }, ok: { members: ['x y', 3], colour: 'red' }, flat: 'task' } },
        'toolsets.yaml',
      );
    expect(sut).toThrow(ToolsetsFileError);
    try {
      sut();
    } catch (error) {
      expect((error as ToolsetsFileError).problems).toEqual([
        'toolsets.Bad: a name is 1 to 64 characters from a-z 0-9 _ -',
        'toolsets.Bad.members: must be a non-empty list',
        'toolsets.ok.members[0]: must be a module, toolset or tool name, or a prefix ending in *; got "x y"',
        'toolsets.ok.members[1]: must be a module, toolset or tool name, or a prefix ending in *; got 3',
        'toolsets.ok.colour: unknown key',
        'toolsets.flat: must be a mapping with "members" (and optionally "description")',
      ]);
    }
  });
});
