import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { isInitializeRequest } from '@modelcontextprotocol/server';
import { pandaMcpConfig, PandaMcpConfig } from '@panda-mcp/config';
import { ANONYMOUS_CALLER, requestIdOf, sessionOwnerOf } from '@panda-mcp/operations';
import { readCallerToken, readHeader } from '@panda-mcp/panda-client';
import type { ServerResponse } from 'node:http';
import { CallerAcceptance } from './caller-acceptance.service';
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
 * whether one may open now (503 with Retry-After: shutting down, or all session slots taken; 429 when the
 * caller's allowance is full, after asking PanDA once whether a not-yet-accepted token is real).
 */
@Injectable()
export class McpAdmissionGuard implements CanActivate {
  /** session_mode = stateless: an initialize opens nothing, so it needs no session slot. */
  private readonly stateless: boolean;

  constructor(
    private readonly policy: OriginPolicy,
    private readonly sessions: SessionRegistry,
    private readonly limits: CallerLimits,
    private readonly acceptance: CallerAcceptance,
    private readonly reflector: Reflector,
    @Inject(pandaMcpConfig.KEY) config: Pick<PandaMcpConfig, 'sessionMode'>,
  ) {
    this.stateless = config.sessionMode === 'stateless';
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<McpHttpRequest>();
    const host = this.policy.checkHost(req.headers.host);
    if (!host.accepted) throw new JsonRpcHttpError(403, TRANSPORT_ERROR, `Forbidden: ${host.reason}`);
    const origin = this.policy.checkOrigin(readHeader(req.headers, 'origin'));
    if (!origin.accepted) throw new JsonRpcHttpError(403, TRANSPORT_ERROR, `Forbidden: ${origin.reason}`);
    const opening = this.reflector.get<SessionOpening | undefined>(SESSION_OPENING, context.getHandler());
    if (opening && this.opensSession(req, opening)) {
      await this.admitNewSession(req, context.switchToHttp().getResponse<ServerResponse>(), origin.vo);
    }
    return true;
  }

  private opensSession(req: McpHttpRequest, opening: SessionOpening): boolean {
    if (opening === 'every-request') return req.method === 'GET';
    if (this.stateless) return false;
    return (
      req.method === 'POST' && req.headers['mcp-session-id'] === undefined && isInitializeRequest(req.body)
    );
  }

  private async admitNewSession(
    req: McpHttpRequest,
    res: ServerResponse,
    vo: string | undefined,
  ): Promise<void> {
    this.checkRoom();
    const token = readCallerToken(req.headers);
    const owner = sessionOwnerOf(token);
    if (this.sessions.hasRoomFor(owner)) return;
    // the shared allowance of not-yet-accepted callers is full: a real token still gets in
    const auth = { token, vo, requestId: requestIdOf(req, res), caller: owner };
    if (this.limits.isAnonymous(owner) && (await this.acceptance.confirm(owner, auth))) {
      // the check took time: shutdown may have begun and the last slots may be gone meanwhile
      this.checkRoom();
      if (this.sessions.hasRoomFor(owner)) return;
    }
    const whose = !this.limits.isAnonymous(owner)
      ? 'you'
      : owner === ANONYMOUS_CALLER
        ? 'callers without a token'
        : 'callers whose token PanDA has not accepted (yours was refused, or PanDA could not be asked now)';
    throw new JsonRpcHttpError(
      429,
      TRANSPORT_ERROR,
      `Too Many Requests: ${whose} already hold the most sessions allowed (${this.limits.sessionAllowance(owner)}); close one (DELETE) or reuse it`,
      { 'Retry-After': '30' },
    );
  }

  /** 503 while shutting down or when every session slot is taken. */
  private checkRoom(): void {
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
  }
}
