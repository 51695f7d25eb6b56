import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  Client as Client2026,
  StreamableHTTPClientTransport as Streamable2026,
} from '@modelcontextprotocol/client';
import { connect2025, fetchWithCredentials } from '../support/mcp-clients';
import { until } from '../support/bounded-wait';
import { RunningPandaMcp, startPandaMcp } from '../support/panda-mcp.process';
import { RunningPandaSim, startPandaSim } from '../support/panda-sim.process';

/** One span as OTLP/JSON carries it (the fields the test reads). */
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Array<{ key: string; value: { stringValue?: string; intValue?: string | number } }>;
}

/** An in-process OTLP/HTTP receiver: keeps every export's raw body and content type. */
async function startReceiver() {
  const exports: Array<{ contentType: string; body: Buffer }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url === '/v1/traces')
        exports.push({ contentType: req.headers['content-type'] ?? '', body: Buffer.concat(chunks) });
      res.writeHead(200, { 'Content-Type': req.headers['content-type'] ?? 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const spans = (): OtlpSpan[] =>
    exports
      .filter((e) => e.contentType.includes('json'))
      .flatMap((e) => JSON.parse(e.body.toString()).resourceSpans)
      .flatMap((r: { scopeSpans: Array<{ spans: OtlpSpan[] }> }) => r.scopeSpans.flatMap((s) => s.spans));
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return { url, exports, spans, close };
}

const attribute = (span: OtlpSpan, key: string) => {
  const value = span.attributes.find((a) => a.key === key)?.value;
  return value?.stringValue ?? value?.intValue;
};

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const HTTP_PARENT = '00f067aa0ba902b7';
const META_PARENT = 'a3ce929d0e0e4736';

/**
 * OpenTelemetry tracing (OTEL_EXPORTER_OTLP_ENDPOINT): each tools/call is a server span continuing the
 * caller's W3C trace context, with one child span per PanDA request whose traceparent reaches PanDA.
 */
describe('tracing every tools/call into PanDA (OpenTelemetry, OTLP/HTTP)', () => {
  let sim: RunningPandaSim;
  let alice: string;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const services: RunningPandaMcp[] = [];

  beforeAll(async () => {
    sim = await startPandaSim();
    alice = await sim.token('alice', 'atlas');
    receiver = await startReceiver();
  }, 60_000);

  afterAll(async () => {
    for (const service of services) await service.stop();
    await sim?.stop();
    await receiver?.close();
  });

  const start = async (env: Record<string, string>) => {
    const service = await startPandaMcp({
      PANDA_API_URL: sim.apiUrl,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '50',
      ...env,
    });
    services.push(service);
    return service;
  };

  it('continues the HTTP traceparent (2025) and the _meta one (2026-07-28), with a child span per PanDA request', async () => {
    const mcp = await start({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_SERVICE_NAME: 'panda-mcp-e2e' });
    const credentials = {
      token: alice,
      vo: 'atlas',
      headers: { traceparent: `00-${TRACE_ID}-${HTTP_PARENT}-01` },
    };
    const legacy = await connect2025(mcp.mcpUrl, credentials);
    const modern = new Client2026(
      { name: 'e2e-traced', version: '1.0.0' },
      { versionNegotiation: { mode: { pin: '2026-07-28' } } },
    );
    await modern.connect(
      new Streamable2026(new URL(mcp.mcpUrl), { fetch: fetchWithCredentials(credentials) }),
    );
    try {
      await legacy.callTool({ name: 'task_get_status', arguments: { task_id: 1001 } });
      await modern.callTool({
        name: 'task_diagnose',
        arguments: { task_id: 1001 },
        _meta: { traceparent: `00-${TRACE_ID}-${META_PARENT}-01` },
      });
    } finally {
      await legacy.close();
      await modern.close();
    }
    const servers = await until(
      'two tools/call spans at the OTLP receiver',
      () => {
        const found = receiver.spans().filter((s) => s.name === 'tools/call');
        return found.length >= 2 ? found : undefined;
      },
      10_000,
    );
    const byTool = (tool: string) => servers.find((s) => attribute(s, 'gen_ai.tool.name') === tool)!;
    const status = byTool('task_get_status');
    const diagnose = byTool('task_diagnose');
    // 2025: the HTTP request's traceparent is the parent; 2026-07-28: the request's _meta wins over it
    expect(status).toMatchObject({ traceId: TRACE_ID, parentSpanId: HTTP_PARENT, kind: 2 });
    expect(diagnose).toMatchObject({ traceId: TRACE_ID, parentSpanId: META_PARENT, kind: 2 });
    expect(attribute(status, 'mcp.protocol.era')).toBe('2025');
    expect(attribute(diagnose, 'mcp.protocol.era')).toBe('2026-07-28');
    expect(attribute(status, 'panda_mcp.outcome')).toBe('ok');
    expect(attribute(status, 'panda.vo')).toBe('atlas');

    const children = receiver.spans().filter((s) => s.name.startsWith('PanDA '));
    const statusCalls = children.filter((s) => s.parentSpanId === status.spanId);
    const diagnoseCalls = children.filter((s) => s.parentSpanId === diagnose.spanId);
    expect(statusCalls.map((s) => s.name)).toEqual(['PanDA GET /task/get_status']);
    // task_diagnose reads PanDA twice (details, then the failed jobs)
    expect(diagnoseCalls.length).toBe(2);
    expect([...statusCalls, ...diagnoseCalls].every((s) => s.kind === 3 && s.traceId === TRACE_ID)).toBe(
      true,
    );
    expect(attribute(statusCalls[0], 'http.response.status_code')).toBe(200);

    // PanDA received the child span's traceparent
    const seen = (await sim.requests(10)) as Array<{ path: string; traceparent: string | null }>;
    const statusRequest = seen.find((r) => r.path === '/api/v1/task/get_status')!;
    expect(statusRequest.traceparent).toBe(`00-${TRACE_ID}-${statusCalls[0].spanId}-01`);

    // no token, and no argument values other than the tool name, in anything exported
    const exported = receiver.exports.map((e) => e.body.toString()).join('\n');
    expect(exported).not.toContain(alice);
    expect(exported).not.toContain(alice.split('.')[1]);
    expect(exported).toContain('"panda-mcp-e2e"');
  }, 60_000);

  it('exports http/protobuf by default, and sends no traceparent to PanDA when tracing is off', async () => {
    const traced = await start({});
    const client = await connect2025(traced.mcpUrl, { token: alice, vo: 'atlas' });
    try {
      await client.callTool({ name: 'task_get_status', arguments: { task_id: 1002 } });
    } finally {
      await client.close();
    }
    const protobuf = await until(
      'a protobuf export with the tools/call span',
      () =>
        receiver.exports.find(
          (e) => e.contentType === 'application/x-protobuf' && e.body.includes(Buffer.from('tools/call')),
        ),
      10_000,
    );
    const protobufExports = receiver.exports.filter((e) => e.contentType === 'application/x-protobuf');
    expect(protobufExports.some((e) => e.body.includes(Buffer.from(alice)))).toBe(false);
    expect(
      protobuf.body.includes(Buffer.from('PanDA GET /task/get_status')) || protobufExports.length > 1,
    ).toBe(true);

    const untraced = await startPandaMcp({ PANDA_API_URL: sim.apiUrl });
    services.push(untraced);
    const plain = await connect2025(untraced.mcpUrl, {
      token: alice,
      vo: 'atlas',
      headers: { traceparent: `00-${TRACE_ID}-${HTTP_PARENT}-01` },
    });
    try {
      await plain.callTool({ name: 'task_get_status', arguments: { task_id: 1003 } });
    } finally {
      await plain.close();
    }
    const last = (await sim.lastCall())!;
    expect(last.traceparent).toBeNull();
    expect(last.headerNames).not.toContain('traceparent');
  }, 60_000);
});
