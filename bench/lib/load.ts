import autocannon from 'autocannon';

/** One kind of request the bench fires at a target. */
export interface LoadTarget {
  /** Row name in the report. */
  name: string;
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  /** A fresh body per request (unique JSON-RPC id); undefined for a bodiless GET. */
  body?: () => string;
  /** True when an answer is a success (HTTP 200 alone is not enough for MCP: tool errors are 200). */
  verify: (body: string) => boolean;
}

export interface LoadRun {
  requests: number;
  durationS: number;
  /** Failures of any kind: connection errors, timeouts, non-2xx answers and bodies that fail `verify`. */
  errors: number;
  errorKinds: { connection: number; timeouts: number; non2xx: number; mismatches: number };
  /** An example of a body that failed `verify` (first 300 characters). */
  mismatchExample?: string;
  /** Response times in ms (float), one per answer. */
  latencies: number[];
  /** True when the time bound cut an `amount` run short. */
  cutShort: boolean;
}

let current: autocannon.Instance | undefined;

/** Stops the load generator, if one is running (Ctrl-C). */
export function stopCurrentLoad(): void {
  current?.stop();
}

const MAX_LATENCY_SAMPLES = 2_000_000;

/**
 * Fires requests at one target with `connections` keep-alive connections, either for `durationS` seconds
 * or for `amount` requests; an `amount` run is still bounded by `maxSeconds`. Latencies are recorded
 * with sub-millisecond resolution from autocannon's per-response event (its own histogram is in whole ms).
 */
export function runLoad(
  target: LoadTarget,
  options: { connections: number; durationS?: number; amount?: number; maxSeconds: number },
): Promise<LoadRun> {
  const latencies: number[] = [];
  let cutShort = false;
  let mismatchExample: string | undefined;
  return new Promise((resolve, reject) => {
    const makeBody = target.body;
    const instance = autocannon(
      {
        url: target.url,
        connections: options.connections,
        duration: options.durationS ?? options.maxSeconds,
        amount: options.amount,
        timeout: 10,
        method: target.method,
        headers: target.headers,
        requests: [
          makeBody
            ? {
                method: target.method,
                setupRequest: (req: autocannon.Request) => {
                  req.body = makeBody();
                  return req;
                },
              }
            : { method: target.method },
        ],
        verifyBody: (body: string | Buffer | undefined) => {
          const text = String(body ?? '');
          const ok = target.verify(text);
          if (!ok) mismatchExample ??= text.slice(0, 300);
          return ok;
        },
      },
      (error: unknown, result: autocannon.Result) => {
        clearTimeout(guard);
        current = undefined;
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        resolve({
          requests: result.requests.total ?? latencies.length,
          durationS: result.duration,
          errors: result.errors + result.non2xx + result.mismatches,
          errorKinds: {
            connection: result.errors - result.timeouts,
            timeouts: result.timeouts,
            non2xx: result.non2xx,
            mismatches: result.mismatches,
          },
          mismatchExample,
          latencies,
          cutShort,
        });
      },
    );
    current = instance;
    // The typings give the instance-level event the client-level signature; the last argument is the time.
    (instance as NodeJS.EventEmitter).on('response', (...args: unknown[]) => {
      if (latencies.length < MAX_LATENCY_SAMPLES) latencies.push(args[3] as number);
    });
    const guard = setTimeout(
      () => {
        cutShort = true;
        instance.stop();
      },
      (options.maxSeconds + 5) * 1000,
    );
  });
}

/** The q-quantile (0..1) of a sample, by sorting a copy. */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index];
}

export function sortedCopy(values: number[]): Float64Array {
  return Float64Array.from(values).sort();
}
