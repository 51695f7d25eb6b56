import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ConfigFileAccess } from './config-file-access';
import { PandaMcpConfigDto } from './panda-mcp-config.dto';
import { PANDA_MCP_CONFIG_KEYS } from './panda-mcp-config.keys';
import { MergedPandaMcpConfig } from './panda-mcp-config.merger';
import { PandaMcpConfig } from './panda-mcp-config';

/**
 * Checks the merged values: ranges, enumerations and formats (PandaMcpConfigDto), then the files and
 * directories they name, and settings that depend on each other. Reports every problem to `merged`
 * (a value that already has one is not checked again). When the default endpoint list file is missing,
 * sets endpointListFile to undefined (the bundled list). Returns notes for the operator.
 */
export function validatePandaMcpConfig(merged: MergedPandaMcpConfig, fs: ConfigFileAccess): string[] {
  checkConstraints(merged);
  const notes = checkEndpointList(merged, fs);
  if (merged.isSet('apiSpecFile')) checkFile(merged, fs, 'apiSpecFile');
  if (merged.isSet('toolsetsFile')) checkFile(merged, fs, 'toolsetsFile');
  checkFile(merged, fs, 'sslKeyfile');
  checkFile(merged, fs, 'sslCertfile');
  checkFile(merged, fs, 'caBundle');
  const caDir = merged.usable('caDir');
  if (caDir !== undefined && !fs.isDirectory(caDir)) {
    merged.report('caDir', fs.exists(caDir) ? 'is not a directory' : 'no such directory');
  }
  checkSslPair(merged);
  checkSessionMode(merged);
  return notes;
}

function checkConstraints(merged: MergedPandaMcpConfig): void {
  const dto = plainToInstance(PandaMcpConfigDto, merged.values);
  for (const error of validateSync(dto, { forbidUnknownValues: false })) {
    const def = PANDA_MCP_CONFIG_KEYS.find((k) => k.prop === error.property);
    if (def === undefined || merged.hasFailed(def.prop)) continue;
    const messages = Object.values(error.constraints ?? {});
    merged.report(def.prop, messages[0] ?? 'is not valid');
  }
}

/** A configured endpoint list must be a readable file; the default one is used only when it exists. */
function checkEndpointList(merged: MergedPandaMcpConfig, fs: ConfigFileAccess): string[] {
  const endpointList = merged.usable('endpointListFile');
  if (endpointList === undefined || merged.isSet('endpointListFile')) {
    checkFile(merged, fs, 'endpointListFile');
    return [];
  }
  if (!fs.exists(endpointList)) {
    merged.values.endpointListFile = undefined;
    return [`${endpointList} does not exist; using the endpoint list bundled with panda-mcp`];
  }
  checkFile(merged, fs, 'endpointListFile');
  return merged.hasFailed('endpointListFile') ? [] : [`using the endpoint list ${endpointList}`];
}

function checkSslPair(merged: MergedPandaMcpConfig): void {
  const keySet = merged.isSet('sslKeyfile');
  if (keySet === merged.isSet('sslCertfile')) return;
  const [present, missing] = keySet ? ['ssl_keyfile', 'ssl_certfile'] : ['ssl_certfile', 'ssl_keyfile'];
  merged.report(
    keySet ? 'sslKeyfile' : 'sslCertfile',
    `is set but ${missing} is not; set both ${present} and ${missing} to serve HTTPS, or neither`,
  );
}

function checkFile(merged: MergedPandaMcpConfig, fs: ConfigFileAccess, prop: keyof PandaMcpConfig): void {
  const path = merged.usable(prop);
  if (path === undefined) return;
  const what = fileProblem(fs, path);
  if (what !== undefined) merged.report(prop, what);
}

function fileProblem(fs: ConfigFileAccess, path: string): string | undefined {
  if (!fs.exists(path)) return 'no such file';
  if (fs.isDirectory(path)) return 'is a directory, expected a file';
  if (!fs.isReadableFile(path)) return 'is not a readable file';
  return undefined;
}

/** Stateless serving is a Streamable HTTP mode: an SSE client keeps its stream on one replica. */
function checkSessionMode(merged: MergedPandaMcpConfig): void {
  if (merged.usable('sessionMode') === 'stateless' && merged.usable('transport') === 'sse') {
    merged.report(
      'sessionMode',
      'must be "stateful" when transport = sse (an SSE client keeps its stream on one replica; set balancer_route for Apache\'s stickysession instead)',
    );
  }
}
