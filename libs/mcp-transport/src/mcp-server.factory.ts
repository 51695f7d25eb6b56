import { Injectable } from '@nestjs/common';
import { AuthInfo, ProtocolError, ProtocolErrorCode, Server } from '@modelcontextprotocol/server';
import { pandaMcpVersion } from '@panda-mcp/config';
import { DIAGNOSIS_PROMPTS } from '@panda-mcp/diagnosis';
import { inServerSpan, shorten } from '@panda-mcp/common';
import { pandaAuthOf, toolViewOf, traceCarrierOf } from './auth-context.interceptor';
import { CONFIRMATION_TIMEOUT_MS, DestructiveConfirmation } from './destructive-confirmation.service';
import { MCP_APPS_EXTENSION, McpApps } from './mcp-apps.service';
import { PandaResources } from './panda-resources.service';
import { ToolCallService, UnknownToolError } from './tool-call.service';
import { ToolDiscovery } from './tool-discovery.service';
import type { ToolView } from './tool-view';
import { ToolViews } from './tool-views.service';

export const SERVER_NAME = 'panda-mcp';

/** The protocol era of a server's traffic, for traces: fixed for sessions, per request otherwise. */
export type ProtocolEraLabel = '2024-11-05' | '2025' | '2026-07-28';

/**
 * Builds MCP server instances: one per 2025-era session or SSE stream, one per 2026-07-28 request.
 * Instances are thin (two handlers over shared, prebuilt state), so building one per request is cheap.
 */
@Injectable()
export class McpServerFactory {
  constructor(
    private readonly tools: ToolCallService,
    private readonly resources: PandaResources,
    private readonly views: ToolViews,
    private readonly discovery: ToolDiscovery,
    private readonly confirmation: DestructiveConfirmation,
    private readonly apps: McpApps,
  ) {}

  readonly version: string = pandaMcpVersion();

  /**
   * `fixedView`: the tools a 2025-era session or SSE stream sees, fixed by the headers that opened it;
   * without it (2026-07-28), each message's own view.
   */
  create(fixedView?: ToolView, era?: ProtocolEraLabel): Server {
    const server = new Server(
      { name: SERVER_NAME, title: 'PanDA MCP', version: this.version },
      {
        capabilities: {
          tools: { listChanged: false },
          prompts: { listChanged: false },
          resources: { listChanged: false },
          ...(this.apps.enabled ? { extensions: { [MCP_APPS_EXTENSION]: {} } } : {}),
        },
        instructions:
          'Tools for PanDA, the workload manager of ATLAS and other experiments: look up tasks (jediTaskID) and ' +
          'jobs (PandaID), see why they failed, and manage them. PanDA authorizes every call with the ID token ' +
          'and VO your client sends; destructive tools (kill, finish, ...) are marked as such.',
        // a destructive call asks its person first (DestructiveConfirmation); the state of that round is signed
        requestState: { verify: this.confirmation.verify },
        inputRequired: { roundTimeoutMs: CONFIRMATION_TIMEOUT_MS, maxRounds: 2 },
      },
    );
    const viewOf = (authInfo: AuthInfo | undefined) => fixedView ?? toolViewOf(authInfo) ?? this.views.base;
    // from initialize (2025) or from this request's envelope (2026-07-28)
    const drawsViews = () => this.apps.drawsViews(server.getClientCapabilities());
    server.setRequestHandler('tools/list', (_request, ctx) => {
      const view = viewOf(ctx.http?.authInfo);
      const tools = this.discovery.searching ? this.discovery.listTools(view) : this.tools.listTools(view);
      return { tools: this.apps.listing(tools, drawsViews()) };
    });
    server.setRequestHandler('tools/call', async (request, ctx) => {
      const auth = pandaAuthOf(ctx.http?.authInfo);
      const call = {
        auth,
        signal: ctx.mcpReq.signal,
        view: viewOf(ctx.http?.authInfo),
        confirmation: this.confirmation.requestOf(server, ctx),
        forView: drawsViews(),
      };
      const name = request.params.name;
      return inServerSpan(
        () => {
          const meta = ctx.mcpReq._meta as Record<string, unknown> | undefined;
          return {
            name: 'tools/call',
            attributes: {
              'mcp.method.name': 'tools/call',
              'gen_ai.tool.name': shorten(name, 100),
              'mcp.protocol.era': era ?? (ctx.mcpReq.envelope ? '2026-07-28' : '2025'),
              ...(auth?.vo ? { 'panda.vo': auth.vo } : {}),
            },
            // a 2026-07-28 request's own trace context wins over its HTTP request's
            parents: [
              {
                traceparent: typeof meta?.traceparent === 'string' ? meta.traceparent : undefined,
                tracestate: typeof meta?.tracestate === 'string' ? meta.tracestate : undefined,
              },
              traceCarrierOf(ctx.http?.authInfo),
            ],
          };
        },
        async () => {
          if (this.discovery.handles(name)) {
            // no view draws what call_tool answers: the text alone
            const viaSearch = { ...call, forView: false };
            return {
              result: await this.discovery.call(name, request.params.arguments, viaSearch),
              outcome: 'ok',
            };
          }
          try {
            const report = await this.tools.call(name, request.params.arguments, call);
            return { result: report.inputRequired ?? report.result, outcome: report.outcome };
          } catch (error) {
            if (error instanceof UnknownToolError) {
              throw new ProtocolError(ProtocolErrorCode.InvalidParams, error.message);
            }
            throw error;
          }
        },
        ({ outcome }) => ({
          'panda_mcp.outcome': outcome,
          ...(outcome === 'ok' || outcome === 'confirmation_asked' ? {} : { 'error.type': outcome }),
        }),
      ).then(({ result }) => result);
    });
    server.setRequestHandler('prompts/list', () => ({ prompts: DIAGNOSIS_PROMPTS.map((p) => p.listing) }));
    server.setRequestHandler('prompts/get', (request) => {
      const prompt = DIAGNOSIS_PROMPTS.find((p) => p.listing.name === request.params.name);
      if (!prompt) {
        throw new ProtocolError(
          ProtocolErrorCode.InvalidParams,
          `Unknown prompt: ${request.params.name.slice(0, 100)} (known: ${DIAGNOSIS_PROMPTS.map((p) => p.listing.name).join(', ')})`,
        );
      }
      const rendered = prompt.render(request.params.arguments ?? {});
      if (!rendered.ok) throw new ProtocolError(ProtocolErrorCode.InvalidParams, rendered.problem);
      return rendered.result;
    });
    server.setRequestHandler('resources/list', () => ({
      resources: drawsViews() ? [...this.apps.resources] : [],
    }));
    server.setRequestHandler('resources/templates/list', () => ({
      resourceTemplates: this.resources.templates(),
    }));
    server.setRequestHandler(
      'resources/read',
      (request, ctx) =>
        this.apps.read(request.params.uri) ??
        this.resources.read(request.params.uri, pandaAuthOf(ctx.http?.authInfo), ctx.mcpReq.signal),
    );
    return server;
  }
}
