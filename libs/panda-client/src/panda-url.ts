/** A path relative to the API v1 base, as the API description gives it: `/module/function`. */
const SAFE_PATH = /^(\/[A-Za-z0-9_-]+)+$/;

/**
 * Joins the configured base URL with an endpoint path. The path comes from the API description, never
 * from tool arguments, and is checked anyway so that nothing can change the host or escape the base.
 */
export function buildPandaUrl(apiBase: string, endpointPath: string): URL {
  if (!SAFE_PATH.test(endpointPath)) {
    throw new Error(`refusing endpoint path "${endpointPath.slice(0, 80)}": expected /module/function`);
  }
  const base = new URL(apiBase);
  const url = new URL(base.href.replace(/\/+$/, '') + endpointPath);
  if (url.origin !== base.origin) throw new Error('endpoint path would leave the configured PanDA server');
  return url;
}
