// A real OpenID Connect provider for the tests: the npm package oidc-provider
// (pinned in package.json), on 127.0.0.1 with the port, keys, clients and accounts of
// the JSON file named by the first argument. Prints "ready" once it listens.
// Sign-in and consent are the package's development interactions: a form that
// accepts any account id as "login" (no password), then a consent form.
// Back-channel logout is on: ending the session at the provider (its end_session
// endpoint) posts a logout token to each client's backchannel_logout_uri.
import { readFileSync } from 'node:fs';

import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));

const provider = new Provider(config.issuer, {
  jwks: config.jwks,
  clients: config.clients,
  cookies: { keys: ['tests-only-not-secret'] },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['given_name', 'family_name', 'name'],
  },
  pkce: { methods: ['S256'], required: () => true },
  features: {
    devInteractions: { enabled: true },
    backchannelLogout: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  async findAccount(ctx, id) {
    const claims = config.accounts[id];
    if (!claims) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...claims }; } };
  },
});

const server = provider.listen(config.port, '127.0.0.1', () => {
  process.stdout.write('ready\n');
});
