import { App, applyDocumentTheme, applyHostStyleVariables } from '@modelcontextprotocol/ext-apps';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/**
 * One view's connection to its host (the extension's App SDK): it follows the host's theme and style
 * variables, draws each tool result it is handed, and calls server tools through the host (with the
 * user's own credentials, like every call).
 */
export interface ViewApp {
  callTool(name: string, args: Record<string, unknown>): Promise<CallToolResult>;
}

/** The text of a result's first block, or a fallback: what a failed call says about itself. */
export function problemOf(result: CallToolResult, fallback: string): string {
  const first = result.content?.[0];
  return first?.type === 'text' ? first.text : fallback;
}

export function startView(
  name: string,
  root: HTMLElement,
  draw: (structured: unknown, app: ViewApp) => void,
): void {
  // drawn inside the conversation only: no fullscreen or picture-in-picture layout
  const app = new App({ name, version: '1.0.0' }, { availableDisplayModes: ['inline'] });
  const view: ViewApp = {
    callTool: (toolName, args) => app.callServerTool({ name: toolName, arguments: args }),
  };
  const follow = (
    context:
      { theme?: 'light' | 'dark'; styles?: { variables?: Record<string, string | undefined> } } | undefined,
  ) => {
    if (context?.theme) applyDocumentTheme(context.theme);
    if (context?.styles?.variables) applyHostStyleVariables(context.styles.variables as never);
  };
  app.ontoolresult = (result) => {
    if (result.isError) {
      root.replaceChildren(problemOf(result as CallToolResult, 'The tool call failed.'));
      return;
    }
    if (result.structuredContent === undefined) {
      // e.g. the answer went past the result budget and was sent as text only: say so, show the text
      root.replaceChildren(
        Object.assign(document.createElement('p'), {
          className: 'note',
          textContent: 'Nothing to draw: the answer came as text only.',
        }),
        Object.assign(document.createElement('pre'), {
          textContent: problemOf(result as CallToolResult, ''),
        }),
      );
      return;
    }
    draw(result.structuredContent, view);
    // when the first drawing was done, in ms from the document's start (the bench and e2e read it)
    root.dataset.rendered ??= String(performance.now());
  };
  // the host gave up on the call (the user stopped it, or the server refused it): no result will come
  app.ontoolcancelled = ({ reason }) =>
    root.replaceChildren(
      Object.assign(document.createElement('p'), {
        className: 'note',
        textContent: `The tool call was cancelled${reason ? `: ${reason}` : ''}; there is nothing to draw.`,
      }),
    );
  app.onhostcontextchanged = (changed) => follow(changed);
  app
    .connect()
    .then(() => follow(app.getHostContext()))
    .catch((error: Error) => root.replaceChildren(`The host did not connect: ${error.message}`));
}
