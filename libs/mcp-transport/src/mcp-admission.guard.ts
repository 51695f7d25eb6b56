import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { isInitializeRequest } from '@modelcontextprotocol/server';
import { sessionOwnerOf } from '@panda-mcp/operations';
import { readCallerToken, readHeader } from '@panda-mcp/panda-client';
import { CallerLimits } from './caller-limits.service';
import { OriginPolicy } from './origin-policy';
import { JsonRpcHttpError, TRANSPORT_ERROR } from './json-rpc-http.error';
import { McpHttpRequest } from './mcp-http-request';
import { SessionRegistry } from './session-registry.service';

/** How a route opens sessions: every request (the SSE stream) or a POSTed `initialize` without a session. */
export type SessionOpening = 'every-request' | 'initialize';
const SESSION_OPENING = 'panda-mcp:session-opening';

/** Marks a handler whose requests may open a session, so the admission guard checks for room. */
export const OpensSession = (how: SessionOpening) => SetMetadata(SESSION_OPENING, how);

/**
 * Admission for MCP routes: the Host/Origin policy (403), then, for requests that would open a session,
 * whether one may open now (503 with Retry-After: shutting down, or all session slots taken).
 */
@Injectable()
export class McpAdmissionGuard implements CanActivate {
  constructor(
    private readonly policy: OriginPolicy,
    private readonly sessions: SessionRegistry,
    private readonly limits: CallerLimits,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<McpHttpRequest>();
    const host = this.policy.checkHost(req.headers.host);
    if (!host.accepted) throw new JsonRpcHttpError(403, TRANSPORT_ERROR, `Forbidden: ${host.reason}`);
    const origin = this.policy.checkOrigin(readHeader(req.headers, 'origin'));
    if (!origin.accepted) throw new JsonRpcHttpError(403, TRANSPORT_ERROR, `Forbidden: ${origin.reason}`);
    const opening = this.reflector.get<SessionOpening | undefined>(SESSION_OPENING, context.getHandler());
    if (opening && this.opensSession(req, opening)) this.admitNewSession(req);
    return true;
  }

  private opensSession(req: McpHttpRequest, opening: SessionOpening): boolean {
    if (opening === 'every-request') return req.method === 'GET';
    return (
      req.method === 'POST' && req.headers['mcp-session-id'] === undefined && isInitializeRequest(req.body)
    );
  }

  private admitNewSession(req: McpHttpRequest): void {
    if (!this.sessions.accepting) {
      throw new JsonRpcHttpError(
        503,
        TRANSPORT_ERROR,
        'Service Unavailable: the service is shutting down, retry on another replica',
        { 'Retry-After': '5' },
      );
    }
    if (!this.sessions.hasRoom()) {
      throw new JsonRpcHttpError(
        503,
        TRANSPORT_ERROR,
        'Service Unavailable: too many open sessions, retry later',
        {
          'Retry-After': '5',
        },
      );
    }
    const owner = sessionOwnerOf(readCallerToken(req.headers));
    if (!this.sessions.hasRoomFor(owner)) {
      const whose = this.limits.isAnonymous(owner)
        ? 'callers without an accepted PanDA token (make one call with a valid token first)'
        : 'you';
      throw new JsonRpcHttpError(
        429,
        TRANSPORT_ERROR,
        `Too Many Requests: ${whose} already hold the most sessions allowed (${this.limits.sessionAllowance(owner)}); close one (DELETE) or reuse it`,
        { 'Retry-After': '30' },
      );
    }
  }
}
