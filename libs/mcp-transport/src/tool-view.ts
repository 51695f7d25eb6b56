import { ALWAYS_EXPOSED_TOOL } from '@panda-mcp/endpoint-registry';
import type { CatalogueEntry } from './tool-catalogue.service';

/** The identity of a view: read-only or not, and its toolsets in any order. */
export function viewKey(readOnly: boolean, toolsets: readonly string[]): string {
  return `${readOnly ? 'ro' : 'rw'}:${[...toolsets].sort().join(',')}`;
}

/**
 * Which tools one caller sees: read-only or not, and which toolsets. A view only ever narrows the
 * deployment's; `exclusion` says, in words for the agent, why a tool is outside it.
 */
export class ToolView {
  /** The view's identity, for caching what it lists. */
  readonly key: string;

  constructor(
    readonly readOnly: boolean,
    /** The toolsets that make up the view, by name; empty means every tool. */
    readonly toolsets: readonly string[],
    /** The tools of those toolsets; undefined means every tool. */
    private readonly members: ReadonlySet<string> | undefined,
    /** Where the narrowing came from, for the words: "the deployment" or "this request". */
    private readonly source: { readOnly: string; toolsets: string },
  ) {
    this.key = viewKey(readOnly, toolsets);
  }

  /** Why the tool is outside this view, or undefined when it is in it. */
  exclusion(tool: { name: string; readOnly: boolean; alwaysServed: boolean }): string | undefined {
    if (tool.alwaysServed) return undefined;
    if (this.readOnly && !tool.readOnly) {
      return `read-only mode (set by ${this.source.readOnly}) serves only tools that change nothing`;
    }
    if (this.members && !this.members.has(tool.name)) {
      return `it is in none of the toolsets ${this.toolsets.join(', ')} (chosen by ${this.source.toolsets})`;
    }
    return undefined;
  }
}

/** Why a catalogue entry is outside the view (undefined: it is in it, or there is no view). */
export function exclusionOf(view: ToolView | undefined, entry: CatalogueEntry): string | undefined {
  return view?.exclusion({
    name: entry.listing.name,
    readOnly: entry.listing.annotations?.readOnlyHint === true,
    alwaysServed: entry.kind === 'own' || entry.listing.name === ALWAYS_EXPOSED_TOOL,
  });
}
