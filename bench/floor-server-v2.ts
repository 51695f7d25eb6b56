/**
 * The SDK v2 reference ("floor v2" row): the same bare server as the floor (bench/lib/floor.ts), built
 * on the v2 line panda-mcp uses: `McpServer` from @modelcontextprotocol/server and
 * `NodeStreamableHTTPServerTransport` from @modelcontextprotocol/node. It shows how much of panda-mcp's
 * distance to the floor is the SDK line itself.
 */
import { McpServer } from '@modelcontextprotocol/server';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import { runFloor } from './lib/floor';

runFloor({ McpServer, Transport: NodeStreamableHTTPServerTransport });
