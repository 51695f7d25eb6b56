/**
 * Loads PanDA's own published description (../shared/panda/panda_api.yaml, beside the repository checkout)
 * with PanDA's default endpoint list, and checks the tools against what that yaml declares.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { EndpointRegistry } from './endpoint-registry.service';
import { loadEndpointList } from './endpoint-list.loader';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const SHARED = path.resolve(REPO_ROOT, '../shared/panda');
const PANDA_YAML = path.join(SHARED, 'panda_api.yaml');
const PANDA_LIST = path.join(SHARED, 'panda_mcp_endpoints.json');
const SIGNATURES = path.join(SHARED, 'api_v1_signatures.json');
const MISSING = [PANDA_YAML, PANDA_LIST, SIGNATURES].filter((f) => !fs.existsSync(f));

interface Declared {
  method: string;
  path: string;
  names: string[];
}

/** What the yaml itself declares, read without the loader: tool name -> method, path, parameter names. */
function declaredInYaml(): Map<string, Declared> {
  const document = parse(fs.readFileSync(PANDA_YAML, 'utf8')) as {
    paths: Record<string, Record<string, Record<string, any>>>;
  };
  const declared = new Map<string, Declared>();
  for (const [urlPath, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (method !== 'get' && method !== 'post') continue;
      const toolName = `${operation.tags[0]}_${urlPath.split('/').at(-1)}`;
      const names =
        method === 'get'
          ? (operation.parameters ?? []).map((p: { name: string }) => p.name)
          : Object.keys(operation.requestBody?.content?.['application/json']?.schema?.properties ?? {});
      declared.set(toolName, {
        method: method.toUpperCase(),
        path: urlPath.replace(/^\/v1/, ''),
        names: names.filter((n: string) => !n.startsWith('*')),
      });
    }
  }
  return declared;
}

describe(`${EndpointRegistry.name} with PanDA's published panda_api.yaml`, () => {
  if (MISSING.length > 0) {
    it('is skipped: the PanDA reference files are not beside the checkout', () => {
      console.warn(
        `Skipping the panda_api.yaml checks: ${MISSING.join(', ')} not found ` +
          `(the folder shared/panda/ is expected beside the repository checkout, at ${SHARED}).`,
      );
    });
    return;
  }

  const sut = EndpointRegistry.fromFiles({
    apiSpecFile: PANDA_YAML,
    endpointListFile: PANDA_LIST,
    strictEndpoints: true,
    logger: { warn: () => undefined },
  });
  const listed = loadEndpointList(PANDA_LIST).map((e) => e.toolName);
  const declared = declaredInYaml();

  it("exposes exactly the 59 tools of PanDA's default list", () => {
    expect(listed).toHaveLength(59);
    expect(sut.size).toBe(59);
    expect(
      sut
        .list()
        .map((t) => t.endpoint.toolName)
        .sort(),
    ).toEqual([...listed].sort());
  });

  it('gives them the HTTP methods, paths and parameter names the yaml declares', () => {
    const mismatches: string[] = [];
    for (const { endpoint } of sut.list()) {
      const yaml = declared.get(endpoint.toolName);
      const got = {
        method: endpoint.httpMethod,
        path: endpoint.path,
        names: endpoint.parameters.map((p) => p.name),
      };
      if (JSON.stringify(got) !== JSON.stringify(yaml)) {
        mismatches.push(
          `${endpoint.toolName}: registry ${JSON.stringify(got)}, yaml ${JSON.stringify(yaml)}`,
        );
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('agrees with api_v1_signatures.json on methods and paths, and reports where the yaml is stale', () => {
    const signatures = (
      JSON.parse(fs.readFileSync(SIGNATURES, 'utf8')) as {
        endpoints: Array<{
          tool_name: string;
          path: string;
          http_method: string;
          params: Array<{ name: string }>;
        }>;
      }
    ).endpoints;
    const byName = new Map(signatures.map((s) => [s.tool_name, s]));
    const methodOrPath: string[] = [];
    const stale: string[] = [];
    for (const { endpoint } of sut.list()) {
      const facts = byName.get(endpoint.toolName);
      if (!facts) {
        methodOrPath.push(`${endpoint.toolName}: not in api_v1_signatures.json`);
        continue;
      }
      if (facts.http_method !== endpoint.httpMethod || facts.path !== `/api/v1${endpoint.path}`) {
        methodOrPath.push(
          `${endpoint.toolName}: ${endpoint.httpMethod} ${endpoint.path} vs ${facts.http_method} ${facts.path}`,
        );
      }
      const ours = endpoint.parameters.map((p) => p.name);
      const theirs = facts.params.map((p) => p.name);
      const onlyYaml = ours.filter((n) => !theirs.includes(n));
      const onlyServer = theirs.filter((n) => !ours.includes(n));
      if (onlyYaml.length > 0 || onlyServer.length > 0) {
        stale.push(
          `${endpoint.toolName}: only in the yaml [${onlyYaml.join(', ')}], only in the server [${onlyServer.join(', ')}]`,
        );
      }
    }
    if (stale.length > 0) {
      console.info(
        `panda_api.yaml differs from the server's signatures in the parameters of ${stale.length} default tool(s) ` +
          `(the tools follow the yaml):\n  ${stale.join('\n  ')}`,
      );
    }
    expect(methodOrPath).toEqual([]);
  });
});
