import { isLoopbackHost } from '@panda-mcp/common';
import { ConfigFileAccess, nodeConfigFileAccess } from './config-file-access';
import { clipForMessage } from './config-problem.formatter';
import { ConfigFileSection, readConfigSources } from './config-sources.reader';
import { ConfigValidationError } from './config-validation.error';
import { defaultEndpointListFile, defaultPandaMcpConfig } from './panda-mcp-config.defaults';
import { IGNORED_CREDENTIAL_ENV, isKnownConfigKey } from './panda-mcp-config.keys';
import { mergePandaMcpConfig } from './panda-mcp-config.merger';
import { validatePandaMcpConfig } from './panda-mcp-config.validator';
import { PandaMcpConfig } from './panda-mcp-config';

export interface LoadPandaMcpConfigOptions {
  /** Environment to read; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** File access; default node:fs. */
  fs?: ConfigFileAccess;
}

export interface LoadedPandaMcpConfig {
  /** The validated configuration (frozen). */
  config: PandaMcpConfig;
  /** Things an operator should look at (log at warn level). */
  warnings: string[];
  /** Informational messages (log at log/info level). */
  notes: string[];
}

/**
 * Builds the validated panda-mcp configuration from (highest precedence first) the environment, the `mcp`
 * object of `$PANDA_HOME/etc/config_json/panda_server_config.json`, the `[mcp]` section of panda_server.cfg
 * and the defaults. Throws one ConfigValidationError listing every problem found.
 */
export function loadPandaMcpConfig(options: LoadPandaMcpConfigOptions = {}): LoadedPandaMcpConfig {
  const env = options.env ?? process.env;
  const fs = options.fs ?? nodeConfigFileAccess;

  const sources = readConfigSources(env, fs);
  const notes = sources.sections.map((section) => `read settings from ${section.label}`);
  const warnings = sources.sections.flatMap(unknownKeyWarnings);

  const merged = mergePandaMcpConfig(sources, {
    ...defaultPandaMcpConfig(),
    endpointListFile: defaultEndpointListFile(sources.pandaHome),
  });
  notes.push(...validatePandaMcpConfig(merged, fs));

  // File-level problems first, then one or more per key, in the order of PANDA_MCP_CONFIG_KEYS.
  const problems = [...sources.problems, ...merged.problemsInKeyOrder()];
  if (problems.length > 0) throw new ConfigValidationError(problems);

  const config = merged.values as unknown as PandaMcpConfig;
  if (!config.verifyUpstreamTls) {
    warnings.push(
      `!!! UPSTREAM TLS VERIFICATION IS DISABLED (verify_host from ${merged.originOf('verifyUpstreamTls').source}) !!! ` +
        `The certificate of ${config.pandaApiUrl} is not checked: anyone able to impersonate that server receives ` +
        'the ID tokens of every MCP client. Use this only for testing.',
    );
  }
  const upstream = new URL(config.pandaApiUrl);
  if (upstream.protocol === 'http:' && !isLoopbackHost(upstream.hostname)) {
    warnings.push(
      `panda_api_url ${config.pandaApiUrl} uses plain http: client ID tokens travel to PanDA unencrypted`,
    );
  }
  if (config.confirmDestructive !== 'off' && config.requestStateSecret === undefined) {
    notes.push(
      'request_state_secret is not set: confirmations of destructive calls are signed with a key made at start, ' +
        'so a 2026-07-28 client that answers another replica, or this one after a restart, is asked again; ' +
        'set the same secret on every replica',
    );
  }
  const ignored = IGNORED_CREDENTIAL_ENV.filter((name) => sources.envValue(name) !== undefined);
  if (ignored.length > 0) {
    notes.push(
      `${ignored.join(', ')} ${ignored.length === 1 ? 'is' : 'are'} set in the environment but ignored: panda-mcp never ` +
        "calls PanDA with credentials of its own; each call carries the MCP client's Authorization and Origin headers",
    );
  }

  return { config: freezeConfig(config), warnings, notes };
}

function unknownKeyWarnings(section: ConfigFileSection): string[] {
  const unknown = Object.keys(section.values).filter((k) => !isKnownConfigKey(k));
  if (unknown.length === 0) return [];
  return [
    `${section.label}: ignoring unknown key(s) ${unknown.map((k) => `"${clipForMessage(k)}"`).join(', ')}`,
  ];
}

function freezeConfig(config: PandaMcpConfig): PandaMcpConfig {
  Object.freeze(config.allowedHosts);
  Object.freeze(config.allowedVos);
  return Object.freeze(config);
}
