/**
 * Preloaded into a service under test (`NODE_OPTIONS="--expose-gc -r dist/bench/bench/gc-on-signal.js"`).
 * On SIGUSR2 it runs full garbage collections (with short pauses so that finalizers run) and prints one line to stderr:
 *   BENCH_GC <n> {"rss":..,"heapTotal":..,"heapUsed":..,"external":..,"arrayBuffers":..}
 * so the bench reads live memory (what is still referenced) rather than whatever garbage happens to be
 * uncollected. With BENCH_HEAPSNAPSHOT_DIR set it also writes a heap snapshot there (for investigations).
 */
import * as path from 'node:path';
import * as v8 from 'node:v8';

let count = 0;
const collect = (globalThis as { gc?: () => void }).gc;

/** Full GCs with pauses between them, so that finalizers (FinalizationRegistry, weak callbacks) run. */
async function settle(): Promise<void> {
  if (!collect) return;
  for (let i = 0; i < 3; i++) {
    collect();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  collect();
}

process.on('SIGUSR2', () => {
  count++;
  const n = count;
  void settle().then(() => {
    const usage = process.memoryUsage();
    const spaces = Object.fromEntries(
      v8.getHeapSpaceStatistics().map((s) => [s.space_name, s.space_used_size]),
    );
    const dir = process.env.BENCH_HEAPSNAPSHOT_DIR;
    if (dir) v8.writeHeapSnapshot(path.join(dir, `heap-${process.pid}-${n}.heapsnapshot`));
    process.stderr.write(
      `BENCH_GC ${n} ${JSON.stringify({ ...usage, spaces, gcExposed: Boolean(collect) })}\n`,
    );
  });
});
