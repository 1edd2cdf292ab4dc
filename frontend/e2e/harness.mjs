// Shared set-up for the end-to-end tests: a real `plein` server on a free
// port with a throwaway SQLite database, an admin account, and Debian's
// Chromium driven by playwright-core.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import { crc32, deflateSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

const here = dirname(fileURLToPath(import.meta.url));
const frontend = resolve(here, '..');

export const ADMIN = { email: 'beheer@plein.test', password: 'beheerder-wachtwoord-123', name: 'Beheerder' };
export const SCREENSHOTS = join(here, 'screenshots');

function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

async function waitForHealth(url, child, output) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`plein exited with ${child.exitCode}:\n${output.join('')}`);
    }
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`plein did not become healthy in 30 s:\n${output.join('')}`);
}

/** Starts a server and a browser; `stop()` ends both and removes the data. `env` adds settings. */
export async function start({ env: extra = {} } = {}) {
  const bin = resolve(frontend, process.env.PLEIN_BIN ?? '../target/debug/plein');
  const dataDir = mkdtempSync(join(tmpdir(), 'plein-e2e-'));
  const port = await freePort();
  const env = {
    ...process.env,
    PLEIN_LISTEN: `127.0.0.1:${port}`,
    PLEIN_DATA_DIR: dataDir,
    PLEIN_WEB_DIR: join(frontend, 'dist'),
    RUST_LOG: process.env.RUST_LOG ?? 'warn',
    // Tests never reach the internet: without a stand-in tile server
    // (startTileServer) maps ask this server for tiles, and addresses are
    // looked up in Plein's own data.
    PLEIN_MAP_TILES: '/test-tiles/{z}/{x}/{y}.png',
    PLEIN_GEOCODER_URL: 'embedded',
    ...extra,
  };
  // Each server gets its own database, search index and mail folder under
  // dataDir: a database or Meilisearch from the environment (scripts/test
  // starts one for the search suites) would be shared by servers that run
  // side by side.
  for (const name of ['DATABASE_URL', 'MEILI_URL', 'MEILI_MASTER_KEY', 'SMTP_URL']) {
    delete env[name];
  }
  const output = [];
  const child = spawn(bin, ['serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d) => output.push(String(d)));
  child.stderr.on('data', (d) => output.push(String(d)));
  const baseURL = `http://127.0.0.1:${port}`;
  await waitForHealth(baseURL, child, output);
  execFileSync(bin, ['create-admin', '--email', ADMIN.email, '--name', ADMIN.name], {
    env: { ...env, PLEIN_ADMIN_PASSWORD: ADMIN.password },
    stdio: ['ignore', 'ignore', 'inherit'],
  });

  // playwright-core gives Chromium a fresh, temporary --user-data-dir of its own.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    chromiumSandbox: false,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  mkdirSync(SCREENSHOTS, { recursive: true });

  return {
    baseURL,
    browser,
    dataDir,
    /** A fresh browser context (cookies, storage), optionally in one language. */
    async context({ locale, width = 1280, height = 900 } = {}) {
      const context = await browser.newContext({
        baseURL,
        viewport: { width, height },
        locale: 'nl-NL',
        timezoneId: 'Europe/Amsterdam',
      });
      if (locale) {
        await context.addInitScript((l) => window.localStorage.setItem('plein.locale', l), locale);
      }
      return context;
    },
    /** Runs GraphQL in a context, sharing its session cookie. */
    async graphql(context, query, variables = {}) {
      const res = await context.request.post(`${baseURL}/graphql`, {
        data: { query, variables },
        headers: { 'Content-Type': 'application/json' },
      });
      const body = await res.json();
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data;
    },
    async stop() {
      await browser.close().catch(() => undefined);
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Undoes quoted-printable: soft line breaks and =XX bytes, read as UTF-8. */
export function decodeQuotedPrintable(text) {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes = [];
  for (let i = 0; i < joined.length; i += 1) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** A mail's headers and every part's body, decoded (base64 or quoted-printable). */
export function decodeMail(raw) {
  const out = [];
  for (const chunk of raw.split(/^--[^\r\n]+$/m)) {
    const split = chunk.search(/\r?\n\r?\n/);
    if (split < 0) {
      out.push(chunk);
      continue;
    }
    const headers = chunk.slice(0, split);
    const body = chunk.slice(split).trim();
    const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(headers)?.[1]?.toLowerCase();
    out.push(headers);
    if (encoding === 'base64') out.push(Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8'));
    else if (encoding === 'quoted-printable') out.push(decodeQuotedPrintable(body));
    else out.push(body);
  }
  return out.join('\n');
}

/**
 * The newest mail to `email` (the server writes each as an .eml file under
 * $PLEIN_DATA_DIR/mail) that holds a link to `path`; returns that link,
 * relative to the server. Waits for the mail outbox to deliver.
 */
export async function mailedLink(app, email, path) {
  const folder = join(app.dataDir, 'mail');
  const deadline = Date.now() + 15_000;
  const pattern = new RegExp(`https?://[^\\s"'<>]*${path.replace('/', '\\/')}\\?token=[A-Za-z0-9_\\-.~%]+`);
  while (Date.now() < deadline) {
    const files = existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.eml')).sort().reverse() : [];
    for (const file of files) {
      const raw = readFileSync(join(folder, file), 'utf8');
      const text = decodeMail(raw);
      if (!text.toLowerCase().includes(email.toLowerCase())) continue;
      const match = pattern.exec(text);
      if (match) {
        const url = new URL(match[0]);
        return `${url.pathname}${url.search}`;
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail to ${email} with a ${path} link in ${folder}`);
}

/** Follows the confirmation link mailed to `email`, in the given browser context. */
export async function confirmEmail(app, context, email) {
  const link = await mailedLink(app, email, '/verify-email');
  const res = await context.request.get(link);
  if (!res.ok()) throw new Error(`${link} answered ${res.status()}: ${await res.text()}`);
}

/** Registers a resident through the API (signed in within `context`) and confirms the address. */
export async function registerResident(app, context, { email, password, displayName }) {
  const data = await app.graphql(
    context,
    'mutation($input: RegisterInput!) { register(input: $input) { user { id } } }',
    { input: { email, password, displayName } },
  );
  await confirmEmail(app, context, email);
  return data.register.user.id;
}

/** Makes someone a professional, as an admin would, through `setUserRole`. */
export async function makeProfessional(app, adminContext, userId, organisation) {
  await app.graphql(
    adminContext,
    'mutation($input: SetUserRoleInput!) { setUserRole(input: $input) { user { id role } } }',
    { input: { userId, role: 'PROFESSIONAL', organisation } },
  );
}

/** The area tree the tests use: a municipality, a district and a neighbourhood; returns their ids. */
export async function createAreas(app, adminContext) {
  const create = 'mutation($input: CreateAreaInput!) { createArea(input: $input) { area { id } } }';
  const top = await app.graphql(adminContext, create, { input: { name: 'Gemeente Amstelveld', kind: 'MUNICIPALITY' } });
  const district = await app.graphql(adminContext, create, {
    input: { name: 'Centrum', kind: 'DISTRICT', parentId: top.createArea.area.id },
  });
  const hood = await app.graphql(adminContext, create, {
    input: { name: 'Oude Haven', kind: 'NEIGHBOURHOOD', parentId: district.createArea.area.id },
  });
  return {
    municipality: top.createArea.area.id,
    district: district.createArea.area.id,
    neighbourhood: hood.createArea.area.id,
  };
}

export async function signInAs(app, context, email, password) {
  await app.graphql(
    context,
    'mutation($input: SignInInput!) { signIn(input: $input) { user { id } } }',
    { input: { email, password } },
  );
}

/** axe-core with the WCAG 2.1 A and AA rules; fails listing every violation. */
export async function axeViolations(page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`,
  );
}

export async function screenshot(page, name) {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The element that has focus, as "tag: accessible text". */
export async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el) return '';
    const text = el.getAttribute('aria-label') || el.textContent || el.getAttribute('name') || el.id || '';
    return `${el.tagName.toLowerCase()}#${el.id}: ${text.trim()}`;
  });
}

/** Presses Tab until the focused element matches, as a keyboard user would. */
export async function tabTo(page, matches, max = 40) {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (matches(now)) return now;
  }
  throw new Error(`Tab never reached the element; last focused: ${await focused(page)}`);
}

/** A 256 × 256 PNG in one colour, made here (no files, no network). */
export function tilePng([r, g, b] = [226, 232, 220]) {
  const chunk = (type, data) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
    return Buffer.concat([head, data, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(256, 0);
  header.writeUInt32BE(256, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // RGB
  const row = Buffer.alloc(1 + 256 * 3);
  for (let x = 0; x < 256; x += 1) row.set([r, g, b], 1 + x * 3);
  const pixels = Buffer.concat(Array.from({ length: 256 }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A stand-in tile server on loopback: answers every `/{z}/{x}/{y}.png` with
 * one PNG and counts what it served. Start plein with
 * `PLEIN_MAP_TILES: tiles.template` so maps never reach the internet.
 */
export async function startTileServer() {
  const png = tilePng();
  const requests = [];
  const server = createHttpServer((req, res) => {
    requests.push(req.url);
    if (/^\/\d+\/\d+\/\d+\.png$/.test(req.url ?? '')) {
      res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': png.length });
      res.end(png);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    template: `${url}/{z}/{x}/{y}.png`,
    requests,
    stop: () => new Promise((ok) => server.close(ok)),
  };
}
