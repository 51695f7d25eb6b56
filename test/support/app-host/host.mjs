// A minimal MCP Apps host for the browser e2e test, on the extension's own host bridge (AppBridge):
// it puts a view's HTML in a sandboxed iframe, answers the view's initialize, hands it a tool's input and
// result, and sends the view's tool calls to the test (window.hostCallTool, a Playwright binding that
// calls the real panda-mcp with the user's credentials). Bundled for the page by test/support/app-host.ts.
import { AppBridge, PostMessageTransport } from '@modelcontextprotocol/ext-apps/app-bridge';

window.startHost = async ({ html, theme, width, toolInput, toolResult }) => {
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
  frame.srcdoc = html;
  await initialized;
  await bridge.sendToolInput({ arguments: toolInput });
  await bridge.sendToolResult(toolResult);
  window.hostBridge = bridge;
  return { loadedAt };
};
