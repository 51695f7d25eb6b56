import { cleanUserId } from '../../auth/panda-identity.util';
import { FINAL_JOB_STATES, QUEUED_JOB_STATES } from '../../data/job-states.data';
import { SimDataStore } from '../../data/sim-data.store';
import { JobSummary } from '../../data/sim-records.types';
import { RESOURCE_TYPES, SIM_QUEUES } from '../../data/sim-sites.data';
import { findSimUser, SIM_USERS } from '../../identity/sim-users.data';
import { ApiHandler, respond } from './handler.types';

const MAX_TIME_WINDOW = 60 * 24 * 7;
const DEFAULT_WINDOW_MINUTES = 12 * 60;

/** Active jobs plus jobs that reached a final state within the window, as PanDA's statistics count them. */
function* recentJobs(
  store: SimDataStore,
  now: Date,
  windowMinutes = DEFAULT_WINDOW_MINUTES,
): Iterable<JobSummary> {
  const floor = now.getTime() - windowMinutes * 60_000;
  for (const j of store.allJobSummaries()) {
    if (!FINAL_JOB_STATES.includes(j.jobStatus) || j.modificationTime.getTime() >= floor) yield j;
  }
}

function* activeJobs(store: SimDataStore): Iterable<JobSummary> {
  for (const j of store.allJobSummaries()) if (!FINAL_JOB_STATES.includes(j.jobStatus)) yield j;
}

function* where(jobs: Iterable<JobSummary>, keep: (j: JobSummary) => boolean): Iterable<JobSummary> {
  for (const j of jobs) if (keep(j)) yield j;
}

/** Nested counts: keys(job) gives the path, the last level counts jobs. */
function countBy(jobs: Iterable<JobSummary>, keys: (job: JobSummary) => string[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const job of jobs) {
    const path = keys(job);
    let level = root;
    for (const key of path.slice(0, -1)) level = (level[key] ??= {}) as Record<string, unknown>;
    const leaf = path[path.length - 1];
    level[leaf] = ((level[leaf] as number | undefined) ?? 0) + 1;
  }
  return root;
}

/** PanDA reports an empty statistic as a database failure; the sim keeps that answer. */
function statisticsResponse(data: Record<string, unknown>) {
  const success = Object.keys(data).length > 0;
  return respond(success, success ? '' : 'Database failure getting the job statistics', data);
}

function timeWindowOk(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    (typeof value === 'number' && value >= 0 && value <= MAX_TIME_WINDOW)
  );
}

const TIME_WINDOW_MESSAGE =
  'Parameter "time_window" needs to be a positive integer smaller than 10080 min (7 days)';

export const MONITORING_HANDLERS: Record<string, ApiHandler> = {
  'statistics/job_stats_by_cloud': ({ args, store, now }) => {
    const type = args.type;
    if (type !== 'production' && type !== 'analysis') {
      return respond(false, 'Parameter "type" needs to be either "production" or "analysis" ', {});
    }
    const label = type === 'production' ? 'managed' : 'user';
    const jobs = where(recentJobs(store, now), (j) => j.prodSourceLabel === label);
    return statisticsResponse(countBy(jobs, (j) => [String(j.cloud), j.jobStatus]));
  },

  'statistics/production_job_stats_by_cloud_and_processing_type': ({ store, now }) => {
    const jobs = where(recentJobs(store, now), (j) => j.prodSourceLabel === 'managed');
    return statisticsResponse(countBy(jobs, (j) => [String(j.cloud), String(j.processingType), j.jobStatus]));
  },

  'statistics/active_job_stats_by_site': ({ store }) => {
    const jobs = activeJobs(store);
    return statisticsResponse(countBy(jobs, (j) => [j.computingSite, j.jobStatus]));
  },

  'statistics/active_job_detailed_stats_by_site': ({ store }) => {
    const jobs = activeJobs(store);
    return statisticsResponse(
      countBy(jobs, (j) => [j.computingSite, j.prodSourceLabel, String(j.resource_type), j.jobStatus]),
    );
  },

  'statistics/job_stats_by_site_and_resource_type': ({ args, store, now }) => {
    if (!timeWindowOk(args.time_window)) return respond(false, TIME_WINDOW_MESSAGE, {});
    const jobs = recentJobs(store, now, (args.time_window as number | null) ?? DEFAULT_WINDOW_MINUTES);
    return statisticsResponse(countBy(jobs, (j) => [j.computingSite, String(j.resource_type), j.jobStatus]));
  },

  'statistics/job_stats_by_site_share_and_resource_type': ({ args, store, now }) => {
    if (!timeWindowOk(args.time_window)) return respond(false, TIME_WINDOW_MESSAGE, {});
    const jobs = recentJobs(store, now, (args.time_window as number | null) ?? DEFAULT_WINDOW_MINUTES);
    return statisticsResponse(
      countBy(jobs, (j) => [j.computingSite, String(j.gshare), String(j.resource_type), j.jobStatus]),
    );
  },

  'metaconfig/get_site_specs': ({ args, store }) => {
    const type = String(args.type ?? 'analysis');
    const specs: Record<string, unknown> = {};
    const queued = countBy(
      where(store.allJobSummaries(), (j) => QUEUED_JOB_STATES.includes(j.jobStatus)),
      (j) => [j.computingSite],
    ) as Record<string, number>;
    for (const q of SIM_QUEUES) {
      if (type !== 'all' && q.type !== type) continue;
      specs[q.queue] = {
        sitename: q.queue,
        nickname: q.queue,
        pandasite: q.site,
        cloud: q.cloud,
        type: q.type,
        status: 'online',
        tier: `T${q.tier}`,
        country: q.country,
        ddm: q.ddmEndpoint,
        gatekeeper: q.computingElement,
        coreCount: q.coreCount,
        corepower: 10,
        maxrss: q.maxRssMb * q.coreCount,
        minrss: 0,
        maxtime: q.type === 'analysis' ? 86400 : 345600,
        maxwdir: q.type === 'analysis' ? 14336 : 40000,
        wnconnectivity: 'full#IPv4',
        is_unified: false,
        capability: q.coreCount > 1 ? 'mcore' : 'score',
        releases: ['ANY'],
        harvester: q.harvesterId,
        nQueuedJobs: queued[q.queue] ?? 0,
      };
    }
    return respond(true, '', specs);
  },

  'metaconfig/get_resource_types': () =>
    respond(
      true,
      '',
      RESOURCE_TYPES.map((r) => ({ ...r })),
    ),

  'metaconfig/get_banned_users': () => respond(true, '', {}),

  'harvester/get_worker_statistics': ({ store }) => {
    const jobs = where(activeJobs(store), (j) => j.jobStatus !== 'defined');
    const harvesterOf = (queue: string) =>
      SIM_QUEUES.find((q) => q.queue === queue)?.harvesterId ?? 'unknown';
    const workerStatus = (j: JobSummary) =>
      QUEUED_JOB_STATES.includes(j.jobStatus) || j.jobStatus === 'sent' ? 'submitted' : 'running';
    return respond(
      true,
      '',
      countBy(jobs, (j) => [
        harvesterOf(j.computingSite),
        j.computingSite,
        String(j.resource_type),
        workerStatus(j),
      ]),
    );
  },

  'system/is_alive': () => respond(true),

  'system/get_user_attributes': ({ caller }) => {
    const raw = caller.dn ?? '';
    const clean = cleanUserId(raw);
    const email =
      SIM_USERS.find((u) => u.name === clean)?.email ?? findSimUser(caller.username ?? '')?.email ?? null;
    const fqans = caller.fqans;
    const productionGroups = fqans.flatMap((f) => {
      const m = /\/atlas\/([^/]+)\/Role=production/.exec(f);
      return m && m[1] !== 'usatlas' ? [m[1], `gr_${m[1]}`] : [];
    });
    const primary = fqans
      .map((f) => /\/[^/]+\/([^/]+)\/Role=production/.exec(f)?.[1])
      .find((wg) => wg && wg !== 'usatlas');
    const text =
      `User DN (raw): ${raw}\nUser DN (bare): ${raw}\nUser DN (clean): ${clean}\n` +
      `Email address: ${email ?? 'None'}\n` +
      `FQANs: [${fqans.map((f) => `'${f}'`).join(', ')}]\nProduction user: ${caller.productionRole ? 'True' : 'False'}\n` +
      `Production working groups: [${productionGroups.map((g) => `'${g}'`).join(', ')}]\n` +
      `Primary production working group: ${primary ?? 'None'}\n`;
    return respond(true, text, {
      user_dn_raw: raw,
      user_dn_clean: clean,
      fqans,
      is_production_user: caller.productionRole,
      production_working_groups: productionGroups,
      primary_working_group: primary ?? null,
    });
  },

  'system/get_voms_attributes': ({ environ }) => {
    const attributes = Object.fromEntries(
      Object.entries(environ).filter(([k]) => k.startsWith('GRST_CRED_')),
    );
    const text = Object.keys(attributes)
      .sort()
      .map((k) => `${k} : ${attributes[k]}`)
      .join('\n');
    return respond(true, text, attributes);
  },

  'system/get_attributes': ({ args, environ }) => {
    const parameters = Object.fromEntries(
      Object.keys(args)
        .sort()
        .map((k) => [k, typeof args[k] === 'string' ? args[k] : JSON.stringify(args[k])]),
    );
    const environment = Object.fromEntries(
      Object.keys(environ)
        .sort()
        .map((k) => [k, environ[k]]),
    );
    const text =
      '===== param =====\n' +
      Object.entries(parameters)
        .map(([k, v]) => `${k} = ${String(v)}`)
        .join('\n') +
      '\n\n====== env ======\n' +
      Object.entries(environment)
        .map(([k, v]) => `${k} : ${v}`)
        .join('\n') +
      '\n';
    return respond(true, text, { parameters, environment });
  },
};
