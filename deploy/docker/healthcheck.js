// Container HEALTHCHECK: GET /healthz on the local port, with Node itself (slim images have no curl).
// Plain HTTP first; if the connection fails that way (panda-mcp serving HTTPS with ssl_keyfile and
// ssl_certfile), HTTPS without certificate verification, since this only talks to 127.0.0.1.
// The port comes from PANDA_SERVER_CONF_PORT_MCP (default 25888); set it when "port" is changed in a
// config file only.
'use strict';
const http = require('node:http');
const https = require('node:https');

const port = Number(process.env.PANDA_SERVER_CONF_PORT_MCP || 25888);
const TIMEOUT_MS = 3000;

function probe(client, extra) {
  return new Promise((resolve, reject) => {
    const request = client.get(
      { host: '127.0.0.1', port, path: '/healthz', timeout: TIMEOUT_MS, ...extra },
      (response) => {
        response.resume();
        resolve(response.statusCode);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    request.on('error', reject);
  });
}

probe(http, {})
  .catch(() => probe(https, { rejectUnauthorized: false }))
  .then(
    (status) => {
      if (status !== 200) console.error(`healthcheck: /healthz answered ${status}`);
      process.exit(status === 200 ? 0 : 1);
    },
    (error) => {
      console.error(`healthcheck: ${error.message}`);
      process.exit(1);
    },
  );
