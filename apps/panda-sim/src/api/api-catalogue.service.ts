import { Inject, Injectable } from '@nestjs/common';
import * as fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { SIM_CONFIG, SimConfig } from '../config/sim.config';
import { parseAnnotation, PyType } from './python-type.parser';

export interface EndpointParam {
  name: string;
  /** PanDA's Python annotation, verbatim (`x-panda-type`); undefined when the parameter has none. */
  annotation: string | undefined;
  type: PyType | undefined;
  required: boolean;
  /** Python default; a parameter that is optional without a stated default defaults to None. */
  defaultValue: unknown;
}

export interface EndpointSpec {
  /** Path below /api/v1, e.g. `/task/get_status`, `/creds/get_access_token`. */
  path: string;
  /** Module as PanDA's endpoint list spells it (`credential_management`). */
  module: string;
  function: string;
  method: 'GET' | 'POST';
  secure: boolean;
  productionRole: boolean;
  taskOwnerOrProduction: boolean;
  params: EndpointParam[];
  /** The function takes **kwargs (system get_attributes), so unknown parameters are not an error. */
  acceptsExtraKwargs: boolean;
  /** Name of the task id parameter the ownership check reads. */
  taskIdParam: string;
}

type Json = Record<string, unknown>;

function asObject(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

function defaultOf(...holders: Json[]): { has: boolean; value: unknown } {
  for (const holder of holders) {
    for (const key of ['default', 'x-panda-default']) {
      if (Object.prototype.hasOwnProperty.call(holder, key)) return { has: true, value: holder[key] };
    }
  }
  return { has: false, value: null };
}

function toParam(name: string, annotation: unknown, required: boolean, holders: Json[]): EndpointParam {
  const text = typeof annotation === 'string' ? annotation : undefined;
  const stated = defaultOf(...holders);
  return {
    name,
    annotation: text,
    type: parseAnnotation(text),
    required: required && !stated.has,
    defaultValue: stated.value,
  };
}

/** Reads the operations of an API description in the project's format (docs/api-description.md). */
export function parseCatalogue(document: unknown): EndpointSpec[] {
  const paths = asObject(asObject(document).paths);
  const specs: EndpointSpec[] = [];
  for (const [path, item] of Object.entries(paths)) {
    for (const method of ['get', 'post'] as const) {
      const op = asObject(asObject(item)[method]);
      if (!Object.keys(op).length) continue;
      const segments = path.split('/').filter(Boolean);
      const module = typeof op['x-panda-module'] === 'string' ? op['x-panda-module'] : segments[0];
      const fn =
        typeof op['x-panda-function'] === 'string' ? op['x-panda-function'] : segments[segments.length - 1];
      const access = asObject(op['x-panda-access']);
      const params: EndpointParam[] = [];
      for (const raw of Array.isArray(op.parameters) ? op.parameters : []) {
        const p = asObject(raw);
        if (p.in !== undefined && p.in !== 'query') continue;
        const schema = asObject(p.schema);
        params.push(
          toParam(String(p.name), p['x-panda-type'] ?? schema['x-panda-type'], p.required === true, [
            p,
            schema,
          ]),
        );
      }
      const content = asObject(asObject(op.requestBody).content);
      for (const media of Object.values(content)) {
        const schema = asObject(asObject(media).schema);
        const required = Array.isArray(schema.required) ? schema.required.map(String) : [];
        for (const [name, rawProp] of Object.entries(asObject(schema.properties))) {
          if (params.some((p) => p.name === name)) continue;
          const prop = asObject(rawProp);
          params.push(toParam(name, prop['x-panda-type'], required.includes(name), [prop]));
        }
      }
      const names = params.map((p) => p.name);
      specs.push({
        path: `/${segments.join('/')}`,
        module,
        function: fn,
        method: method === 'get' ? 'GET' : 'POST',
        secure: access.secure !== false,
        productionRole: access.production_role === true,
        taskOwnerOrProduction: access.task_owner_or_production === true,
        params,
        acceptsExtraKwargs:
          op['x-panda-accepts-extra-kwargs'] === true ||
          op['x-panda-extra-kwargs'] === true ||
          (module === 'system' && fn === 'get_attributes'),
        taskIdParam:
          names.includes('task_id') || !names.includes('jedi_task_id') ? 'task_id' : 'jedi_task_id',
      });
    }
  }
  return specs;
}

/** The endpoint table: every operation of config/panda-api/openapi.yaml (or PANDA_SIM_API_SPEC). */
@Injectable()
export class ApiCatalogueService {
  private readonly byPath = new Map<string, EndpointSpec>();

  constructor(@Inject(SIM_CONFIG) config: SimConfig) {
    if (!fs.existsSync(config.apiSpecFile)) {
      throw new Error(
        `panda-sim: API description not found at ${config.apiSpecFile} (set PANDA_SIM_API_SPEC)`,
      );
    }
    const specs = parseCatalogue(parseYaml(fs.readFileSync(config.apiSpecFile, 'utf8')));
    if (!specs.length) throw new Error(`panda-sim: no operations in ${config.apiSpecFile}`);
    for (const spec of specs) this.byPath.set(spec.path, spec);
  }

  /** `urlModule` is the path segment (`creds` for credential_management). */
  find(urlModule: string, fn: string): EndpointSpec | undefined {
    return this.byPath.get(`/${urlModule}/${fn}`);
  }

  all(): EndpointSpec[] {
    return [...this.byPath.values()];
  }
}
