import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { RunningPandaSim, startPandaSim } from '../support/panda-sim.process';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const run = promisify(execFile);

type Envelope = { success: boolean; message: string; data: unknown };

describe('panda-sim over HTTP', () => {
  let sim: RunningPandaSim;
  let alice: string;
  let bob: string;
  let carol: string;

  beforeAll(async () => {
    sim = await startPandaSim({ env: { PANDA_SIM_DEVICE_INTERVAL: '1', PANDA_SIM_COMMAND_DELAY: '3' } });
    [alice, bob, carol] = await Promise.all([
      sim.token('alice', 'atlas'),
      sim.token('bob'),
      sim.token('carol'),
    ]);
  }, 180_000);

  afterAll(async () => {
    await sim?.stop();
  });

  beforeEach(async () => sim.reset());

  function headers(token: string | undefined, extra: Record<string, string> = {}): Record<string, string> {
    return {
      Accept: 'application/json',
      ...(token ? { Authorization: `Bearer ${token}`, Origin: 'atlas' } : {}),
      ...extra,
    };
  }

  async function get(pathAndQuery: string, token?: string, extra?: Record<string, string>) {
    return fetch(`${sim.apiUrl}${pathAndQuery}`, { headers: headers(token, extra) });
  }

  async function post(pathName: string, body: unknown, token?: string, extra?: Record<string, string>) {
    return fetch(`${sim.apiUrl}${pathName}`, {
      method: 'POST',
      headers: headers(token, { 'Content-Type': 'application/json', ...extra }),
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  async function envelope(response: Response): Promise<Envelope> {
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    return (await response.json()) as Envelope;
  }

  it('answers a wrong HTTP method with success false in a 200', async () => {
    expect(await envelope(await get('/task/kill?task_id=1001', alice))).toEqual({
      success: false,
      message: 'expecting POST, received GET',
      data: null,
    });
  });

  it('answers an unknown function with 403 text/plain', async () => {
    const response = await get('/task/launch_rockets', alice);
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(await response.text()).toBe('ERROR : method launch_rockets is forbidden');
  });

  it('casts GET values: repeated keys to a list, ints through float, bools from text', async () => {
    const statuses = await envelope(
      await get('/job/get_status?job_ids=6500000101&job_ids=6500000105.0', alice),
    );
    expect(statuses).toEqual({
      success: true,
      message: '',
      data: [
        { status: 'finished', command: null },
        { status: 'running', command: null },
      ],
    });
    const details = await envelope(await get('/task/get_details?task_id=1001&include_status=TRUE', alice));
    expect(details.data).toMatchObject({ jediTaskID: 1001, status: 'running', userName: 'Alice Anderson' });
    const bad = await envelope(await get('/job/get_status?job_ids=seven', alice));
    expect(bad).toMatchObject({
      success: false,
      message: "Type error: 'job_ids' with value '['seven']' could not be casted to type List from list.",
    });
  });

  it('checks POST JSON types strictly and names missing parameters', async () => {
    expect(await envelope(await post('/task/kill', { task_id: '1001' }, alice))).toMatchObject({
      success: false,
      message: "Type error: 'task_id' must be of type int, got str.",
    });
    // a raw body: JSON.stringify would write 1.0 as 1, and PanDA tells the two apart
    const floatBody = '{"task_id": 1001, "priority": 1.0}';
    expect(await envelope(await post('/task/change_priority', floatBody, carol))).toMatchObject({
      success: false,
      message: "Type error: 'priority' must be of type int, got float.",
    });
    expect(await envelope(await post('/task/kill', {}, alice))).toMatchObject({
      success: false,
      message: "Argument error: missing a required argument: 'task_id'",
    });
  });

  it('refuses bad and expired tokens with 403 text/plain, without echoing them', async () => {
    const tampered = `${alice.slice(0, -4)}AAAA`;
    const response = await get('/task/get_status?task_id=1001', tampered);
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(/^ERROR : Token authentication failed\. Invalid token\. /);
    expect(text).not.toContain(tampered);
    const expired = await get('/task/get_status?task_id=1001', await sim.token('alice', 'atlas', -60));
    expect(await expired.text()).toBe(
      'ERROR : Token authentication failed. Invalid token. Signature has expired',
    );
    const wrongVo = await get('/task/get_status?task_id=1001', alice, { Origin: 'atlas:production' });
    expect(await wrongVo.text()).toBe(
      'ERROR : Token authentication failed. Not a member of the atlas/production group',
    );
  });

  it('lets alice read task 1001, refuses bob killing it, and lets carol (production) kill it', async () => {
    expect(await envelope(await get('/task/get_status?task_id=1001', alice))).toEqual({
      success: true,
      message: '',
      data: 'running',
    });
    expect(await envelope(await post('/task/kill', { task_id: 1001 }, bob))).toEqual({
      success: false,
      message: 'not the task owner or no production role',
      data: null,
    });
    expect((await envelope(await get('/task/get_status?task_id=1001', alice))).data).toBe('running');
    expect(await envelope(await post('/task/kill', { task_id: 1001 }, carol))).toMatchObject({
      success: true,
      data: 0,
    });
    expect((await envelope(await get('/task/get_status?task_id=1001', alice))).data).toBe('aborting');
    // the sim completes the command after PANDA_SIM_COMMAND_DELAY (3 s here, so the read above still
    // sees it pending on a loaded machine), as JEDI would later
    const deadline = Date.now() + 15_000;
    let status: unknown = 'aborting';
    while (status === 'aborting' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      status = (await envelope(await get('/task/get_status?task_id=1001', alice))).data;
    }
    expect(status).toBe('aborted');
  });

  it('explains why a task failed through its jobs', async () => {
    const jobs = await envelope(
      await get('/task/get_job_descriptions?task_id=1002&unsuccessful_only=true', alice),
    );
    const failed = jobs.data as Array<Record<string, unknown>>;
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]).toMatchObject({ jobStatus: 'failed', transExitCode: 65, exeErrorCode: 65 });
    expect(String(failed[0].exeErrorDiag)).toContain('Non-zero return code from athena');
  });

  it('serves secure=false endpoints without a token', async () => {
    expect(await envelope(await get('/system/is_alive'))).toEqual({ success: true, message: '', data: null });
    const specs = await envelope(await get('/metaconfig/get_site_specs?type=production'));
    expect(Object.keys(specs.data as object)).toEqual(
      expect.arrayContaining(['CERN-PROD', 'BNL_PROD', 'TRIUMF', 'FZK-LCG2']),
    );
    expect(await envelope(await get('/task/get_status?task_id=1001'))).toMatchObject({
      success: false,
      message: 'SSL secure connection is required',
    });
  });

  it('logs who called in /_sim/requests, never the token', async () => {
    await get('/task/get_status?task_id=1001', alice);
    await post('/task/kill', { task_id: 1001 }, bob);
    const [second, first] = await sim.requests(2);
    expect(first).toMatchObject({
      method: 'GET',
      path: '/api/v1/task/get_status',
      query: { task_id: '1001' },
      origin: 'atlas',
      user: 'alice',
      authorization: true,
      status: 200,
    });
    expect(second).toMatchObject({ method: 'POST', body: { task_id: 1001 }, user: 'bob', success: false });
    const all = JSON.stringify(await sim.requests(50));
    expect(all).not.toContain(alice);
    expect(all).not.toContain(bob);
    expect(all).not.toMatch(/Bearer/);
  });

  it('runs the device flow and the refresh grant', async () => {
    const base = sim.baseUrl;
    const config = (await (await fetch(`${base}/auth/atlas_auth_config.json`)).json()) as Record<
      string,
      string
    >;
    const discovery = (await (await fetch(config.oidc_config_url)).json()) as Record<string, string>;
    const form = (fields: Record<string, string>) => ({
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    const device = (await (
      await fetch(
        discovery.device_authorization_endpoint,
        form({ client_id: config.client_id, scope: 'openid profile' }),
      )
    ).json()) as Record<string, string | number>;
    expect(device).toMatchObject({ verification_uri: `${base}/oidc/device`, interval: 1 });
    const poll = () =>
      fetch(
        discovery.token_endpoint,
        form({
          grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
          device_code: String(device.device_code),
          client_id: config.client_id,
        }),
      );
    const pending = await poll();
    expect(pending.status).toBe(400);
    expect(await pending.json()).toMatchObject({ error: 'authorization_pending' });
    const approval = await fetch(`${device.verification_uri_complete}&user=bob`);
    expect(approval.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const tokens = (await (await poll()).json()) as Record<string, string>;
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
    const whoami = await envelope(await get('/system/get_user_attributes', tokens.id_token));
    expect(whoami.data).toMatchObject({ user_dn_clean: 'Bob Brown', is_production_user: false });
    const refreshed = (await (
      await fetch(
        discovery.token_endpoint,
        form({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }),
      )
    ).json()) as Record<string, string>;
    expect(refreshed.id_token).toBeDefined();
    expect((await envelope(await get('/task/get_status?task_id=1011', refreshed.id_token))).data).toBe(
      'running',
    );
  });

  it('accepts the output of `npm run --silent sim:token`', async () => {
    const { stdout } = await run(
      'npm',
      ['run', '--silent', 'sim:token', '--', '--user', 'alice', '--vo', 'atlas'],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, PANDA_SIM_STATE_DIR: sim.stateDir },
        timeout: 120_000,
      },
    );
    const token = stdout.trim();
    expect(token.split('.')).toHaveLength(3);
    expect(await envelope(await get('/task/get_status?task_id=1001', token))).toMatchObject({
      success: true,
      data: 'running',
    });
  }, 150_000);
});

describe('panda-sim over HTTPS', () => {
  let sim: RunningPandaSim;

  beforeAll(async () => {
    sim = await startPandaSim({ tls: true });
  }, 180_000);

  afterAll(async () => {
    await sim?.stop();
  });

  it('serves HTTPS with a certificate from the CA it wrote into the state folder', async () => {
    expect(sim.baseUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.caFile).toBe(path.join(sim.stateDir, 'ca.pem'));
    const ca = fs.readFileSync(sim.caFile as string);
    const body = await new Promise<string>((resolve, reject) => {
      https
        .get(`${sim.apiUrl}/system/is_alive`, { ca, headers: { Accept: 'application/json' } }, (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.on('end', () => resolve(text));
        })
        .on('error', reject);
    });
    expect(JSON.parse(body)).toEqual({ success: true, message: '', data: null });
    const token = await sim.token('alice');
    expect(token.split('.')).toHaveLength(3);
    expect(await sim.requests(1)).toHaveLength(1);
  });
});
