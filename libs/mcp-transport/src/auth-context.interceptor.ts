import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { AuthInfo } from '@modelcontextprotocol/server';
import type { ServerResponse } from 'node:http';
import type { Observable } from 'rxjs';
import { TraceCarrier, tracingEnabled } from '@panda-mcp/common';
import { ANONYMOUS_CALLER, requestIdOf, sessionOwnerOf } from '@panda-mcp/operations';
import { AuthContext, readCallerToken, readHeader } from '@panda-mcp/panda-client';
import { McpHttpRequest } from './mcp-http-request';
import { OriginPolicy } from './origin-policy';
import type { ToolView } from './tool-view';
import { ToolViews } from './tool-views.service';

const CALLER_CLIENT_ID = 'panda-mcp-caller';

function traceCarrierFrom(headers: McpHttpRequest['headers']): TraceCarrier {
  return { traceparent: readHeader(headers, 'traceparent'), tracestate: readHeader(headers, 'tracestate') };
}

/** The AuthContext of one message, as the SDK hands it to tool handlers (`ctx.http.authInfo`). */
export function pandaAuthOf(authInfo: AuthInfo | undefined): AuthContext | undefined {
  return authInfo?.extra?.pandaAuth as AuthContext | undefined;
}

/** The W3C trace context of the HTTP request that carried one message (only when tracing is on). */
export function traceCarrierOf(authInfo: AuthInfo | undefined): TraceCarrier | undefined {
  return authInfo?.extra?.traceCarrier as TraceCarrier | undefined;
}

/** The tool view of one message (set with its auth context). */
export function toolViewOf(authInfo: AuthInfo | undefined): ToolView | undefined {
  return authInfo?.extra?.toolView as ToolView | undefined;
}

/** The identity a request's session belongs to (anonymous when the request carried no auth context). */
export function callerOf(authInfo: AuthInfo | undefined): string {
  return pandaAuthOf(authInfo)?.caller ?? ANONYMOUS_CALLER;
}

/**
 * Derives the caller's AuthContext from each MCP HTTP request (token from `X-Auth-Token` or
 * `Authorization: Bearer`, VO from a VO-shaped `Origin`, the request id) and attaches it as `req.auth`,
 * which both SDK transports and our SSE transport pass to that message's handlers. So credentials are
 * per message: a client that refreshes its token mid-session is served with the new one.
 */
@Injectable()
export class AuthContextInterceptor implements NestInterceptor {
  constructor(
    private readonly originPolicy: OriginPolicy,
    private readonly views: ToolViews,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<McpHttpRequest>();
    const auth = this.authContextOf(req, requestIdOf(req, http.getResponse<ServerResponse>()));
    req.auth = {
      token: auth.token ?? '',
      clientId: CALLER_CLIENT_ID,
      scopes: [],
      // which tools this message may see: the deployment's view narrowed by X-MCP-Readonly/-Toolsets
      extra: {
        pandaAuth: auth,
        toolView: this.views.forRequest(req.headers),
        ...(tracingEnabled() ? { traceCarrier: traceCarrierFrom(req.headers) } : {}),
      },
    };
    return next.handle();
  }

  authContextOf(req: McpHttpRequest, requestId: string): AuthContext {
    const origin = this.originPolicy.checkOrigin(readHeader(req.headers, 'origin'));
    const token = readCallerToken(req.headers);
    return { requestId, token, vo: origin.accepted ? origin.vo : undefined, caller: sessionOwnerOf(token) };
  }
}
