import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { until } from '../support/bounded-wait';
import { startFakePanda } from '../support/fake-panda';
import { RunningPandaMcp, startPandaMcp } from '../support/panda-mcp.process';

/** A loopback port nothing listens on. */
async function deadPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function connect(mcpUrl: string) {
  const client = new Client({ name: 'ops-e2e', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl)));
  return client;
}

describe('operations: probes, metrics and shutdown', () => {
  let mcp: RunningPandaMcp | undefined;
  afterEach(async () => {
    await mcp?.stop();
    mcp = undefined;
  });

  it('stays live and ready with PanDA unreachable, explains the failure, and counts it', async () => {
    mcp = await startPandaMcp({
      PANDA_API_URL: `http://127.0.0.1:${await deadPort()}/api/v1`,
      PANDA_MCP_UPSTREAM_TIMEOUT: '2',
    });
    expect((await fetch(`${mcp.baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${mcp.baseUrl}/readyz`)).status).toBe(200);
    const client = await connect(mcp.mcpUrl);
    const started = Date.now();
    const result = await client.callTool({ name: 'system_is_alive', arguments: {} });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toMatch(/Could not reach PanDA/);
    await client.close();
    const metrics = await (await fetch(`${mcp.baseUrl}/metrics`)).text();
    expect(metrics).toContain('panda_mcp_tool_calls_total{tool="system_is_alive",outcome="network_error"} 1');
    expect(metrics).toContain('panda_mcp_upstream_responses_total{status="none"} 1');
    const status = (await (await fetch(`${mcp.baseUrl}/status`)).json()) as Record<string, any>;
    expect(status).toMatchObject({
      service: 'panda-mcp',
      state: 'ready',
      tools: 59,
      transport: 'streamable-http',
    });
    expect(status.upstream.reachable).toBe(false);
  }, 60_000);

  it('on SIGTERM turns unready at once, lets in-flight calls finish, and exits 0', async () => {
    const panda = await startFakePanda();
    // the call's answer is held until the test saw the drain begin
    panda.behave('/system/is_alive', { kind: 'held' });
    try {
      mcp = await startPandaMcp({ PANDA_API_URL: panda.apiUrl });
      const client = await connect(mcp.mcpUrl);
      const call = client.callTool({ name: 'system_is_alive', arguments: {} });
      await until('the call to reach PanDA', () => panda.seen.length > 0, 15_000);
      const exited = new Promise<number | null>((resolve) =>
        mcp!.process.child.once('exit', (code) => resolve(code)),
      );
      mcp.process.child.kill('SIGTERM');
      const baseUrl = mcp.baseUrl;
      // a kept-alive connection that the drain closes fails once; a new one gets the answer
      const readyz = () =>
        fetch(`${baseUrl}/readyz`).then(
          (r) => r.status,
          () => undefined,
        );
      await until('/readyz to answer 503', async () => (await readyz()) === 503, 15_000);
      panda.release();
      const result = await call;
      expect(result.isError).toBeFalsy();
      expect(JSON.stringify(result.content)).toContain('alive');
      expect(await exited).toBe(0);
      await client.close().catch(() => undefined);
    } finally {
      panda.release();
      await panda.close();
    }
  }, 60_000);

  it('moves /metrics to metrics_port when it is set', async () => {
    const metricsPort = await deadPort();
    mcp = await startPandaMcp({
      PANDA_API_URL: `http://127.0.0.1:${await deadPort()}/api/v1`,
      PANDA_MCP_METRICS_PORT: String(metricsPort),
    });
    expect((await fetch(`${mcp.baseUrl}/metrics`)).status).toBe(404);
    const scrape = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(scrape.status).toBe(200);
    expect(await scrape.text()).toContain('panda_mcp_tool_calls_in_flight');
  }, 60_000);

  it('serves HTTPS with ssl_keyfile and ssl_certfile', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panda-mcp-tls-'));
    try {
      try {
        execFileSync(
          'openssl',
          [
            'req',
            '-x509',
            '-newkey',
            'rsa:2048',
            '-nodes',
            '-days',
            '1',
            '-subj',
            '/CN=localhost',
            '-addext',
            'subjectAltName=DNS:localhost,IP:127.0.0.1',
            '-keyout',
            path.join(dir, 'key.pem'),
            '-out',
            path.join(dir, 'cert.pem'),
          ],
          { stdio: 'ignore' },
        );
      } catch {
        console.warn(
          'Skipping the HTTPS test: the openssl command is not available to generate a certificate.',
        );
        return;
      }
      mcp = await startPandaMcp({
        PANDA_MCP_SSL_KEYFILE: path.join(dir, 'key.pem'),
        PANDA_MCP_SSL_CERTFILE: path.join(dir, 'cert.pem'),
        PANDA_API_URL: `http://127.0.0.1:${await deadPort()}/api/v1`,
      });
      expect(mcp.mcpUrl).toMatch(/^https:\/\//);
      const ca = fs.readFileSync(path.join(dir, 'cert.pem'));
      const status = await new Promise<number>((resolve, reject) => {
        https
          .get(`${mcp!.baseUrl}/healthz`, { ca }, (res) => resolve(res.statusCode ?? 0))
          .on('error', reject);
      });
      expect(status).toBe(200);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
