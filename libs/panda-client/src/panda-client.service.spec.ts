import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PandaMcpConfig } from '@panda-mcp/config';
import { MAX_ERROR_TEXT, PandaCallTarget, PandaClient } from './panda-client.service';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A loopback stand-in for PanDA that records what reached it and answers what the test says. */
async function startUpstream(answer: (seen: Seen, res: http.ServerResponse) => void) {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const record = { method: req.method!, url: req.url!, headers: req.headers, body };
      seen.push(record);
      answer(record, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    seen,
    apiUrl: `http://127.0.0.1:${port}/api/v1`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function configFor(apiUrl: string, upstreamTimeout = 5): PandaMcpConfig {
  return {
    pandaApiUrl: apiUrl,
    upstreamTimeout,
    caBundle: undefined,
    caDir: undefined,
    verifyUpstreamTls: true,
  } as PandaMcpConfig;
}

const getStatus: PandaCallTarget = {
  toolName: 'job_get_status',
  httpMethod: 'GET',
  path: '/job/get_status',
  bodyEncoding: 'query',
  parameters: [{ name: 'job_ids', pythonType: 'List[int]' }],
};
const killTask: PandaCallTarget = {
  toolName: 'task_kill',
  httpMethod: 'POST',
  path: '/task/kill',
  bodyEncoding: 'json',
  parameters: [{ name: 'task_id', pythonType: 'int' }],
};

const okEnvelope = (res: http.ServerResponse) => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end('{"success": true, "message": "", "data": 1}');
};

describe(PandaClient.name, () => {
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  let sut: PandaClient;

  afterEach(async () => {
    sut?.onModuleDestroy();
    await upstream?.close();
  });

  it('sends GET arguments as a query with repeated keys and only the allowed headers', async () => {
    upstream = await startUpstream((_seen, res) => okEnvelope(res));
    sut = new PandaClient(configFor(upstream.apiUrl));
    const outcome = await sut.call({
      target: getStatus,
      args: { job_ids: [11, 12] },
      auth: { token: 'tok-A', vo: 'atlas', requestId: 'req-1' },
    });
    expect(outcome.kind).toBe('ok');
    const [request] = upstream.seen;
    expect(request.method).toBe('GET');
    expect(request.url).toBe('/api/v1/job/get_status?job_ids=11&job_ids=12');
    expect(request.headers.authorization).toBe('Bearer tok-A');
    expect(request.headers.origin).toBe('atlas');
    expect(request.headers['x-request-id']).toBe('req-1');
    expect(request.headers.accept).toBe('application/json');
    expect(request.headers.cookie).toBeUndefined();
  });

  it('sends POST arguments as a JSON body', async () => {
    upstream = await startUpstream((_seen, res) => okEnvelope(res));
    sut = new PandaClient(configFor(upstream.apiUrl));
    await sut.call({ target: killTask, args: { task_id: 1001 }, auth: { requestId: 'r' } });
    const [request] = upstream.seen;
    expect(request.method).toBe('POST');
    expect(request.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(request.body)).toEqual({ task_id: 1001 });
    expect(request.headers.authorization).toBeUndefined();
  });

  it('sends file uploads as multipart form data', async () => {
    upstream = await startUpstream((_seen, res) => okEnvelope(res));
    sut = new PandaClient(configFor(upstream.apiUrl));
    const upload: PandaCallTarget = {
      toolName: 'file_server_upload_cache_file',
      httpMethod: 'POST',
      path: '/file_server/upload_cache_file',
      bodyEncoding: 'multipart',
      parameters: [{ name: 'file', pythonType: 'FileStorage' }],
    };
    await sut.call({ target: upload, args: { file: 'line one\nline two' }, auth: { requestId: 'r' } });
    const [request] = upstream.seen;
    expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(request.body).toContain('name="file"; filename="file"');
    expect(request.body).toContain('line one\nline two');
  });

  it('uses the credentials of each call, not of an earlier one', async () => {
    upstream = await startUpstream((_seen, res) => okEnvelope(res));
    sut = new PandaClient(configFor(upstream.apiUrl));
    await sut.call({ target: killTask, args: { task_id: 1 }, auth: { token: 'first', requestId: 'a' } });
    await sut.call({ target: killTask, args: { task_id: 1 }, auth: { token: 'second', requestId: 'b' } });
    expect(upstream.seen.map((s) => s.headers.authorization)).toEqual(['Bearer first', 'Bearer second']);
  });

  it('reports a timeout naming the PanDA URL', async () => {
    upstream = await startUpstream(() => undefined /* never answers */);
    sut = new PandaClient(configFor(upstream.apiUrl, 0.2));
    const outcome = await sut.call({
      target: killTask,
      args: { task_id: 1 },
      auth: { token: 'secret-token', requestId: 'r' },
    });
    expect(outcome).toEqual({ kind: 'timeout', timeoutMs: 200, url: `${upstream.apiUrl}/task/kill` });
  });

  it('reports an unreachable PanDA as a network error without the token', async () => {
    upstream = await startUpstream((_seen, res) => okEnvelope(res));
    const deadUrl = upstream.apiUrl;
    await upstream.close();
    sut = new PandaClient(configFor(deadUrl));
    const outcome = await sut.call({
      target: killTask,
      args: { task_id: 1 },
      auth: { token: 'secret-token', requestId: 'r' },
    });
    expect(outcome.kind).toBe('network_error');
    expect(JSON.stringify(outcome)).not.toContain('secret-token');
    expect(outcome).toMatchObject({ url: `${deadUrl}/task/kill` });
    upstream = await startUpstream((_seen, res) => okEnvelope(res)); // for afterEach
  });

  it('passes PanDA text/plain errors through with their status', async () => {
    upstream = await startUpstream((_seen, res) => {
      res.writeHead(403, { 'Content-Type': 'text/plain' });
      res.end('ERROR : Invalid token: signature verification failed');
    });
    sut = new PandaClient(configFor(upstream.apiUrl));
    const outcome = await sut.call({ target: killTask, args: { task_id: 1 }, auth: { requestId: 'r' } });
    expect(outcome).toMatchObject({
      kind: 'http_error',
      status: 403,
      text: 'ERROR : Invalid token: signature verification failed',
    });
  });

  it('redacts an echoed token before cutting an error text, so no piece of it is left at the cut', async () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.straddling-the-cut.signature-part';
    upstream = await startUpstream((_seen, res) => {
      res.writeHead(401, { 'Content-Type': 'text/plain' });
      // the token starts 20 characters before the point where error texts are cut
      res.end(`${'e'.repeat(MAX_ERROR_TEXT - 20)}Bearer ${token} rest`);
    });
    sut = new PandaClient(configFor(upstream.apiUrl));
    const outcome = await sut.call({
      target: killTask,
      args: { task_id: 1 },
      auth: { token, requestId: 'r' },
    });
    const shown = JSON.stringify(outcome);
    expect(shown).not.toContain(token.slice(0, 12));
    expect(shown).toContain('Bearer [red');
  });
});
