// News feeds in the browser: the area, idea and plan pages announce their
// Atom feed in the document head and offer it as a visible link; the link
// serves the feed. The pages with the link pass axe-core in Dutch and English.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, axeViolations, createAreas, screenshot, signInAs, start } from './harness.mjs';

let app;
let admin;
let areas;
let ideaId;
let planId;
let areaSlug;

const IDEA = `mutation($input: CreateIdeaInput!) { createIdea(input: $input) { idea { id } } }`;
const PUBLISH = `mutation($input: PublishIdeaInput!) { publishIdea(input: $input) { idea { id } } }`;
const PLAN = `mutation($input: CreatePlanInput!) { createPlan(input: $input) { plan { id } } }`;
const PLAN_STATUS = `mutation($input: SetPlanStatusInput!) { setPlanStatus(input: $input) { plan { id } } }`;

before(async () => {
  app = await start();
  admin = await app.context();
  await signInAs(app, admin, ADMIN.email, ADMIN.password);
  areas = await createAreas(app, admin);
  const created = await app.graphql(admin, IDEA, {
    input: { title: 'Bankjes & bomen op het plein', body: 'Meer *groen*.', areaId: areas.neighbourhood },
  });
  ideaId = created.createIdea.idea.id;
  await app.graphql(admin, PUBLISH, { input: { id: ideaId } });
  const now = Date.now();
  const plan = await app.graphql(admin, PLAN, {
    input: {
      title: 'Een groener Centrum',
      description: 'We willen meer bomen.',
      areaId: areas.district,
      feedbackOpensAt: new Date(now).toISOString(),
      feedbackClosesAt: new Date(now + 7 * 86_400_000).toISOString(),
    },
  });
  planId = plan.createPlan.plan.id;
  await app.graphql(admin, PLAN_STATUS, { input: { id: planId, status: 'CONSULTING' } });
  const area = await app.graphql(admin, 'query($id: ID) { area(id: $id) { slug } }', { id: areas.municipality });
  areaSlug = area.area.slug;
});
after(async () => {
  await admin?.close();
  await app?.stop();
});

async function checkFeed(page, context, expectedPath, expectedText) {
  const link = page.getByRole('link', { name: 'Nieuwsfeed (voor een feedlezer)' });
  await link.waitFor();
  assert.equal(await link.getAttribute('href'), expectedPath);
  const head = await page.evaluate(() =>
    [...document.head.querySelectorAll('link[rel="alternate"][type="application/atom+xml"]')].map((l) =>
      l.getAttribute('href'),
    ),
  );
  assert.deepEqual(head, [expectedPath]);
  const response = await context.request.get(expectedPath);
  assert.equal(response.status(), 200);
  assert.equal(response.headers()['content-type'], 'application/atom+xml; charset=utf-8');
  const xml = await response.text();
  assert.match(xml, /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
  assert.ok(xml.includes(expectedText), xml);
}

test('area, idea and plan pages link their news feed', async () => {
  const context = await app.context();
  const page = await context.newPage();

  await page.goto(`/ideeen/${ideaId}`);
  await page.getByRole('heading', { level: 1, name: 'Bankjes & bomen op het plein' }).waitFor();
  await checkFeed(page, context, `/feeds/ideas/${ideaId}.atom`, 'Bankjes &amp; bomen op het plein');

  await page.goto(`/plannen/${planId}`);
  await page.getByRole('heading', { level: 1, name: 'Een groener Centrum' }).waitFor();
  await checkFeed(page, context, `/feeds/plans/${planId}.atom`, 'Een groener Centrum');

  await page.goto(`/gebied/${areaSlug}`);
  await page.getByRole('heading', { level: 1, name: 'Gemeente Amstelveld' }).waitFor();
  await checkFeed(page, context, `/feeds/areas/${areaSlug}.atom`, 'Bankjes &amp; bomen op het plein');
  // Leaving a page takes its feed out of the head.
  await page.getByRole('link', { name: 'Bankjes & bomen op het plein' }).first().click();
  await page.getByRole('heading', { level: 1, name: 'Bankjes & bomen op het plein' }).waitFor();
  const head = await page.evaluate(() =>
    [...document.head.querySelectorAll('link[type="application/atom+xml"]')].map((l) => l.getAttribute('href')),
  );
  assert.deepEqual(head, [`/feeds/ideas/${ideaId}.atom`]);
  await context.close();
});

for (const locale of ['nl', 'en']) {
  test(`axe finds no WCAG 2.1 A/AA violations with the feed link (${locale})`, async () => {
    const context = await app.context({ locale });
    const page = await context.newPage();
    await page.goto(`/ideeen/${ideaId}`);
    await page
      .getByRole('link', { name: locale === 'en' ? 'News feed (for a feed reader)' : 'Nieuwsfeed (voor een feedlezer)' })
      .waitFor();
    await page.waitForLoadState('networkidle');
    assert.deepEqual(await axeViolations(page), []);
    await screenshot(page, `feeds-idea-${locale}`);
    await page.goto(`/plannen/${planId}`);
    await page
      .getByRole('link', { name: locale === 'en' ? 'News feed (for a feed reader)' : 'Nieuwsfeed (voor een feedlezer)' })
      .waitFor();
    await page.waitForLoadState('networkidle');
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });
}
