import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { parseQsl } from '../api/request-params.parser';
import { baseUrlOf, headerOf, readRawBody } from '../http/http.util';
import { SIM_USERS } from '../identity/sim-users.data';
import { OidcProviderService } from './oidc-provider.service';

/** Form fields of an OAuth request (application/x-www-form-urlencoded, or JSON for convenience). */
async function formOf(req: Request): Promise<Record<string, string>> {
  const body = (await readRawBody(req, 64 * 1024)).toString('utf8');
  if ((headerOf(req, 'content-type') ?? '').startsWith('application/json')) {
    try {
      const parsed = JSON.parse(body) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
    } catch {
      return {};
    }
  }
  const form: Record<string, string> = {};
  for (const [name, value] of parseQsl(body)) if (!(name in form)) form[name] = value;
  return form;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Identity provider endpoints: discovery, JWKS, device authorization, token, and PanDA's auth config. */
@Controller()
export class OidcController {
  constructor(private readonly oidc: OidcProviderService) {}

  @Get()
  about(@Res() res: Response): void {
    res
      .type('text/plain')
      .send(
        'panda-sim: a test and demo double of the PanDA server REST API v1 and its OIDC login. ' +
          'It is not PanDA and must not be used as one.\n' +
          'API: /api/v1/<module>/<function>   discovery: /.well-known/openid-configuration\n',
      );
  }

  @Get('.well-known/openid-configuration')
  discovery(@Req() req: Request): Record<string, unknown> {
    return this.oidc.discovery(baseUrlOf(req));
  }

  @Get('oidc/jwks')
  jwks(): { keys: unknown[] } {
    return this.oidc.jwks();
  }

  @Get('auth/:file')
  authConfig(@Param('file') file: string, @Req() req: Request, @Res() res: Response): void {
    const match = /^(.+)_auth_config\.json$/.exec(file);
    const config = match ? this.oidc.authConfig(match[1], baseUrlOf(req)) : undefined;
    if (!config) {
      res.status(404).type('text/plain').send('not found');
      return;
    }
    res.json(config);
  }

  @Post('oidc/device/code')
  async deviceCode(@Req() req: Request, @Res() res: Response): Promise<void> {
    const form = await formOf(req);
    const answer = this.oidc.startDeviceAuthorization(form.client_id, form.scope, baseUrlOf(req));
    if ('error' in answer) {
      res.status(answer.status).json({ error: answer.error, error_description: answer.error_description });
      return;
    }
    res.setHeader('Cache-Control', 'no-store');
    res.status(200).json(answer);
  }

  /**
   * The verification page. `?user_code=X&user=alice` approves at once (tests, demo); `&deny=1`
   * denies; without a user it lists the sim's users as links. A `?user=` appended to
   * verification_uri_complete (which already has a query) is understood too.
   */
  @Get('oidc/device')
  verify(@Query() query: Record<string, unknown>, @Res() res: Response): void {
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(query)) params[k] = Array.isArray(v) ? String(v[0]) : String(v);
    if (params.user_code?.includes('?')) {
      const [code, rest] = params.user_code.split('?', 2);
      params.user_code = code;
      for (const [k, v] of parseQsl(rest)) params[k] ??= v;
    }
    const code = params.user_code ?? '';
    res.type('text/html');
    if (!code) {
      res.send(
        '<!doctype html><title>panda-sim login</title><p>Open the link your client printed (it has a user_code).</p>',
      );
      return;
    }
    if (params.user === undefined && params.deny === undefined) {
      const links = SIM_USERS.map(
        (u) =>
          `<li><a href="?user_code=${encodeURIComponent(code)}&amp;user=${u.username}">${escapeHtml(u.name)} (${u.username}; ${u.groups.join(', ')})</a></li>`,
      ).join('');
      res.send(
        `<!doctype html><title>panda-sim login</title><h1>panda-sim test login</h1>` +
          `<p>Code ${escapeHtml(code)}. Sign in as:</p><ul>${links}</ul>` +
          `<p><a href="?user_code=${encodeURIComponent(code)}&amp;deny=1">Deny</a></p>`,
      );
      return;
    }
    const outcome = this.oidc.decide(code, params.user, params.deny === '1' || params.deny === 'true');
    res
      .status(outcome.ok ? 200 : 400)
      .send(`<!doctype html><title>panda-sim login</title><p>${escapeHtml(outcome.message)}</p>`);
  }

  @Post('oidc/token')
  async token(@Req() req: Request, @Res() res: Response): Promise<void> {
    const answer = this.oidc.token(await formOf(req));
    res.setHeader('Cache-Control', 'no-store');
    if ('error' in answer) {
      res.status(answer.status).json({ error: answer.error, error_description: answer.error_description });
      return;
    }
    res.status(200).json(answer);
  }
}
