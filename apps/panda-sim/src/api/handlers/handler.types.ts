import { Caller } from '../../auth/caller.types';
import { SimDataStore, TaskCaller } from '../../data/sim-data.store';
import { EndpointSpec } from '../api-catalogue.service';

/** PanDA's response object: generate_response(success, message, data). */
export interface PandaResponse {
  success: boolean;
  message: string | null;
  data: unknown;
}

/** What a handler returns: a response object, or (rarely, as PanDA does) a bare value. */
export type HandlerResult = PandaResponse | { bare: unknown };

export interface HandlerContext {
  spec: EndpointSpec;
  /** Validated arguments, defaults applied, GET values cast. */
  args: Record<string, unknown>;
  caller: Caller;
  store: SimDataStore;
  now: Date;
  /** The WSGI-like environment PanDA would expose through system get_attributes. */
  environ: Record<string, string>;
}

export type ApiHandler = (context: HandlerContext) => HandlerResult;

export function respond(success: boolean, message: string | null = '', data: unknown = null): PandaResponse {
  return { success, message, data };
}

/** The caller as the data store needs it for ownership decisions. */
export function taskCaller(caller: Caller): TaskCaller {
  return { userName: caller.userName ?? '', dn: caller.dn ?? '', productionRole: caller.productionRole };
}

/** PanDA returns at most this many job descriptions per call, and says nothing when it cuts. */
export const MAX_JOB_DESCRIPTIONS = 5500;

// PanDA's fixed messages (pandaserver/api/v1/common.py)
export const MESSAGE_SSL = 'SSL secure connection is required';
export const MESSAGE_PROD_ROLE = 'production or pilot role required';
export const MESSAGE_TASK_OWNER = 'not the task owner or no production role';
export const MESSAGE_TASK_ID = 'jediTaskID must be an integer';
export const MESSAGE_JSON = 'failed to load JSON';
