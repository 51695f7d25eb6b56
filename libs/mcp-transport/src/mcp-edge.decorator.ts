import { applyDecorators, UseFilters, UseGuards, UseInterceptors } from '@nestjs/common';
import { AuthContextInterceptor } from './auth-context.interceptor';
import { JsonRpcExceptionFilter } from './json-rpc-exception.filter';
import { McpAdmissionGuard } from './mcp-admission.guard';

/**
 * What every MCP controller needs, in Nest's order: the admission guard (Host/Origin, session room),
 * the auth-context interceptor, and the filter that answers refusals as JSON-RPC errors. The body is
 * read by McpBodyMiddleware before all of them (bound to these controllers in AppModule).
 */
export const McpEdge = () =>
  applyDecorators(
    UseGuards(McpAdmissionGuard),
    UseInterceptors(AuthContextInterceptor),
    UseFilters(new JsonRpcExceptionFilter()),
  );
