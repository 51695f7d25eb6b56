import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { ElicitRequestSchema, ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { apacheUnavailableReason, RunningApache, startApache } from '../support/apache.process';
import { fetchWithCredentials, textOf } from '../support/mcp-clients';
import { startPandaMcp } from '../support/panda-mcp.process';
import { RunningPandaSim, startPandaSim } from '../support/panda-sim.process';

/**
 * PanDA's deployment: Apache forwards /mcp/ and /messages/ to panda-mcp on the loopback port named by
 * PANDA_SERVER_CONF_PORT_MCP. These tests run Debian's apache2 with deploy/apache/*.conf included in a
 * virtual host and drive panda-mcp through it with the official v1 MCP client.
 */

// Every test here goes through two processes and Apache; on a busy 2-core CI machine 5 s is too short.
jest.setTimeout(30_000);

const HTTP_CONF = 'deploy/apache/panda-mcp-http.conf';
const HTTPS_CONF = 'deploy/apache/panda-mcp-https.conf';
const PUBLIC_HOST = 'pandaserver.example.org';

// Compression is switched on for the whole server, as on many real hosts: the include must keep it
// away from the MCP paths.
const DEFLATE_EVERYWHERE = ['SetOutputFilter DEFLATE'];

const unavailable = apacheUnavailableReason(['deflate', 'filter']);
if (unavailable) {
  console.warn(`apache-proxy e2e tests skipped: ${unavailable}`);
}
const describeWithApache = unavailable ? describe.skip : describe;

function opensslUnavailableReason(): string | undefined {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'the openssl command is not available to make a test certificate';
  }
}

/** A fetch that sends the credentials the test holds at the moment of each request. */
/** Rejects when `promise` takes longer than `ms`, naming what was awaited. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One HTTP request with node:http, so that Content-Encoding is seen exactly as Apache sent it. */
function rawRequest(
  url: string,
  options: { method: string; headers: Record<string, string>; body?: string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: options.method, headers: options.headers, timeout: 10_000 });
    request.once('timeout', () => request.destroy(new Error(`no answer from ${url} within 10 s`)));
    request.once('error', reject);
    request.once('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('error', reject);
      response.once('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString('latin1'),
        }),
      );
    });
    request.end(options.body);
  });
}

const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'apache-proxy-e2e', version: '1.0.0' },
  },
});

describeWithApache('panda-mcp behind Apache (deploy/apache)', () => {
  let sim: RunningPandaSim;
  let alice: string;
  const processes: Array<{ stop(): Promise<unknown> }> = [];

  async function started<T extends { stop(): Promise<unknown> }>(starting: Promise<T>): Promise<T> {
    const running = await starting;
    processes.push(running);
    return running;
  }

  beforeAll(async () => {
    sim = await started(startPandaSim());
    alice = await sim.token('alice', 'atlas');
  }, 120_000);

  afterAll(async () => {
    // Apache instances first (they were started after their panda-mcp), then panda-mcp, then the sim.
    for (const running of processes.reverse()) {
      await running.stop().catch(() => undefined);
    }
  }, 60_000);

  beforeEach(async () => sim.reset());

  describe('panda-mcp-http.conf with Streamable HTTP', () => {
    let apache: RunningApache;

    beforeAll(async () => {
      // As on a PanDA host: allowed_hosts names the public host (loopback names are always accepted).
      const mcp = await started(
        startPandaMcp({ PANDA_API_URL: sim.apiUrl, PANDA_MCP_ALLOWED_HOSTS: PUBLIC_HOST }),
      );
      apache = await started(
        startApache({
          include: HTTP_CONF,
          backendPort: Number(new URL(mcp.baseUrl).port),
          modules: ['deflate', 'filter'],
          serverDirectives: DEFLATE_EVERYWHERE,
          // The same backend without the include's protections, to show that compression is really on.
          vhostDirectives: [
            'ProxyPass "/without-deploy-conf/" "http://127.0.0.1:${PANDA_SERVER_CONF_PORT_MCP}/mcp/"',
          ],
        }),
      );
    }, 120_000);

    it('asks a 2025-era client that declares elicitation before a kill, over SSE answers through Apache', async () => {
      const client = new Client(
        { name: 'apache-proxy-e2e', version: '1.0.0' },
        { capabilities: { elicitation: {} } },
      );
      const questions: string[] = [];
      let answer: ElicitResult = { action: 'decline' };
      client.setRequestHandler(ElicitRequestSchema, async (request) => {
        questions.push(request.params.message);
        return answer;
      });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`${apache.baseUrl}/mcp/`), {
          fetch: fetchWithCredentials({ token: alice, vo: 'atlas' }),
        }),
      );
      const kills = () => sim.callsTo('/task/kill');
      try {
        const declined = await client.callTool({ name: 'task_kill', arguments: { task_id: 1001 } });
        expect(textOf(declined)).toContain('Nothing was done');
        expect(questions[0]).toContain('Task 1001');
        expect(await kills()).toBe(0);
        answer = { action: 'accept', content: { confirm: true } };
        await client.callTool({ name: 'task_kill', arguments: { task_id: 1001 } });
        expect(questions).toHaveLength(2);
        expect(await kills()).toBe(1);
      } finally {
        await client.close();
      }
    }, 30_000);

    it("lists tools and calls task_get_status as alice, reaching PanDA with alice's token and VO", async () => {
      const client = new Client({ name: 'apache-proxy-e2e', version: '1.0.0' });
      await within(
        15_000,
        'connecting through Apache',
        client.connect(
          new StreamableHTTPClientTransport(new URL(`${apache.baseUrl}/mcp/`), {
            fetch: fetchWithCredentials({ token: alice, vo: 'atlas' }),
          }),
        ),
      );
      try {
        const { tools } = await client.listTools();
        expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['task_get_status']));
        const result = await client.callTool({ name: 'task_get_status', arguments: { task_id: 1001 } });
        expect(result.isError).toBeFalsy();
        expect(textOf(result).length).toBeGreaterThan(0);
        const last = (await sim.lastCall())!;
        expect(last).toMatchObject({
          method: 'GET',
          path: '/api/v1/task/get_status',
          origin: 'atlas',
          user: 'alice',
        });
        // a 32 MB PanDA answer comes through as one page within the result budget (the SDK client
        // also checks structuredContent against the tool's outputSchema)
        const jobs = await client.callTool({
          name: 'task_get_job_descriptions',
          arguments: { task_id: 5000, mcp_limit: 3 },
        });
        expect(jobs.structuredContent).toMatchObject({
          page: { total: 5500, offset: 0, count: 3, nextOffset: 3, pandaCap: 5500 },
        });
        expect(Buffer.byteLength(JSON.stringify(jobs))).toBeLessThanOrEqual(80_000);
        expect(textOf(jobs)).toContain('mcp_offset=3');
      } finally {
        await client.close();
      }
      // The calls went through Apache, not around it.
      expect(apache.accessLog().filter((line) => line.startsWith('POST /mcp/ 200')).length).toBeGreaterThan(
        0,
      );
    }, 30_000);

    it('serves /mcp without the trailing slash, uncompressed although mod_deflate is on', async () => {
      const headers = {
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
        'Accept-Encoding': 'gzip, deflate',
        Authorization: `Bearer ${alice}`,
        Origin: 'atlas',
      };
      for (const url of [`${apache.baseUrl}/mcp`, `${apache.baseUrl}/mcp/`]) {
        const response = await rawRequest(url, { method: 'POST', headers, body: INITIALIZE });
        expect({ url, status: response.status }).toEqual({ url, status: 200 });
        expect(response.headers['content-encoding']).toBeUndefined();
        expect(response.body).toContain('"protocolVersion"');
      }
      // Control: the same request on a path the include does not cover is compressed by this Apache.
      const control = await rawRequest(`${apache.baseUrl}/without-deploy-conf/`, {
        method: 'POST',
        headers,
        body: INITIALIZE,
      });
      expect(control.status).toBe(200);
      expect(control.headers['content-encoding']).toBe('gzip');
    });

    it("passes the agent's Host to panda-mcp (ProxyPreserveHost), so allowed_hosts sees the public name", async () => {
      const request = (host: string) =>
        rawRequest(`${apache.baseUrl}/mcp/`, {
          method: 'POST',
          headers: {
            Host: host,
            'Content-Type': 'application/json',
            Accept: 'application/json, text/event-stream',
            Authorization: `Bearer ${alice}`,
            Origin: 'atlas',
          },
          body: INITIALIZE,
        });
      expect((await request(PUBLIC_HOST)).status).toBe(200);
      // Were Apache to send its own 127.0.0.1:<port>, panda-mcp would accept it as a local host.
      const refused = await request('elsewhere.example.org');
      expect(refused.status).toBe(403);
      expect(refused.body).toContain('elsewhere.example.org');
    });

    it('forwards only /mcp/ and /messages/, not the operations endpoints', async () => {
      for (const pathname of ['/healthz', '/readyz', '/status', '/metrics']) {
        const response = await rawRequest(`${apache.baseUrl}${pathname}`, { method: 'GET', headers: {} });
        expect({ pathname, status: response.status }).toEqual({ pathname, status: 404 });
        expect(response.headers.server).toMatch(/Apache/);
      }
    });
  });

  describe('panda-mcp-http.conf with transport = sse', () => {
    let apache: RunningApache;

    beforeAll(async () => {
      const mcp = await started(startPandaMcp({ PANDA_API_URL: sim.apiUrl, PANDA_MCP_TRANSPORT: 'sse' }));
      apache = await started(
        startApache({
          include: HTTP_CONF,
          backendPort: Number(new URL(mcp.baseUrl).port),
          modules: ['deflate', 'filter'],
          serverDirectives: DEFLATE_EVERYWHERE,
        }),
      );
    }, 120_000);

    it('streams /mcp/ event by event and carries /messages/ posts: lists tools and calls a tool', async () => {
      const fetcher = fetchWithCredentials({ token: alice, vo: 'atlas' });
      const client = new Client({ name: 'apache-proxy-e2e-sse', version: '1.0.0' });
      // The endpoint event arrives only if Apache flushes the stream instead of buffering it.
      await within(
        15_000,
        'opening the SSE stream through Apache',
        client.connect(
          new SSEClientTransport(new URL(`${apache.baseUrl}/mcp/`), {
            fetch: fetcher,
            eventSourceInit: { fetch: fetcher },
          }),
        ),
      );
      try {
        const { tools } = await within(10_000, 'tools/list over SSE', client.listTools());
        expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['task_get_status']));
        const result = await within(
          10_000,
          'tools/call over SSE',
          client.callTool({ name: 'task_get_status', arguments: { task_id: 1001 } }),
        );
        expect(result.isError).toBeFalsy();
        const last = (await sim.lastCall())!;
        expect(last).toMatchObject({ path: '/api/v1/task/get_status', origin: 'atlas', user: 'alice' });
      } finally {
        await client.close();
      }
      // The stream itself is logged only when Apache notices the closed connection; the posts are done.
      const posts = apache
        .accessLog()
        .filter((line) => /^POST \/messages\/\?session_id=\w+ 202 -$/.test(line));
      expect(posts.length).toBeGreaterThanOrEqual(3);
    });
  });

  const noOpenssl = opensslUnavailableReason();
  if (noOpenssl) console.warn(`apache-proxy e2e: panda-mcp-https.conf test skipped: ${noOpenssl}`);
  (noOpenssl ? describe.skip : describe)('panda-mcp-https.conf with panda-mcp serving HTTPS', () => {
    let apache: RunningApache;
    let certDir: string;

    beforeAll(async () => {
      certDir = fs.mkdtempSync(path.join(os.tmpdir(), 'panda-mcp-tls-'));
      const key = path.join(certDir, 'hostkey.pem');
      const cert = path.join(certDir, 'hostcert.pem');
      // A certificate for another name than 127.0.0.1, as on PanDA hosts: the include must accept it.
      // prettier-ignore
      const args = [
        'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
        '-subj', '/CN=pandaserver.example.org', '-keyout', key, '-out', cert,
      ];
      execFileSync('openssl', args, { stdio: 'ignore', timeout: 20_000 });
      const mcp = await started(
        startPandaMcp({
          PANDA_API_URL: sim.apiUrl,
          PANDA_MCP_SSL_KEYFILE: key,
          PANDA_MCP_SSL_CERTFILE: cert,
        }),
      );
      expect(mcp.mcpUrl).toMatch(/^https:/);
      apache = await started(
        startApache({
          include: HTTPS_CONF,
          backendPort: Number(new URL(mcp.baseUrl).port),
          modules: ['ssl', 'socache_shmcb'],
        }),
      );
    }, 120_000);

    afterAll(() => {
      if (certDir) fs.rmSync(certDir, { recursive: true, force: true });
    });

    it('proxies Streamable HTTP to the TLS backend: lists tools and calls a tool', async () => {
      const client = new Client({ name: 'apache-proxy-e2e-tls', version: '1.0.0' });
      await within(
        15_000,
        'connecting through Apache to the TLS backend',
        client.connect(
          new StreamableHTTPClientTransport(new URL(`${apache.baseUrl}/mcp/`), {
            fetch: fetchWithCredentials({ token: alice, vo: 'atlas' }),
          }),
        ),
      );
      try {
        const { tools } = await client.listTools();
        expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['task_get_status']));
        const result = await client.callTool({ name: 'task_get_status', arguments: { task_id: 1001 } });
        expect(result.isError).toBeFalsy();
        const last = (await sim.lastCall())!;
        expect(last).toMatchObject({ path: '/api/v1/task/get_status', origin: 'atlas', user: 'alice' });
      } finally {
        await client.close();
      }
    });
  });
});
