import type { CallToolResult, Tool } from '@modelcontextprotocol/client';

const SUMMARY_WIDTH = 96;

function summaryOf(description: string | undefined): string {
  const first = (description ?? '').trim().split('\n')[0].trim();
  return first.length > SUMMARY_WIDTH ? `${first.slice(0, SUMMARY_WIDTH - 3)}...` : first;
}

function flagsOf(tool: Tool): string {
  if (tool.annotations?.destructiveHint) return 'destructive';
  if (tool.annotations?.readOnlyHint) return 'read-only';
  return '';
}

/** One line per tool: name, safety hint, first line of the description. */
export function formatToolList(tools: readonly Tool[], source: string): string {
  const sorted = [...tools].sort((a, b) => a.name.localeCompare(b.name));
  const width = Math.max(0, ...sorted.map((t) => t.name.length));
  const lines = sorted.map((tool) =>
    `  ${tool.name.padEnd(width)}  ${flagsOf(tool).padEnd(11)}  ${summaryOf(tool.description)}`.trimEnd(),
  );
  return [`${tools.length} tool${tools.length === 1 ? '' : 's'} at ${source}`, ...lines].join('\n');
}

interface PropertySchema {
  type?: string | string[];
  items?: PropertySchema;
  description?: string;
}

function typeOf(schema: PropertySchema): string {
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : (schema.type ?? 'any');
  return type === 'array' && schema.items ? `array of ${typeOf(schema.items)}` : type;
}

/** A tool in full: hints, description and parameters, for `panda-mcp tools <name>`. */
export function formatToolDetails(tool: Tool): string {
  const schema = tool.inputSchema as { properties?: Record<string, PropertySchema>; required?: string[] };
  const required = new Set(schema.required ?? []);
  const parameters = Object.entries(schema.properties ?? {}).map(
    ([name, property]) =>
      `  ${name} (${typeOf(property)}${required.has(name) ? ', required' : ''})${
        property.description ? `: ${property.description}` : ''
      }`,
  );
  const flags = flagsOf(tool);
  return [
    `${tool.name}${flags ? ` [${flags}]` : ''}`,
    '',
    (tool.description ?? '').trim(),
    '',
    parameters.length ? 'Parameters:' : 'No parameters.',
    ...parameters,
  ].join('\n');
}

/** The text of a tool result, as an agent would read it. */
export function formatToolResult(result: CallToolResult): string {
  return result.content
    .map((block) => (block.type === 'text' ? block.text : `[${block.type} content]`))
    .join('\n');
}
