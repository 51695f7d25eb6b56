/** The sim's grid: four sites, each with a production and an analysis PanDA queue. */
export interface SimQueue {
  /** PanDA queue name, the `computingSite` of jobs. */
  queue: string;
  /** ATLAS site name. */
  site: string;
  cloud: string;
  country: string;
  tier: number;
  type: 'production' | 'analysis';
  coreCount: number;
  maxRssMb: number;
  ddmEndpoint: string;
  harvesterId: string;
  computingElement: string;
}

export const SIM_QUEUES: readonly SimQueue[] = [
  {
    queue: 'CERN-PROD',
    site: 'CERN-PROD',
    cloud: 'CERN',
    country: 'Switzerland',
    tier: 0,
    type: 'production',
    coreCount: 8,
    maxRssMb: 16000,
    ddmEndpoint: 'CERN-PROD_DATADISK',
    harvesterId: 'CERN_central_A',
    computingElement: 'ce503.cern.ch',
  },
  {
    queue: 'ANALY_CERN',
    site: 'CERN-PROD',
    cloud: 'CERN',
    country: 'Switzerland',
    tier: 0,
    type: 'analysis',
    coreCount: 1,
    maxRssMb: 2000,
    ddmEndpoint: 'CERN-PROD_SCRATCHDISK',
    harvesterId: 'CERN_central_A',
    computingElement: 'ce504.cern.ch',
  },
  {
    queue: 'BNL_PROD',
    site: 'BNL-ATLAS',
    cloud: 'US',
    country: 'United States',
    tier: 1,
    type: 'production',
    coreCount: 8,
    maxRssMb: 16000,
    ddmEndpoint: 'BNL-OSG2_DATADISK',
    harvesterId: 'BNL_central_A',
    computingElement: 'gridgk05.racf.bnl.gov',
  },
  {
    queue: 'ANALY_BNL',
    site: 'BNL-ATLAS',
    cloud: 'US',
    country: 'United States',
    tier: 1,
    type: 'analysis',
    coreCount: 1,
    maxRssMb: 2000,
    ddmEndpoint: 'BNL-OSG2_SCRATCHDISK',
    harvesterId: 'BNL_central_A',
    computingElement: 'gridgk06.racf.bnl.gov',
  },
  {
    queue: 'TRIUMF',
    site: 'TRIUMF-LCG2',
    cloud: 'CA',
    country: 'Canada',
    tier: 1,
    type: 'production',
    coreCount: 8,
    maxRssMb: 16000,
    ddmEndpoint: 'TRIUMF-LCG2_DATADISK',
    harvesterId: 'CERN_central_B',
    computingElement: 'ce1.triumf.ca',
  },
  {
    queue: 'ANALY_TRIUMF',
    site: 'TRIUMF-LCG2',
    cloud: 'CA',
    country: 'Canada',
    tier: 1,
    type: 'analysis',
    coreCount: 1,
    maxRssMb: 2000,
    ddmEndpoint: 'TRIUMF-LCG2_SCRATCHDISK',
    harvesterId: 'CERN_central_B',
    computingElement: 'ce2.triumf.ca',
  },
  {
    queue: 'FZK-LCG2',
    site: 'FZK-LCG2',
    cloud: 'DE',
    country: 'Germany',
    tier: 1,
    type: 'production',
    coreCount: 8,
    maxRssMb: 16000,
    ddmEndpoint: 'FZK-LCG2_DATADISK',
    harvesterId: 'CERN_central_B',
    computingElement: 'arc-1-kit.gridka.de',
  },
  {
    queue: 'ANALY_FZK',
    site: 'FZK-LCG2',
    cloud: 'DE',
    country: 'Germany',
    tier: 1,
    type: 'analysis',
    coreCount: 1,
    maxRssMb: 2000,
    ddmEndpoint: 'FZK-LCG2_SCRATCHDISK',
    harvesterId: 'CERN_central_B',
    computingElement: 'arc-2-kit.gridka.de',
  },
];

export function findQueue(queue: string): SimQueue | undefined {
  return SIM_QUEUES.find((q) => q.queue === queue);
}

/** The ATLAS resource types PanDA schedules by (core count and memory per core, in MB). */
export const RESOURCE_TYPES = [
  { resource_name: 'SCORE', mincore: null, maxcore: 1, minrampercore: null, maxrampercore: 2000 },
  { resource_name: 'MCORE', mincore: 2, maxcore: null, minrampercore: null, maxrampercore: 2000 },
  { resource_name: 'SCORE_HIMEM', mincore: null, maxcore: 1, minrampercore: 2001, maxrampercore: null },
  { resource_name: 'MCORE_HIMEM', mincore: 2, maxcore: null, minrampercore: 2001, maxrampercore: null },
] as const;
