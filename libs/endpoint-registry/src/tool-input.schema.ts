import type { EndpointParameter, JsonSchema, ToolInputSchema } from './endpoint.types';
import { parameterDescription } from './tool-rules';

/**
 * The MCP input schema of a tool: each parameter's schema with its description for the agent. A default of
 * null on an optional parameter is left out: that the parameter may be left out, or be null, already says
 * that PanDA's default applies (the argument check drops such nulls).
 */
export function inputSchemaOf(parameters: readonly EndpointParameter[]): ToolInputSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const parameter of parameters) {
    const schema: JsonSchema = { ...parameter.schema };
    if (!parameter.required && schema.default === null) delete schema.default;
    const description = parameterDescription(parameter);
    properties[parameter.name] = description ? { ...schema, description } : schema;
  }
  const required = parameters.filter((p) => p.required).map((p) => p.name);
  return {
    type: 'object',
    properties,
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
  };
}
