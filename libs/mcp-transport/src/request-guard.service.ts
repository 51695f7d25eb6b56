import { Injectable } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerJsonRpcError } from './http-answers';
import { OriginPolicy } from './origin-policy';

/** Host and Origin checks shared by every MCP route. Answers 403 itself and returns false on refusal. */
@Injectable()
export class RequestGuard {
  constructor(private readonly policy: OriginPolicy) {}

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
}
