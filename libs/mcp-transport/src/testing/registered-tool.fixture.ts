import type { EndpointRegistry, RegisteredTool } from '@panda-mcp/endpoint-registry';

/**
 * A registered PanDA tool for specs: read-only (GET) or not (POST, destructive), in the module its name
 * starts with unless given, with no parameters and an argument check that accepts anything.
 */
export function registeredTool(
  name: string,
  options: { readOnly: boolean; description?: string; module?: string },
): RegisteredTool {
  const module = options.module ?? name.split('_')[0];
  const functionName = name.slice(module.length + 1);
  const readOnly = options.readOnly;
  return {
    endpoint: {
      toolName: name,
      module,
      functionName,
      httpMethod: readOnly ? 'GET' : 'POST',
      path: `/${module}/${functionName}`,
      bodyEncoding: readOnly ? 'query' : 'json',
      summary: name,
      description: options.description ?? name,
      parameters: [],
      access: { secure: true, productionRole: false, taskOwnerOrProduction: false },
      annotations: {
        title: name,
        readOnlyHint: readOnly,
        destructiveHint: !readOnly,
        idempotentHint: readOnly,
        openWorldHint: true,
      },
      inputSchema: { type: 'object', properties: {}, additionalProperties: false },
    },
    checkArguments: () => ({ ok: true, args: {} }),
  };
}

/** An endpoint registry that serves exactly these tools. */
export function registryOf(tools: readonly RegisteredTool[]): EndpointRegistry {
  return {
    get: (name: string) => tools.find((tool) => tool.endpoint.toolName === name),
    list: () => tools,
  } as unknown as EndpointRegistry;
}
