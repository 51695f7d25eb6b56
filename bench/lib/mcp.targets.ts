import { request } from './http';
import { LoadTarget } from './load';
import { CapturedRequest, fill, isToolSuccess, Session, templateOf } from './mcp-wire';

/** MCP requests as load targets: a message in a 2025-era session, or a replayed 2026-07-28 request. */
export function sessionTarget(name: string, url: string, session: Session, message: Record<string, unknown>) {
  const template = templateOf(message);
  return { name, url, method: 'POST' as const, headers: session.headers, body: () => fill(template) };
}

export function statelessTarget(name: string, url: string, captured: CapturedRequest): LoadTarget {
  const template = templateOf(captured.body);
  const headers = { ...captured.headers };
  delete headers['content-length'];
  return { name, url, method: 'POST', headers, body: () => fill(template), verify: isToolSuccess };
}

/** One request before any load: the target must answer 200 with an answer that passes its check. */
export async function sanityCheck(target: LoadTarget): Promise<void> {
  const answer = await request(target.url, {
    method: target.method,
    headers: target.headers,
    body: target.body?.(),
  });
  if (answer.status !== 200 || !target.verify(answer.body)) {
    throw new Error(`${target.name}: unexpected answer ${answer.status}: ${answer.body.slice(0, 500)}`);
  }
}
