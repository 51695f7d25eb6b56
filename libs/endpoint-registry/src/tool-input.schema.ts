import type { EndpointParameter, JsonSchema, ToolInputSchema } from './endpoint.types';
import { parameterDescription } from './tool-rules';

/** The MCP input schema of a tool: each parameter's schema with its description (and default) for the agent. */
export function inputSchemaOf(parameters: readonly EndpointParameter[]): ToolInputSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const parameter of parameters) {
    const description = parameterDescription(parameter);
    properties[parameter.name] = description ? { ...parameter.schema, description } : { ...parameter.schema };
  }
  const required = parameters.filter((p) => p.required).map((p) => p.name);
  return {
    type: 'object',
    properties,
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
  };
}
