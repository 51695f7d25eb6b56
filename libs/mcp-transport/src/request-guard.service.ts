import { Inject, Injectable } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pandaMcpConfig, PandaMcpConfig } from '@panda-mcp/config';
import { answerHttpError, answerJsonRpcError } from './http-answers';
import { JsonRpcHttpError, parseJsonRpcBody, readBodyText } from './json-rpc-body';
import { OriginPolicy } from './origin-policy';

/**
 * The checks every MCP route makes before the SDK sees a request: Host and Origin policy, body size,
 * JSON well-formedness and shape. Each method answers the refusal itself and says so by its result.
 */
@Injectable()
export class RequestGuard {
  readonly maxBodySize: number;

  constructor(
    private readonly policy: OriginPolicy,
    @Inject(pandaMcpConfig.KEY) config: PandaMcpConfig,
  ) {
    this.maxBodySize = config.maxBodySize;
  }

  admit(req: IncomingMessage, res: ServerResponse): boolean {
    const host = this.policy.checkHost(req.headers.host);
    if (!host.accepted) {
      answerJsonRpcError(res, 403, -32000, `Forbidden: ${host.reason}`);
      return false;
    }
    const originHeader = req.headers.origin;
    const origin = this.policy.checkOrigin(Array.isArray(originHeader) ? originHeader[0] : originHeader);
    if (!origin.accepted) {
      answerJsonRpcError(res, 403, -32000, `Forbidden: ${origin.reason}`);
      return false;
    }
    return true;
  }

  /** The parsed JSON-RPC message of a POST, or undefined when the request was refused (and answered). */
  async readMessage(req: IncomingMessage, res: ServerResponse): Promise<Record<string, unknown> | undefined> {
    try {
      return parseJsonRpcBody(await readBodyText(req, this.maxBodySize));
    } catch (error) {
      if (!(error instanceof JsonRpcHttpError)) throw error;
      answerHttpError(res, error);
      return undefined;
    }
  }

  refuseNewSession(res: ServerResponse): void {
    answerJsonRpcError(res, 503, -32000, 'Service Unavailable: too many open sessions, retry later', {
      'Retry-After': '5',
    });
  }
}
