import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { tracingRequest } from '@panda-mcp/common';
import { loadPandaMcpConfig, McpAppsMode } from '@panda-mcp/config';
import { ToolCallService, ToolViews } from '@panda-mcp/mcp-transport';
import { AppModule } from './app.module';
import { createServiceLogger } from './logging';

/** The note for an mcp_apps mode other than the default. */
const MCP_APPS_NOTES: Partial<Record<McpAppsMode, string>> = {
  always: 'note: mcp_apps = always: every client gets the MCP Apps views, declared or not',
  off: 'note: mcp_apps = off: no MCP Apps views are served',
};

/** What `--check-config` found: the exit code and the lines to print. */
export interface ConfigCheckReport {
  exitCode: 0 | 1;
  lines: string[];
}

/**
 * Loads and checks everything the service checks at start (configuration, API description, endpoint
 * list, toolsets, error catalogue) by building the service's modules exactly as startup does, without
 * listening or calling PanDA. For systemd `ExecStartPre` and operators' CI.
 */
export async function checkPandaMcpConfig(env: NodeJS.ProcessEnv = process.env): Promise<ConfigCheckReport> {
  try {
    const { config, warnings, notes } = loadPandaMcpConfig({ env });
    const tracing = tracingRequest(env);
    if ('problem' in tracing) throw new Error(tracing.problem);
    const pino = createServiceLogger({ ...env, LOG_LEVEL: 'silent' });
    const app = await NestFactory.createApplicationContext(AppModule.forConfig(config, pino), {
      logger: false,
      abortOnError: false,
    });
    try {
      const views = app.get(ToolViews);
      const tools = app.get(ToolCallService).listTools(views.base);
      const writing = tools.filter((tool) => tool.annotations?.readOnlyHint !== true).length;
      return {
        exitCode: 0,
        lines: [
          `panda-mcp configuration OK: ${tools.length} tools served (${writing} that change state), ` +
            `transport ${config.transport}, port ${config.port}, PanDA ${config.pandaApiUrl}` +
            (config.readOnly ? ', read-only' : '') +
            (config.toolsets.length ? `, toolsets ${config.toolsets.join(', ')}` : ''),
          ...[...warnings, ...views.warnings].map((warning) => `warning: ${warning}`),
          ...notes.map((note) => `note: ${note}`),
          ...(tracing.enabled
            ? [`note: tracing on: OTLP ${tracing.protocol} export of every tools/call`]
            : []),
          ...[MCP_APPS_NOTES[config.mcpApps]].filter((note) => note !== undefined),
        ],
      };
    } finally {
      await app.close();
    }
  } catch (error) {
    return { exitCode: 1, lines: [`panda-mcp configuration problems:`, (error as Error).message] };
  }
}
