import { Test } from '@nestjs/testing';
import { PandaConfigModule, buildTestConfig, resolveBundledPath } from '@panda-mcp/config';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EndpointRegistryModule } from './endpoint-registry.module';
import { EndpointRegistryError } from './endpoint-registry.error';
import { EndpointRegistry } from './endpoint-registry.service';
import { loadEndpointList } from './endpoint-list.loader';

const SPEC = `
swagger: '2.0'
basePath: /api
paths:
  /v1/task/kill:
    post:
      summary: Kill a task
      tags: [task]
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties: { task_id: { type: integer } }
              required: [task_id]
  /v1/system/is_alive:
    get: { summary: Is alive, tags: [system] }
  /v1/task/get_status:
    get:
      summary: Get task status
      tags: [task]
      parameters: [{ name: task_id, in: query, required: true, type: integer }]
  /v1/job/get_status:
    get:
      summary: Get job status
      tags: [job]
      parameters: [{ name: job_ids, in: query, required: true, type: array, items: { type: integer } }]
`;

describe(EndpointRegistry.name, () => {
  let dir: string;
  let specFile: string;
  const quiet = { warn: jest.fn() };

  function listFile(content: unknown, name = 'list.json'): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  }

  function problemsOf(action: () => unknown): readonly string[] {
    try {
      action();
    } catch (error) {
      expect(error).toBeInstanceOf(EndpointRegistryError);
      return (error as EndpointRegistryError).problems;
    }
    throw new Error('expected an EndpointRegistryError');
  }

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panda-mcp-registry-'));
    specFile = path.join(dir, 'spec.yaml');
    fs.writeFileSync(specFile, SPEC);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  beforeEach(() => quiet.warn.mockClear());

  describe('selection', () => {
    it('exposes the listed endpoints in the order of the API description, and system_is_alive always', () => {
      const sut = EndpointRegistry.fromFiles({
        apiSpecFile: specFile,
        endpointListFile: listFile({ task: ['get_status', 'kill'] }),
        logger: quiet,
      });
      expect(sut.list().map((t) => t.endpoint.toolName)).toEqual([
        'task_kill',
        'system_is_alive',
        'task_get_status',
      ]);
      expect(sut.size).toBe(3);
      expect(sut.specFile).toBe(specFile);
      expect(sut.get('task_get_status')?.endpoint.path).toBe('/task/get_status');
      expect(sut.get('job_get_status')).toBeUndefined();
      expect(quiet.warn).not.toHaveBeenCalled();
    });

    it('ignores duplicates', () => {
      const sut = EndpointRegistry.fromFiles({
        apiSpecFile: specFile,
        endpointListFile: listFile({ task: ['kill', 'kill'], system: ['is_alive'] }),
        logger: quiet,
      });
      expect(sut.list().map((t) => t.endpoint.toolName)).toEqual(['task_kill', 'system_is_alive']);
    });

    it('refuses to start when listed entries are not described, naming every one', () => {
      const list = listFile({ task: ['get_status', 'foo'], job: ['bar'] });
      expect(
        problemsOf(() => EndpointRegistry.fromFiles({ apiSpecFile: specFile, endpointListFile: list })),
      ).toEqual([
        `task_foo is listed in ${list} but not described in ${specFile}`,
        `job_bar is listed in ${list} but not described in ${specFile}`,
      ]);
    });

    it('only warns about them when strictEndpoints is false', () => {
      const list = listFile({ task: ['get_status', 'foo'] });
      const sut = EndpointRegistry.fromFiles({
        apiSpecFile: specFile,
        endpointListFile: list,
        strictEndpoints: false,
        logger: quiet,
      });
      expect(sut.list().map((t) => t.endpoint.toolName)).toEqual(['system_is_alive', 'task_get_status']);
      const warning = `task_foo is listed in ${list} but not described in ${specFile}; skipped`;
      expect(sut.warnings).toEqual([warning]);
      expect(quiet.warn).toHaveBeenCalledWith(warning);
    });

    it('needs system_is_alive in the API description', () => {
      const noAlive = path.join(dir, 'no-alive.yaml');
      fs.writeFileSync(noAlive, SPEC.replace('/v1/system/is_alive', '/v1/system/is_dead'));
      expect(
        problemsOf(() =>
          EndpointRegistry.fromFiles({ apiSpecFile: noAlive, endpointListFile: listFile({}) }),
        ),
      ).toEqual([`system_is_alive is always exposed but not described in ${noAlive}`]);
    });

    it('uses the bundled endpoint list when none is configured', () => {
      const sut = EndpointRegistry.fromFiles({
        apiSpecFile: specFile,
        strictEndpoints: false,
        logger: quiet,
      });
      const bundled = resolveBundledPath('config/panda_mcp_endpoints.json');
      expect(sut.endpointListFile).toBe(bundled);
      expect(sut.list().map((t) => t.endpoint.toolName)).toEqual([
        'task_kill',
        'system_is_alive',
        'task_get_status',
        'job_get_status',
      ]);
      expect(sut.warnings).toHaveLength(loadEndpointList(bundled).length - 4);
    });

    it.each([
      ['a list', ['task_kill'], 'must be a JSON object (expected {"module": ["function", ...]}), got a list'],
      ['a string of functions', { task: 'kill' }, '"task" must be a list of function names'],
      ['a non-string function', { task: ['kill', 5] }, '"task"[1] must be a function name, got number 5'],
      ['an empty function name', { task: [''] }, '"task"[0] must be a function name, got ""'],
      ['invalid JSON', '{"task": ["kill",]}', 'is not valid JSON'],
    ])(
      'rejects a malformed endpoint list (%s), naming the file and the entry',
      (_what, content, expected) => {
        const list = listFile(content, 'bad-list.json');
        const sut = () => EndpointRegistry.fromFiles({ apiSpecFile: specFile, endpointListFile: list });
        expect(sut).toThrow(EndpointRegistryError);
        expect(sut).toThrow(list);
        expect(sut).toThrow(expected);
      },
    );

    it('names a missing endpoint list', () => {
      const missing = path.join(dir, 'nowhere.json');
      expect(() => EndpointRegistry.fromFiles({ apiSpecFile: specFile, endpointListFile: missing })).toThrow(
        `cannot read the endpoint list ${missing}`,
      );
    });
  });

  describe('tools', () => {
    it('check their arguments with the validator compiled at startup', () => {
      const sut = EndpointRegistry.fromFiles({
        apiSpecFile: specFile,
        endpointListFile: listFile({ job: ['get_status'] }),
        logger: quiet,
      });
      const tool = sut.get('job_get_status')!;
      expect(tool.checkArguments({ job_ids: [1, 2] })).toEqual({ ok: true, args: { job_ids: [1, 2] } });
      expect(tool.checkArguments({ job_ids: 1 })).toEqual({
        ok: false,
        problems: ['job_ids: expected array, got number 1'],
      });
      expect(sut.get('system_is_alive')!.checkArguments(undefined)).toEqual({ ok: true, args: {} });
    });
  });

  describe('as a Nest provider', () => {
    it('reads the configuration registered with @nestjs/config', async () => {
      const config = buildTestConfig({
        apiSpecFile: specFile,
        endpointListFile: listFile({ task: ['kill'] }),
        strictEndpoints: true,
      });

      const moduleRef = await Test.createTestingModule({
        imports: [PandaConfigModule.forConfig(config), EndpointRegistryModule],
      }).compile();
      const sut = moduleRef.get(EndpointRegistry);
      expect(sut.list().map((t) => t.endpoint.toolName)).toEqual(['task_kill', 'system_is_alive']);
      await moduleRef.close();
    });
  });
});
