// A real OpenID Connect server for the sign-in browser test
// (signin.e2e.ts): `oidc-provider` on a loopback port, with the accounts of
// accounts.json (ada is a catalog User, mallory is not) and a login form
// that checks their passwords. scripts/test.sh starts it before the app,
// whose backend reads the discovery document when it starts.
//
//   node packages/app/e2e/oidc/server.mjs
//
// Environment: E2E_OIDC_PORT (7190), E2E_BACKEND_PORT (7107: where the
// backend's callback is), E2E_OIDC_CLIENT_SECRET (e2e-client-secret).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Provider from 'oidc-provider';

const port = Number(process.env.E2E_OIDC_PORT ?? 7190);
const backendPort = Number(process.env.E2E_BACKEND_PORT ?? 7107);
const issuer = `http://127.0.0.1:${port}`;
const accounts = JSON.parse(
  fs.readFileSync(
    path.join(path.dirname(fileURLToPath(import.meta.url)), 'accounts.json'),
    'utf8',
  ),
);

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'videogen-e2e',
      client_secret: process.env.E2E_OIDC_CLIENT_SECRET ?? 'e2e-client-secret',
      redirect_uris: [
        `http://localhost:${backendPort}/api/auth/oidc/handler/frame`,
      ],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    },
  ],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
  },
  async findAccount(_ctx, id) {
    const account = accounts[id];
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        return {
          sub: id,
          email: account.email,
          email_verified: true,
          name: account.name,
        };
      },
    };
  },
  interactions: {
    url: (_ctx, details) => `/interaction/${details.uid}`,
  },
  features: { devInteractions: { enabled: false } },
  cookies: { keys: ['videogen-e2e-oidc-cookie-key'] },
});

const escapeHtml = text =>
  String(text).replace(
    /[&<>"']/g,
    c =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[
        c
      ]),
  );

function page(res, title, body) {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(
    `<!doctype html><html><head><title>${escapeHtml(title)}</title></head>` +
      `<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`,
  );
}

function loginForm(res, uid, error) {
  page(
    res,
    'Sign in to the test identity provider',
    `${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
    <form method="post" action="/interaction/${escapeHtml(uid)}/login">
      <label>Login <input name="login" autocomplete="username"></label>
      <label>Password <input name="password" type="password" autocomplete="current-password"></label>
      <button type="submit">Sign in</button>
    </form>`,
  );
}

function consentForm(res, uid, clientId) {
  page(
    res,
    'Authorize',
    `<p>${escapeHtml(clientId)} asks for your email address and name.</p>
    <form method="post" action="/interaction/${escapeHtml(uid)}/confirm">
      <button type="submit">Continue</button>
    </form>`,
  );
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) throw new Error('form too large');
  }
  return Object.fromEntries(new URLSearchParams(body));
}

async function handleInteraction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  const { prompt, params, session } = details;
  if (req.method === 'GET') {
    if (prompt.name === 'login') loginForm(res, uid);
    else consentForm(res, uid, params.client_id);
    return;
  }
  if (action === 'login') {
    const { login, password } = await readForm(req);
    const account = accounts[login];
    if (!account || account.password !== password) {
      loginForm(res, uid, 'Invalid login or password.');
      return;
    }
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: login } },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  if (action === 'confirm') {
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({
          accountId: session.accountId,
          clientId: params.client_id,
        });
    const missing = prompt.details;
    if (missing.missingOIDCScope) {
      grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    }
    if (missing.missingOIDCClaims) {
      grant.addOIDCClaims(missing.missingOIDCClaims);
    }
    const grantId = await grant.save();
    await provider.interactionFinished(
      req,
      res,
      { consent: details.grantId ? {} : { grantId } },
      { mergeWithLastSubmission: true },
    );
    return;
  }
  res.writeHead(404).end();
}

const handleOidc = provider.callback();
const server = http.createServer((req, res) => {
  const match = req.url?.match(
    /^\/interaction\/([\w-]+)(?:\/(login|confirm))?$/,
  );
  if (!match) {
    handleOidc(req, res);
    return;
  }
  handleInteraction(req, res, match[1], match[2]).catch(error => {
    process.stderr.write(`${error.stack}\n`);
    res.writeHead(400, { 'content-type': 'text/plain' });
    res.end(`The sign-in interaction failed: ${error.message}\n`);
  });
});

server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`OIDC test server on ${issuer}\n`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
