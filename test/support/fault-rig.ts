import { FakePanda, startFakePanda } from './fake-panda';
import { McpWire, openWire } from './mcp-wire';
import { RunningPandaMcp, startPandaMcp } from './panda-mcp.process';

export interface FaultRig {
  panda: FakePanda;
  mcp: RunningPandaMcp;
  /** A fresh 2025-era session for each test. */
  wire: McpWire;
}

/**
 * The fault suites' setup: a fake PanDA and the built service wired to it (once per file), the fake's
 * behaviour and log cleared and (for Streamable HTTP) a new session opened before each test, both
 * stopped at the end.
 */
export function useFaultRig(
  env: Record<string, string> = {},
  sessionHeaders: Record<string, string> = {},
  openSession = true,
): FaultRig {
  const rig = {} as FaultRig;
  beforeAll(async () => {
    rig.panda = await startFakePanda();
    rig.mcp = await startPandaMcp({ PANDA_API_URL: rig.panda.apiUrl, ...env });
  }, 120_000);
  // stop() may take 5 s before it kills a service that does not exit on SIGTERM
  afterAll(async () => {
    await rig.mcp?.stop();
    await rig.panda?.close();
  }, 15_000);
  beforeEach(async () => {
    rig.panda.reset();
    if (openSession) rig.wire = await openWire(rig.mcp.mcpUrl, sessionHeaders);
  });
  return rig;
}
