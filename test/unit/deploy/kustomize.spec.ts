import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
// eslint-disable-next-line no-restricted-imports -- the npm package's apps/v1 group, not this repository's apps/
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';

/**
 * Renders deploy/k8s (the base and every overlay) with `kubectl kustomize`, validates every object
 * against the Kubernetes schemas (kubernetes-models) and checks that the pieces agree with each other
 * and with the service: probe paths, ports, config file locations, security settings, shutdown timing.
 */

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const K8S_DIR = path.join(REPO_ROOT, 'deploy', 'k8s');
const OVERLAYS_DIR = path.join(K8S_DIR, 'overlays');

/** The service's probe endpoints (apps/panda-mcp health controller). */
const PROBE_PATHS = ['/healthz', '/readyz'];
const PANDA_HOME = '/opt/panda';
const CONFIG_JSON_PATH = `${PANDA_HOME}/etc/config_json/panda_server_config.json`;
const DEFAULT_PORT = 25888;
const DEFAULT_SHUTDOWN_TIMEOUT = 30;

type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  [key: string]: any;
};

/** Model classes by apiVersion/kind: a kind that is not listed here fails the test until it is added. */
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/Ingress': Ingress,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
};

function kubectlUnavailableReason(): string | undefined {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore', timeout: 20_000 });
    return undefined;
  } catch (error) {
    return `kubectl cannot be run (${(error as Error).message.split('\n')[0]}); it ships with the machine image`;
  }
}

function kustomizationDirs(): string[] {
  const overlays = fs.existsSync(OVERLAYS_DIR)
    ? fs
        .readdirSync(OVERLAYS_DIR)
        .map((name) => path.join(OVERLAYS_DIR, name))
        .filter((dir) => fs.existsSync(path.join(dir, 'kustomization.yaml')))
    : [];
  return [path.join(K8S_DIR, 'base'), ...overlays];
}

function render(dir: string): K8sObject[] {
  const output = execFileSync('kubectl', ['kustomize', dir], {
    encoding: 'utf8',
    timeout: 60_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const objects: K8sObject[] = [];
  for (const doc of parseAllDocuments(output)) {
    if (doc.errors.length > 0) throw new Error(`${dir}: YAML error: ${doc.errors[0].message}`);
    const value = doc.toJS() as K8sObject | null;
    if (value) objects.push(value);
  }
  return objects;
}

function one(objects: K8sObject[], kind: string): K8sObject {
  const found = objects.filter((o) => o.kind === kind);
  expect({ kind, count: found.length }).toEqual({ kind, count: 1 });
  return found[0];
}

/** The port number a probe or Service refers to, by name or number. */
function resolvePort(port: string | number, container: any): number | undefined {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  return container.ports?.find((p: any) => p.name === port)?.containerPort;
}

/** Seconds a preStop hook waits: the `sleep` handler or `node -e "setTimeout(..., ms)"`. */
function preStopSeconds(container: any): number {
  const preStop = container.lifecycle?.preStop;
  if (!preStop) return 0;
  if (preStop.sleep) return Number(preStop.sleep.seconds);
  const command: string[] = preStop.exec?.command ?? [];
  const ms = /setTimeout\([^,]*,\s*(\d+)\s*\)/.exec(command.join(' '));
  if (!ms) throw new Error(`cannot tell how long the preStop hook waits: ${JSON.stringify(preStop)}`);
  return Number(ms[1]) / 1000;
}

function selectorMatches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

const noKubectl = kubectlUnavailableReason();
if (noKubectl) {
  console.warn(`deploy/k8s kustomize tests skipped: ${noKubectl}`);
}

describe('deploy/k8s endpoint list copy', () => {
  it('is identical to config/panda_mcp_endpoints.json', () => {
    const copy = fs.readFileSync(path.join(K8S_DIR, 'base', 'panda_mcp_endpoints.json'), 'utf8');
    const original = fs.readFileSync(path.join(REPO_ROOT, 'config', 'panda_mcp_endpoints.json'), 'utf8');
    // Fix: cp config/panda_mcp_endpoints.json deploy/k8s/base/panda_mcp_endpoints.json
    expect(copy).toBe(original);
  });
});

(noKubectl ? describe.skip : describe).each(
  kustomizationDirs().map((dir) => [path.relative(REPO_ROOT, dir), dir]),
)('kubectl kustomize %s', (_name, dir) => {
  let objects: K8sObject[];
  let deployment: K8sObject;
  let pod: any;
  let container: any;
  let containerPort: number;
  let mcpConfig: Record<string, any>;

  beforeAll(() => {
    objects = render(dir);
    deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'panda-mcp')!;
    pod = deployment?.spec.template.spec;
    container = pod?.containers.find((c: any) => c.name === 'panda-mcp');
    containerPort = container?.ports?.[0]?.containerPort;
    const configVolume = pod?.volumes.find((v: any) =>
      container.volumeMounts.some((m: any) => m.name === v.name && m.mountPath === CONFIG_JSON_PATH),
    );
    const configMap = objects.find(
      (o) => o.kind === 'ConfigMap' && o.metadata.name === configVolume?.configMap?.name,
    );
    mcpConfig = configMap ? JSON.parse(configMap.data['panda_server_config.json']).mcp : undefined;
  }, 90_000);

  it('renders only objects that pass the Kubernetes schema of their kind', () => {
    expect(objects.length).toBeGreaterThan(0);
    for (const object of objects) {
      const id = `${object.apiVersion}/${object.kind}`;
      const Model = MODELS[id];
      expect({ object: `${id} ${object.metadata?.name}`, known: Boolean(Model) }).toEqual({
        object: `${id} ${object.metadata?.name}`,
        known: true,
      });
      expect(() => new Model(object).validate()).not.toThrow();
    }
  });

  it('has one panda-mcp Deployment with one container port', () => {
    expect(deployment).toBeDefined();
    expect(container).toBeDefined();
    expect(container.ports).toHaveLength(1);
    expect(container.ports[0].protocol ?? 'TCP').toBe('TCP');
    expect(Number.isInteger(containerPort)).toBe(true);
  });

  it('mounts panda_server_config.json with the mcp object at $PANDA_HOME/etc/config_json', () => {
    const env = Object.fromEntries((container.env ?? []).map((e: any) => [e.name, e.value]));
    expect(env.PANDA_HOME ?? PANDA_HOME).toBe(PANDA_HOME);
    expect(mcpConfig).toEqual(expect.any(Object));
    expect(['streamable-http', 'sse']).toContain(mcpConfig.transport ?? 'streamable-http');
    // The port the service listens on (env wins over the file, as in libs/config).
    const configured = env.PANDA_SERVER_CONF_PORT_MCP ?? mcpConfig.port ?? DEFAULT_PORT;
    expect(Number(configured)).toBe(containerPort);
    if (mcpConfig.port !== undefined) expect(Number(mcpConfig.port)).toBe(containerPort);
    // Reachable from the kubelet and the Service, not only from inside the pod.
    expect(['0.0.0.0', '::', undefined]).toContain(env.PANDA_MCP_HOST ?? mcpConfig.host);
  });

  it('mounts the endpoint list where endpoint_list_file points, with the content of the shipped list', () => {
    const listPath = mcpConfig.endpoint_list_file ?? `${PANDA_HOME}/etc/panda/panda_mcp_endpoints.json`;
    const mount = container.volumeMounts.find((m: any) => m.mountPath === listPath);
    expect(mount).toBeDefined();
    const volume = pod.volumes.find((v: any) => v.name === mount.name);
    const configMap = objects.find(
      (o) => o.kind === 'ConfigMap' && o.metadata.name === volume.configMap?.name,
    );
    expect(configMap).toBeDefined();
    const list = JSON.parse(configMap!.data[mount.subPath ?? path.basename(listPath)]);
    expect(list).toEqual(expect.any(Object));
    if (dir.endsWith(path.join('k8s', 'base'))) {
      const shipped = JSON.parse(
        fs.readFileSync(path.join(REPO_ROOT, 'config', 'panda_mcp_endpoints.json'), 'utf8'),
      );
      expect(list).toEqual(shipped);
    }
  });

  it('probes /healthz and /readyz over HTTP(S) on the container port', () => {
    const tls = Boolean(mcpConfig.ssl_certfile && mcpConfig.ssl_keyfile);
    for (const kind of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
      const probe = container[kind];
      expect({ kind, httpGet: Boolean(probe?.httpGet) }).toEqual({ kind, httpGet: true });
      expect(PROBE_PATHS).toContain(probe.httpGet.path);
      expect({ kind, port: resolvePort(probe.httpGet.port, container) }).toEqual({
        kind,
        port: containerPort,
      });
      expect({ kind, scheme: probe.httpGet.scheme ?? 'HTTP' }).toEqual({
        kind,
        scheme: tls ? 'HTTPS' : 'HTTP',
      });
    }
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
  });

  it('exposes the container port through the Service, without affinity for stateless Streamable HTTP', () => {
    const service = one(objects, 'Service');
    const labels = deployment.spec.template.metadata.labels;
    expect(selectorMatches(service.spec.selector, labels)).toBe(true);
    expect(selectorMatches(deployment.spec.selector.matchLabels, labels)).toBe(true);
    expect(service.spec.ports).toHaveLength(1);
    expect(resolvePort(service.spec.ports[0].targetPort, container)).toBe(containerPort);
    // a stream of transport = sse lives on one replica; stateless Streamable HTTP needs no affinity
    const sse = mcpConfig.transport === 'sse';
    expect(sse || mcpConfig.session_mode === 'stateless').toBe(true);
    expect(service.spec.sessionAffinity ?? 'None').toBe(sse ? 'ClientIP' : 'None');
  });

  it('runs as non-root with a read-only root filesystem, no capabilities and the default seccomp profile', () => {
    const podSecurity = pod.securityContext ?? {};
    const security = container.securityContext ?? {};
    expect(security.runAsNonRoot ?? podSecurity.runAsNonRoot).toBe(true);
    expect(security.runAsUser ?? podSecurity.runAsUser).toBeGreaterThan(0);
    expect(security.readOnlyRootFilesystem).toBe(true);
    expect(security.allowPrivilegeEscalation).toBe(false);
    expect(security.privileged ?? false).toBe(false);
    expect(security.capabilities?.drop).toContain('ALL');
    expect(security.capabilities?.add ?? []).toEqual([]);
    expect((security.seccompProfile ?? podSecurity.seccompProfile)?.type).toBe('RuntimeDefault');
    expect(pod.automountServiceAccountToken).toBe(false);
    // Writable /tmp only, from an emptyDir.
    const tmp = container.volumeMounts.find((m: any) => m.mountPath === '/tmp');
    expect(pod.volumes.find((v: any) => v.name === tmp?.name)?.emptyDir).toBeDefined();
  });

  it('sets resource requests and limits', () => {
    for (const key of ['requests', 'limits']) {
      expect(container.resources?.[key]).toEqual(expect.objectContaining({ cpu: expect.anything() }));
      expect(container.resources?.[key]).toEqual(expect.objectContaining({ memory: expect.anything() }));
    }
  });

  it('gives a stopping pod time for the preStop delay and shutdown_timeout', () => {
    const shutdownTimeout = Number(mcpConfig.shutdown_timeout ?? DEFAULT_SHUTDOWN_TIMEOUT);
    const grace = pod.terminationGracePeriodSeconds ?? 30;
    expect(preStopSeconds(container)).toBeGreaterThan(0);
    expect(grace).toBeGreaterThan(preStopSeconds(container) + shutdownTimeout);
  });

  it('serves HTTPS only with a mounted certificate that is required', () => {
    if (!mcpConfig.ssl_certfile && !mcpConfig.ssl_keyfile) return;
    for (const file of [mcpConfig.ssl_certfile, mcpConfig.ssl_keyfile]) {
      const mount = container.volumeMounts.find((m: any) => file.startsWith(`${m.mountPath}/`));
      expect({ file, mounted: Boolean(mount) }).toEqual({ file, mounted: true });
      const volume = pod.volumes.find((v: any) => v.name === mount.name);
      expect(volume.secret?.secretName).toEqual(expect.any(String));
      expect(volume.secret.optional ?? false).toBe(false);
    }
  });

  it('scales with an autoscaling/v2 HPA and a policy/v1 PDB that agree with the Deployment', () => {
    const hpa = one(objects, 'HorizontalPodAutoscaler');
    expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: deployment.metadata.name });
    const replicas = deployment.spec.replicas ?? 1;
    expect(replicas).toBeGreaterThanOrEqual(hpa.spec.minReplicas ?? 1);
    expect(replicas).toBeLessThanOrEqual(hpa.spec.maxReplicas);
    const pdb = one(objects, 'PodDisruptionBudget');
    expect(selectorMatches(pdb.spec.selector.matchLabels, deployment.spec.template.metadata.labels)).toBe(
      true,
    );
    // A drain must be able to proceed: never require every replica to stay up.
    if (pdb.spec.minAvailable !== undefined) {
      expect(Number(pdb.spec.minAvailable)).toBeLessThan(hpa.spec.minReplicas ?? 1);
    } else {
      expect(Number(pdb.spec.maxUnavailable)).toBeGreaterThanOrEqual(1);
    }
  });

  it('publishes only /mcp and /messages through an Ingress, consistent with TLS and allowed_hosts', () => {
    const ingresses = objects.filter((o) => o.kind === 'Ingress');
    const service = one(objects, 'Service');
    for (const ingress of ingresses) {
      const annotations = ingress.metadata.annotations ?? {};
      expect(annotations['nginx.ingress.kubernetes.io/proxy-buffering']).toBe('off');
      // Affinity only where a stream lives on one pod (transport = sse; see components/ingress/ingress.yaml).
      const affinity =
        annotations['nginx.ingress.kubernetes.io/upstream-hash-by'] ??
        annotations['nginx.ingress.kubernetes.io/affinity'];
      expect(affinity !== undefined).toBe(mcpConfig.transport === 'sse');
      const tls = Boolean(mcpConfig.ssl_certfile);
      expect(annotations['nginx.ingress.kubernetes.io/backend-protocol'] ?? 'HTTP').toBe(
        tls ? 'HTTPS' : 'HTTP',
      );
      for (const rule of ingress.spec.rules) {
        const paths = rule.http.paths.map((p: any) => p.path).sort();
        expect(paths).toEqual(['/mcp', '/messages']);
        for (const p of rule.http.paths) {
          expect(p.backend.service.name).toBe(service.metadata.name);
          const port = p.backend.service.port;
          expect(service.spec.ports.some((sp: any) => sp.name === port.name || sp.port === port.number)).toBe(
            true,
          );
        }
        const allowed: string[] | undefined =
          typeof mcpConfig.allowed_hosts === 'string'
            ? mcpConfig.allowed_hosts.split(/[\s,]+/).filter(Boolean)
            : mcpConfig.allowed_hosts;
        if (rule.host && allowed && allowed.length > 0) {
          expect(allowed.map((h) => h.toLowerCase())).toContain(rule.host.toLowerCase());
        }
        if (ingress.spec.tls) {
          expect(ingress.spec.tls.flatMap((t: any) => t.hosts)).toContain(rule.host);
        }
      }
    }
  });

  it('pins the image tag in overlays', () => {
    if (dir.endsWith(path.join('k8s', 'base'))) return;
    const image: string = container.image;
    expect(image).toMatch(/[:@]/);
    expect(image).not.toMatch(/:latest$/);
  });
});
