// Every page, in Dutch and in English: axe-core's WCAG 2.1 A and AA rules
// find nothing, and at 320 px wide nothing needs horizontal scrolling.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, axeViolations, screenshot, signInAs, start } from './harness.mjs';

let app;
const RESIDENT = { email: 'jan@plein.test', password: 'jan-zijn-wachtwoord', displayName: 'Jan' };

before(async () => {
  app = await start();
  const admin = await app.context();
  await signInAs(app, admin, ADMIN.email, ADMIN.password);
  const create = 'mutation($input: CreateAreaInput!) { createArea(input: $input) { area { id } } }';
  const top = await app.graphql(admin, create, { input: { name: 'Gemeente Amstelveld', kind: 'MUNICIPALITY' } });
  const district = await app.graphql(admin, create, {
    input: { name: 'Centrum', kind: 'DISTRICT', parentId: top.createArea.area.id },
  });
  await app.graphql(admin, create, {
    input: { name: 'Oude Haven', kind: 'NEIGHBOURHOOD', parentId: district.createArea.area.id },
  });
  await admin.close();
  const resident = await app.context();
  await app.graphql(
    resident,
    'mutation($input: RegisterInput!) { register(input: $input) { user { id } } }',
    { input: RESIDENT },
  );
  await resident.close();
});
after(async () => {
  await app?.stop();
});

// Each page: where it is, who looks at it, and what to do before checking it.
const PAGES = [
  { name: 'home-empty', path: '/', who: null, ready: 'form' },
  { name: 'home-area', path: '/gebied/centrum', who: null, ready: '#feed-heading' },
  { name: 'register', path: '/registreren', who: null, ready: 'form' },
  {
    name: 'register-errors',
    path: '/registreren',
    who: null,
    ready: 'form',
    act: async (page) => {
      await page.locator('button[type=submit]').click();
      await page.locator('#displayName-error').waitFor();
    },
  },
  { name: 'sign-in', path: '/inloggen', who: null, ready: 'form' },
  {
    name: 'sign-in-error',
    path: '/inloggen',
    who: null,
    ready: 'form',
    act: async (page) => {
      await page.locator('#email').fill('niemand@plein.test');
      await page.locator('#password').fill('niet-het-goede');
      await page.locator('button[type=submit]').click();
      await page.locator('.utrecht-alert--error').waitFor();
    },
  },
  { name: 'profile', path: '/profiel', who: RESIDENT, ready: '#sessions-heading' },
  { name: 'profile-signed-out', path: '/profiel', who: null, ready: '.utrecht-alert' },
  { name: 'admin-areas', path: '/beheer/gebieden', who: ADMIN, ready: '.plein-tree' },
  { name: 'admin-areas-forbidden', path: '/beheer/gebieden', who: RESIDENT, ready: '.utrecht-alert' },
  { name: 'not-found', path: '/bestaat-niet', who: null, ready: 'h1' },
];

async function open(locale, width, spec) {
  const context = await app.context({ locale, width, height: 800 });
  if (spec.who) await signInAs(app, context, spec.who.email, spec.who.password);
  const page = await context.newPage();
  await page.goto(spec.path);
  await page.locator(spec.ready).first().waitFor();
  // Wait for the session and data to settle before judging the page.
  await page.waitForLoadState('networkidle');
  if (spec.act) await spec.act(page);
  return { context, page };
}

for (const locale of ['nl', 'en']) {
  test(`axe finds no WCAG 2.1 A/AA violations on any page (${locale})`, async () => {
    const failures = [];
    for (const spec of PAGES) {
      const { context, page } = await open(locale, 1280, spec);
      assert.equal(await page.getAttribute('html', 'lang'), locale, `${spec.name}: html lang`);
      const violations = await axeViolations(page);
      if (violations.length > 0) failures.push(`${spec.name}:\n  ${violations.join('\n  ')}`);
      await screenshot(page, `${spec.name}-${locale}`);
      await context.close();
    }
    assert.deepEqual(failures, []);
  });

  test(`nothing overflows horizontally at 320 px wide (${locale})`, async () => {
    const failures = [];
    for (const spec of PAGES) {
      const { context, page } = await open(locale, 320, spec);
      const { scrollWidth, innerWidth, culprits } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
        culprits: [...document.querySelectorAll('body *')]
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
          .slice(0, 5)
          .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`),
      }));
      if (scrollWidth > innerWidth) {
        failures.push(`${spec.name}: ${scrollWidth}px wide (${culprits.join(', ')})`);
      }
      await screenshot(page, `${spec.name}-${locale}-320`);
      await context.close();
    }
    assert.deepEqual(failures, []);
  });
}
