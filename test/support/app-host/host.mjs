// A minimal MCP Apps host for the browser e2e test, on the extension's own host bridge (AppBridge):
// it puts a view's HTML in a sandboxed iframe, answers the view's initialize, hands it a tool's input and
// result, and sends the view's tool calls to the test (window.hostCallTool, a Playwright binding that
// calls the real panda-mcp with the user's credentials). Bundled for the page by test/support/app-host.ts.
import { AppBridge, PostMessageTransport } from '@modelcontextprotocol/ext-apps/app-bridge';

// What hosts put in front of a view's own head (VS Code prepends both): a policy of the host's own, built
// from the resource's _meta.ui.csp (nothing outside allowed), and an inline script of the host's.
const HOST_PREAMBLE =
  `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; ` +
  `style-src 'unsafe-inline'; img-src data:; font-src data:; connect-src 'none'; frame-src 'none'">` +
  `<script>window.__hostPreamble = true;</script>`;

window.startHost = async ({ html, theme, width, toolInput, toolResult, toolCancelled }) => {
  const frame = document.createElement('iframe');
  frame.setAttribute('sandbox', 'allow-scripts');
  frame.setAttribute('title', 'MCP App view');
  frame.style.cssText = `width:${width}px;height:600px;border:0;display:block`;
  document.body.append(frame);
  const bridge = new AppBridge(
    null,
    { name: 'panda-mcp test host', version: '1.0.0' },
    { serverTools: {}, logging: {} },
    {
      hostContext: {
        theme,
        displayMode: 'inline',
        platform: 'web',
        containerDimensions: { width, maxHeight: 4000 },
        // a host's own look, as CSS variables the view may follow
        styles: { variables: { '--color-text-primary': theme === 'dark' ? '#f5f5f5' : '#111111' } },
      },
    },
  );
  bridge.oncalltool = (params) => window.hostCallTool(params);
  bridge.onsizechange = ({ height }) => {
    if (height) frame.style.height = `${Math.ceil(height)}px`;
  };
  const initialized = new Promise((resolve) => (bridge.oninitialized = resolve));
  await bridge.connect(new PostMessageTransport(frame.contentWindow, frame.contentWindow));
  const loadedAt = performance.now();
  frame.srcdoc = html.replace(/<head>/i, (head) => head + HOST_PREAMBLE);
  await initialized;
  await bridge.sendToolInput({ arguments: toolInput });
  if (toolCancelled !== undefined) await bridge.sendToolCancelled({ reason: toolCancelled });
  else await bridge.sendToolResult(toolResult);
  window.hostBridge = bridge;
  return { loadedAt };
};
