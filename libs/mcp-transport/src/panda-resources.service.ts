import { Injectable } from '@nestjs/common';
import {
  ProtocolError,
  ProtocolErrorCode,
  ReadResourceResult,
  ResourceNotFoundError,
} from '@modelcontextprotocol/server';
import type { CallToolResult, ResourceTemplateType } from '@modelcontextprotocol/server';
import type { AuthContext } from '@panda-mcp/panda-client';
import { ToolCallService } from './tool-call.service';

/** A resource template and the tool call that reads it. */
interface PandaResourceKind {
  template: ResourceTemplateType;
  pattern: RegExp;
  tool: string;
  args(id: number): Record<string, unknown>;
  /** The record inside the tool's result. */
  pick(result: CallToolResult): unknown;
}

const KINDS: readonly PandaResourceKind[] = [
  {
    template: {
      uriTemplate: 'panda://task/{task_id}',
      name: 'task',
      title: 'PanDA task',
      description: 'A task (jediTaskID) in its compact view, with its datasets.',
      mimeType: 'application/json',
    },
    pattern: /^panda:\/\/task\/(\d{1,15})$/,
    tool: 'task_get_detailed_info',
    args: (id) => ({ task_id: id }),
    // a record tool: its text is the compact record
    pick: (result) => (result.content[0]?.type === 'text' ? JSON.parse(result.content[0].text) : undefined),
  },
  {
    template: {
      uriTemplate: 'panda://job/{panda_id}',
      name: 'job',
      title: 'PanDA job',
      description: 'A job (PandaID) in its compact view, active or archived.',
      mimeType: 'application/json',
    },
    pattern: /^panda:\/\/job\/(\d{1,15})$/,
    tool: 'job_get_description_incl_archive',
    args: (id) => ({ job_ids: [id] }),
    // a list tool with an output schema: the first (only) job of its page
    pick: (result) => {
      const data = (result.structuredContent as { data?: unknown } | undefined)?.data;
      return Array.isArray(data) ? data[0] : undefined;
    },
  },
];

/**
 * `panda://task/{task_id}` and `panda://job/{panda_id}`: compact records read through the same tool calls
 * as the tools (the caller's credentials, limits and result budget). PanDA's refusal is a JSON-RPC error
 * carrying PanDA's words.
 */
@Injectable()
export class PandaResources {
  constructor(private readonly tools: ToolCallService) {}

  templates(): ResourceTemplateType[] {
    return KINDS.map((kind) => kind.template);
  }

  async read(uri: string, auth: AuthContext | undefined, signal?: AbortSignal): Promise<ReadResourceResult> {
    for (const kind of KINDS) {
      const match = kind.pattern.exec(uri);
      if (!match) continue;
      const report = await this.tools.call(kind.tool, kind.args(Number(match[1])), { auth, signal });
      const text = report.result.content.map((block) => (block.type === 'text' ? block.text : '')).join('\n');
      if (report.result.isError)
        throw new ProtocolError(ProtocolErrorCode.InternalError, text.slice(0, 2000));
      let record: unknown;
      try {
        record = kind.pick(report.result);
      } catch {
        // a record cut to the result budget is no longer JSON: say so instead of failing inside
        throw new ProtocolError(
          ProtocolErrorCode.InternalError,
          `${uri} is larger than the result budget: ${text.slice(0, 500)}`,
        );
      }
      if (record === undefined || record === null) throw new ResourceNotFoundError(uri);
      return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(record) }] };
    }
    throw new ProtocolError(
      ProtocolErrorCode.InvalidParams,
      `unknown resource ${uri.slice(0, 200)}: panda-mcp serves panda://task/{task_id} and panda://job/{panda_id}`,
    );
  }
}
