/**
 * panda-mcp benchmark: `npm run bench` (full, ~9 min) or `BENCH_QUICK=1 npm run bench` (~1 min smoke).
 * `BENCH_PROFILE=1` adds --cpu-prof to the services under load and prints where their time goes.
 * How to read the output: bench/README.md.
 *
 * This file runs the cases in order (lib/*.cases.ts), hands the results to lib/report.ts and makes sure
 * every started process is stopped: at the end, on an error, on Ctrl-C and at the hard time limit.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stopCurrentLoad } from './lib/load';
import { runMemoryCases } from './lib/memory.cases';
import { killAllNow, RESULTS_DIR, stopAll } from './lib/processes';
import { writeReport } from './lib/report';
import { runAnswerSizeCases } from './lib/answer-size.cases';
import { writeAnswerOnlyReport } from './lib/answer-size.report';
import { log, ONLY_ANSWERS, PROFILE, QUICK, SETTINGS, startedAt } from './lib/run.settings';
import { checkBuilt, NodeFlags, startSim, writeFullEndpointList } from './lib/services';
import { measureStartup } from './lib/startup.cases';
import { runThroughputCases } from './lib/throughput.cases';
import { formatSummary, summariseProfile } from './profile-summary';

async function main(): Promise<void> {
  checkBuilt();
  const stamp = new Date(startedAt).toISOString().replace(/[:.]/g, '-');
  const profileDir = PROFILE ? path.join(RESULTS_DIR, 'profiles', stamp) : undefined;
  if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
  const flags: NodeFlags = profileDir ? { cpuProfileDir: profileDir } : {};
  log(`${QUICK ? 'quick' : 'full'} run${PROFILE ? ' with CPU profiles' : ''}; ${os.cpus().length} CPUs`);

  const sim = await startSim();
  const simApi = sim.url;
  const fullList = writeFullEndpointList();
  log(`panda-sim at ${sim.baseUrl}; full endpoint list: ${fullList.count} tools`);
  if (ONLY_ANSWERS) {
    writeAnswerOnlyReport(await runAnswerSizeCases(sim, fullList.file));
    return;
  }

  // --- cases 1-5 -------------------------------------------------------------------------------------
  const throughput = await runThroughputCases(sim, fullList, flags);
  // --- case 6: memory --------------------------------------------------------------------------------
  const memory = await runMemoryCases(simApi, throughput.wire.toolsCall);
  // --- case 7: start-up ------------------------------------------------------------------------------
  const startup = await measureStartup(simApi, fullList.file, profileDir);
  // --- case 8: answer sizes --------------------------------------------------------------------------
  const answers = await runAnswerSizeCases(sim, fullList.file);
  await sim.process.stop();

  // --- report ----------------------------------------------------------------------------------------
  writeReport({ throughput, memory, startup, fullList, answers });
  if (profileDir) {
    for (const file of fs.readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile'))) {
      const skipMs = throughput.profileSkipMs.get(file.replace(/\.cpuprofile$/, '')) ?? 0;
      process.stdout.write(`\n${formatSummary(summariseProfile(path.join(profileDir, file), 20, skipMs))}\n`);
    }
  }
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) {
      killAllNow();
      process.exit(130);
    }
    interrupted = true;
    process.stderr.write(`\n[bench] ${signal}: stopping load and every started process...\n`);
    stopCurrentLoad();
    void stopAll().finally(() => process.exit(130));
  });
}
process.on('exit', killAllNow);

const hardStop = setTimeout(
  () => {
    process.stderr.write(`[bench] hard time limit reached; stopping everything\n`);
    stopCurrentLoad();
    void stopAll().finally(() => process.exit(1));
  },
  (SETTINGS.deadlineS + 60) * 1000,
);
hardStop.unref();

main()
  .then(() => stopAll())
  .then(() => process.exit(0))
  .catch(async (error: Error) => {
    process.stderr.write(`[bench] failed: ${error.stack ?? error.message}\n`);
    stopCurrentLoad();
    await stopAll();
    process.exit(1);
  });
