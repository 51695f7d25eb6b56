import * as fs from 'node:fs';
import { load } from 'js-yaml';
import { isPlainObject } from '@panda-mcp/common';
import { TOOLSET_NAME_PATTERN } from '@panda-mcp/config';

/** A named group of tools as the toolsets file defines it (members not yet resolved). */
export interface ToolsetDefinition {
  name: string;
  description?: string;
  /** Modules, other toolsets, tool names, or tool-name prefixes ending in `*`. */
  members: string[];
}

/** The toolsets file could not be used; every problem is listed with its place. */
export class ToolsetsFileError extends Error {
  constructor(
    readonly problems: readonly string[],
    file: string,
  ) {
    super(`${file} cannot be used:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    this.name = ToolsetsFileError.name;
  }
}

const MEMBER_PATTERN = /^[A-Za-z0-9_-]{1,128}\*?$/;

/** Reads and checks the toolsets file: `toolsets: {name: {description?, members: [...]}}`. */
export function readToolsetsFile(file: string): ToolsetDefinition[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ToolsetsFileError([`cannot be read: ${(error as Error).message}`], file);
  }
  let document: unknown;
  try {
    document = load(text);
  } catch (error) {
    throw new ToolsetsFileError([`is not valid YAML: ${(error as Error).message.split('\n')[0]}`], file);
  }
  return parseToolsets(document, file);
}

export function parseToolsets(document: unknown, file: string): ToolsetDefinition[] {
  const problems: string[] = [];
  const toolsets = isPlainObject(document) ? document.toolsets : undefined;
  if (!isPlainObject(toolsets)) {
    throw new ToolsetsFileError(['must be a mapping with a "toolsets" mapping of names to toolsets'], file);
  }
  const definitions: ToolsetDefinition[] = [];
  for (const [name, body] of Object.entries(toolsets)) {
    const place = `toolsets.${name}`;
    if (!TOOLSET_NAME_PATTERN.test(name))
      problems.push(`${place}: a name is 1 to 64 characters from a-z 0-9 _ -`);
    if (!isPlainObject(body)) {
      problems.push(`${place}: must be a mapping with "members" (and optionally "description")`);
      continue;
    }
    const members = body.members;
    if (!Array.isArray(members) || members.length === 0) {
      problems.push(`${place}.members: must be a non-empty list`);
      continue;
    }
    members.forEach((member, i) => {
      if (typeof member !== 'string' || !MEMBER_PATTERN.test(member)) {
        problems.push(
          `${place}.members[${i}]: must be a module, toolset or tool name, or a prefix ending in *; got ${JSON.stringify(member)?.slice(0, 60)}`,
        );
      }
    });
    if (body.description !== undefined && typeof body.description !== 'string') {
      problems.push(`${place}.description: must be text`);
    }
    for (const key of Object.keys(body)) {
      if (key !== 'members' && key !== 'description') problems.push(`${place}.${key}: unknown key`);
    }
    definitions.push({
      name,
      description: typeof body.description === 'string' ? body.description : undefined,
      members: members.filter((m): m is string => typeof m === 'string'),
    });
  }
  if (problems.length) throw new ToolsetsFileError(problems, file);
  return definitions;
}
