// GraphiQL at /graphiql: every file it loads comes from the server itself
// (no CDN), its page allows only 'self', and it reads the schema with the
// standard introspection query, so the documentation explorer lists the
// schema's root types and a query runs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { start } from './harness.mjs';

let app;

before(async () => {
  app = await start();
});
after(async () => {
  await app?.stop();
});

test('GraphiQL loads from the server only and reads the schema', async () => {
  const context = await app.context();
  const page = await context.newPage();
  const origin = new URL(app.baseURL).origin;
  const outside = [];
  const failed = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol !== 'data:' && url.origin !== origin) outside.push(request.url());
  });
  page.on('requestfailed', (request) => failed.push(request.url()));
  const violations = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });

  const response = await page.goto('/graphiql');
  const policy = response.headers()['content-security-policy'];
  assert.match(policy, /script-src 'self';/);
  assert.doesNotMatch(policy, /https?:/);

  // The documentation explorer opens once the introspection result is in.
  await page.getByRole('button', { name: /documentation explorer/i }).click();
  await page.getByText('Root Types').waitFor({ timeout: 15_000 });
  await page.locator('.graphiql-doc-explorer').getByText('Query', { exact: true }).first().waitFor();

  assert.deepEqual(outside, [], 'GraphiQL reached outside the server');
  assert.deepEqual(failed, [], 'a request of GraphiQL failed');
  assert.deepEqual(violations, [], 'the page broke its own policy');
  await context.close();
});
