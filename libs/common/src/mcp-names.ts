/** The two HTTP transports of MCP that panda-mcp serves and its CLI speaks. */
export type McpTransportKind = 'streamable-http' | 'sse';

export const MCP_TRANSPORT_KINDS: readonly McpTransportKind[] = ['streamable-http', 'sse'];

/**
 * A VO name as PanDA carries it in the Origin header: `atlas`, `atlas:production`, `atlas.production`.
 */
export const VO_NAME_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;
