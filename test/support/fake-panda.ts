import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake PanDA does with one request. */
export type FaultBehaviour =
  | { kind: 'ok'; data?: unknown }
  | { kind: 'slow'; delayMs: number; data?: unknown }
  /** Answered ok (with `data`) only when the test calls release(): a call kept in flight for as long as needed. */
  | { kind: 'held'; data?: unknown }
  | { kind: 'hang' }
  | { kind: 'reset' }
  | { kind: 'trickle'; chunks: number; everyMs: number }
  | { kind: 'status'; status: number; body: string; headers?: Record<string, string> }
  | { kind: 'echo-token'; status: number }
  /**
   * A body of `bytes`. With holdUntilRequests, 90% is sent, then the rest once that many answers for the
   * path have sent their 90% (or were dropped by the caller first): their bytes are in flight at once.
   */
  | { kind: 'huge'; bytes: number; holdUntilRequests?: number }
  /** A 200 declared as JSON whose body breaks off in the middle of PanDA's envelope. */
  | { kind: 'invalid-json' }
  /** A 200 with an HTML page (text/html), as a login portal or a proxy's error page answers. */
  | { kind: 'html' }
  /**
   * A 200 whose body never ends: 64 KiB chunks, as fast as the caller reads, until it goes away. Bounded
   * for safety: after `safetyBytes` (default 1 GiB) the body is ended, so a caller that never stops
   * reading gets a complete (and wrong) answer instead of a fake writing forever.
   */
  | { kind: 'endless'; safetyBytes?: number };

export interface SeenRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** Resolves when the connection of this request closed (answered or abandoned by the caller). */
  closed: Promise<void>;
  /** True when the caller went away before we answered. */
  abandoned: () => boolean;
  /** Body bytes an endless answer has written so far (0 for the other behaviours). */
  bodyBytes: () => number;
}

export interface FakePanda {
  apiUrl: string;
  /** The requests made for callers (the service's own is_alive probes are left out). */
  seen: SeenRequest[];
  /** The behaviour for requests whose path ends with `path` (e.g. `/system/is_alive`); default: ok. */
  behave(path: string, behaviour: FaultBehaviour): void;
  /** Answers every request a `held` behaviour is holding. */
  release(): void;
  reset(): void;
  close(): Promise<void>;
}

const envelope = (data: unknown) => JSON.stringify({ success: true, message: '', data });

/**
 * A PanDA stand-in on loopback whose behaviour is chosen per path by the test (looked up again for every
 * request, so a test can change it between calls): slow, hang, reset, trickle, any status with headers
 * (429/503 with Retry-After, redirects), a body echoing the caller's token, huge bodies, a 200 that is
 * not JSON (broken JSON, an HTML page), a body that never ends. Every request is kept,
 * with a promise for the close of its connection, so tests can see upstream calls being cancelled.
 */
export async function startFakePanda(): Promise<FakePanda> {
  const behaviours = new Map<string, FaultBehaviour>();
  const seen: SeenRequest[] = [];
  /** Per path: huge answers that reached their hold point, or whose caller went away before it. */
  const atHold = new Map<string, number>();
  /** The answers `held` requests are waiting for. */
  const heldAnswers: Array<() => void> = [];
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?', 1)[0];
    let answered = false;
    let bodyBytes = 0;
    res.on('finish', () => (answered = true));
    const closed = new Promise<void>((resolve) => res.once('close', () => resolve()));
    // panda-mcp's own credential-free is_alive probe is answered (ok) but not recorded: tests look at calls.
    const probe = String(req.headers['x-request-id'] ?? '').startsWith('probe-');
    if (!probe)
      seen.push({
        method: req.method ?? '',
        path,
        headers: req.headers,
        closed,
        abandoned: () => !answered,
        bodyBytes: () => bodyBytes,
      });
    req.resume();
    // the probe is always answered at once: a test's slow, huge or held behaviour is for its own calls
    const chosen = probe ? undefined : [...behaviours].find(([suffix]) => path.endsWith(suffix))?.[1];
    const behaviour: FaultBehaviour = chosen ?? { kind: 'ok' };
    const json = (status: number, body: string, headers: Record<string, string> = {}) => {
      if (res.destroyed) return;
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      res.end(body);
    };
    switch (behaviour.kind) {
      case 'ok':
        return json(200, envelope(behaviour.data ?? 'alive'));
      case 'slow':
        return later(behaviour.delayMs, () => json(200, envelope(behaviour.data ?? 'alive')));
      case 'held':
        return void heldAnswers.push(() => json(200, envelope(behaviour.data ?? 'alive')));
      case 'hang':
        return;
      case 'reset':
        return req.socket.destroy();
      case 'trickle': {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        let sent = 0;
        const drip = () => {
          if (res.destroyed) return;
          if (sent++ >= behaviour.chunks) return void res.end('"}');
          res.write(sent === 1 ? '{"success": true, "message": "", "data": "' : 'x');
          later(behaviour.everyMs, drip);
        };
        return drip();
      }
      case 'status':
        return json(behaviour.status, behaviour.body, behaviour.headers);
      case 'echo-token':
        res.writeHead(behaviour.status, { 'Content-Type': 'text/plain' });
        return void res.end(`ERROR : Invalid token: ${req.headers.authorization ?? '(none)'}`);
      case 'huge': {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const prefix = '{"success": true, "message": "", "data": "';
        const chunk = 'x'.repeat(64 * 1024);
        let left = behaviour.bytes;
        let held = behaviour.holdUntilRequests !== undefined;
        let counted = false;
        const countAtHold = () => {
          if (counted) return;
          counted = true;
          atHold.set(path, (atHold.get(path) ?? 0) + 1);
        };
        if (held) res.once('close', countAtHold);
        const waitedFor = Date.now();
        res.write(prefix);
        const pump = (): void => {
          while (left > 0 && !res.destroyed) {
            if (held && left <= behaviour.bytes / 10) {
              countAtHold();
              const together = (atHold.get(path) ?? 0) >= behaviour.holdUntilRequests!;
              if (!together && Date.now() - waitedFor < 10_000) return later(10, pump);
              held = false;
            }
            left -= chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          if (!res.destroyed) res.end('"}');
        };
        return pump();
      }
      case 'invalid-json':
        return json(200, '{"success": true, "message": "", "data": {"jediTaskID": 1001, "status": "run');
      case 'html':
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        return void res.end(
          '<!DOCTYPE html>\n<html><head><title>Sign in - CERN Single Sign-On</title></head>' +
            '<body><form method="post" action="/auth"><input name="username"></form></body></html>\n',
        );
      case 'endless': {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const chunk = 'x'.repeat(64 * 1024);
        const safetyBytes = behaviour.safetyBytes ?? 1024 * 1024 * 1024;
        res.write('{"success": true, "message": "", "data": "');
        const pump = (): void => {
          while (!res.destroyed && bodyBytes < safetyBytes) {
            bodyBytes += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          if (!res.destroyed) res.end('"}');
        };
        return pump();
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/v1`,
    seen,
    behave: (path, behaviour) => void behaviours.set(path, behaviour),
    release: () => {
      for (const answer of heldAnswers.splice(0)) answer();
    },
    reset: () => {
      behaviours.clear();
      seen.length = 0;
      atHold.clear();
      heldAnswers.length = 0;
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
