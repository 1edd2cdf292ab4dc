// Search: a published idea is found despite a typo, from the box in the
// header and on the search page as you type; facets narrow the results and
// live in the address (links and the back button work); empty and error
// states; highlights are text, never markup; the new-idea form suggests
// similar ideas; no axe findings in Dutch or English; and all of it works
// with the keyboard alone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ADMIN,
  axeViolations,
  createAreas,
  focused,
  makeProfessional,
  registerResident,
  screenshot,
  signInAs,
  start,
  tabTo,
} from './harness.mjs';

let app;
let areas;
const ids = {};
const NOOR = { displayName: 'Noor', email: 'noor@plein.test', password: 'noor-haar-wachtwoord' };
const PRO = { displayName: 'Ruben', email: 'ruben@gemeente.test', password: 'ruben-zijn-wachtwoord' };
const PLAYGROUND = 'Nieuwe glijbaan in de speeltuin aan de Lindelaan';
const BENCHES = 'Bankjes bij de Oude Haven';
const PLAN = 'Herinrichting van het Havenplein';

/** Polls the API until the background worker has indexed everything; never a fixed sleep. */
async function waitForIndex(context, expected) {
  const deadline = Date.now() + 30_000;
  let found = -1;
  while (Date.now() < deadline) {
    const data = await app.graphql(context, 'query { search(query: "") { estimatedTotal } }');
    found = data.search.estimatedTotal;
    if (found >= expected) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the search index holds ${found} items, expected ${expected}`);
}

before(async () => {
  app = await start();
  const admin = await app.context();
  await signInAs(app, admin, ADMIN.email, ADMIN.password);
  areas = await createAreas(app, admin);

  const noor = await app.context();
  await registerResident(app, noor, NOOR);
  const create = 'mutation($input: CreateIdeaInput!) { createIdea(input: $input) { idea { id } } }';
  const publish = 'mutation($id: ID!) { publishIdea(input: { id: $id }) { idea { id } } }';
  const playground = await app.graphql(noor, create, {
    input: {
      title: PLAYGROUND,
      // A code span keeps the tags as text in the index, so the snippet must show them as text.
      body: 'De `<b>glijbaan</b>` in de speeltuin is kapot & de kinderen missen hem.',
      tags: ['spelen', 'groen'],
      areaId: areas.neighbourhood,
    },
  });
  ids.playground = playground.createIdea.idea.id;
  await app.graphql(noor, publish, { id: ids.playground });
  const benches = await app.graphql(noor, create, {
    input: { title: BENCHES, body: 'Meer plekken om te zitten aan het water.', tags: ['zitten'], areaId: areas.district },
  });
  ids.benches = benches.createIdea.idea.id;
  await app.graphql(noor, publish, { id: ids.benches });
  // A draft is never found.
  await app.graphql(noor, create, {
    input: { title: 'Geheime speeltuin', body: 'Nog een concept.', areaId: areas.district },
  });

  const pro = await app.context();
  const proId = await registerResident(app, pro, PRO);
  await makeProfessional(app, admin, proId, 'Gemeente Amstelveld');
  const now = Date.now();
  const plan = await app.graphql(
    pro,
    'mutation($input: CreatePlanInput!) { createPlan(input: $input) { plan { id } } }',
    {
      input: {
        title: PLAN,
        description: 'Meer bomen en een fontein op het plein.',
        areaId: areas.district,
        feedbackOpensAt: new Date(now - 60_000).toISOString(),
        feedbackClosesAt: new Date(now + 7 * 24 * 3600_000).toISOString(),
      },
    },
  );
  ids.plan = plan.createPlan.plan.id;
  await app.graphql(pro, 'mutation($input: SetPlanStatusInput!) { setPlanStatus(input: $input) { plan { id } } }', {
    input: { id: ids.plan, status: 'CONSULTING' },
  });

  await waitForIndex(admin, 3);
  await Promise.all([admin.close(), noor.close(), pro.close()]);
});
after(async () => {
  await app?.stop();
});

const status = (page) => page.locator('.plein-search__count');

test('a published idea is found with a typo, as you type, and facets narrow the results', async () => {
  const context = await app.context();
  const page = await context.newPage();
  await page.goto('/');
  await page.locator('h1').waitFor();

  // The box in the header takes you to the search page, typo and all.
  const header = page.locator('header').getByRole('search');
  await header.getByLabel('Zoeken op Plein').fill('speeltuim');
  await header.getByRole('button', { name: 'Zoeken' }).click();
  await page.getByRole('heading', { level: 1, name: 'Zoeken' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/zoeken');
  assert.equal(new URL(page.url()).searchParams.get('q'), 'speeltuim');
  assert.equal(await page.getByLabel('Zoekwoorden').inputValue(), 'speeltuim');
  assert.equal(await page.getByLabel('Zoekwoorden').getAttribute('type'), 'search');
  assert.equal(await page.locator('header').getByRole('search').count(), 0, 'one search box on the search page');

  const result = page.getByRole('link', { name: PLAYGROUND });
  await result.waitFor();
  await status(page).getByText('1 resultaat', { exact: true }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Geheime speeltuin' }).count(), 0, 'drafts are never found');
  // The matched word is highlighted; the body's own tags are shown as text.
  const marks = await page.locator('.plein-result mark').allTextContents();
  assert.ok(marks.some((m) => m.toLowerCase() === 'speeltuin'), `highlights: ${marks.join(', ')}`);
  const snippet = page.locator('.plein-result__snippet').first();
  assert.match(await snippet.textContent(), /<b>glijbaan<\/b>/);
  assert.match(await snippet.textContent(), / & de kinderen/);
  assert.equal(await page.locator('.plein-result b, .plein-result script').count(), 0, 'no markup from the text');
  const meta = await page.locator('.plein-result__meta').first().textContent();
  assert.match(meta, /Idee/);
  assert.match(meta, /Gepubliceerd/);
  assert.match(meta, /Oude Haven/);
  await screenshot(page, 'search-typo');

  // Results follow the typing, without pressing anything; the address keeps up.
  const box = page.getByLabel('Zoekwoorden');
  await box.fill('');
  await box.pressSequentially('bankjse', { delay: 40 });
  await page.getByRole('link', { name: BENCHES }).waitFor();
  await result.waitFor({ state: 'detached' });
  await page.waitForURL((url) => url.searchParams.get('q') === 'bankjse');

  // With no words everything shows; the kind facet counts and narrows.
  await box.fill('');
  await status(page).getByText('3 resultaten', { exact: true }).waitFor();
  const kinds = page.getByRole('group', { name: 'Soort' });
  await kinds.getByRole('checkbox', { name: 'Idee (2)' }).waitFor();
  const planBox = kinds.getByRole('checkbox', { name: 'Plan (1)' });
  await planBox.check();
  await page.waitForURL((url) => url.searchParams.getAll('soort').join() === 'plan');
  await status(page).getByText('1 resultaat', { exact: true }).waitFor();
  await page.getByRole('link', { name: PLAN }).waitFor();
  assert.equal(await page.getByRole('link', { name: BENCHES }).count(), 0);
  assert.match(await page.locator('.plein-result__meta').first().textContent(), /Plan.*Inspraak/);

  // Back undoes the facet.
  await page.goBack();
  await status(page).getByText('3 resultaten', { exact: true }).waitFor();
  assert.equal(await planBox.isChecked(), false);

  // A tag and an area narrow too, and combine.
  await page.getByRole('group', { name: 'Onderwerp' }).getByRole('checkbox', { name: 'spelen (1)' }).check();
  await status(page).getByText('1 resultaat', { exact: true }).waitFor();
  await page.getByRole('link', { name: PLAYGROUND }).waitFor();
  await page.getByRole('group', { name: 'Onderwerp' }).getByRole('checkbox', { name: /spelen/ }).uncheck();
  await status(page).getByText('3 resultaten', { exact: true }).waitFor();
  await page.getByRole('group', { name: 'Gebied' }).getByRole('radio', { name: 'Oude Haven (1)' }).check();
  await status(page).getByText('1 resultaat', { exact: true }).waitFor();
  await page.getByRole('link', { name: PLAYGROUND }).waitFor();
  assert.equal(new URL(page.url()).searchParams.get('gebied'), areas.neighbourhood);
  await page.getByRole('button', { name: 'Alle keuzes wissen' }).click();
  await status(page).getByText('3 resultaten', { exact: true }).waitFor();

  // Sorting by support is in the address as well.
  await page.getByLabel('Sorteren op').selectOption('MOST_SUPPORTED');
  await page.waitForURL((url) => url.searchParams.get('sorteer') === 'steun');

  // Nothing found: the page says what to try.
  await box.fill('qwxzvbnm');
  await status(page).getByText('Geen resultaten', { exact: true }).waitFor();
  await page.getByText('Niets gevonden voor “qwxzvbnm”.').waitFor();
  await screenshot(page, 'search-empty');

  // A search is a link: open it fresh, with its facet ticked.
  const linked = await context.newPage();
  await linked.goto('/zoeken?q=glijbaam&soort=idee');
  await linked.getByRole('link', { name: PLAYGROUND }).waitFor();
  assert.equal(await linked.getByRole('group', { name: 'Soort' }).getByRole('checkbox', { name: /Idee/ }).isChecked(), true);
  assert.equal(await linked.getByLabel('Zoekwoorden').inputValue(), 'glijbaam');
  // The submit button asks at once, and the result leads to the idea.
  await linked.getByLabel('Zoekwoorden').fill('herinrichting');
  await linked.getByRole('button', { name: 'Zoeken' }).click();
  await linked.waitForURL((url) => url.searchParams.get('q') === 'herinrichting');
  await linked.getByText('Niets gevonden voor “herinrichting”.').waitFor();
  await linked.getByRole('group', { name: 'Soort' }).getByRole('checkbox', { name: /Idee/ }).uncheck();
  await linked.getByRole('link', { name: PLAN }).click();
  await linked.getByRole('heading', { level: 1, name: PLAN }).waitFor();
  await context.close();
});

test('when the search fails, the page says so', async () => {
  const context = await app.context();
  const page = await context.newPage();
  await page.route('**/graphql', async (route) => {
    if ((route.request().postData() ?? '').includes('query Search')) {
      await route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ data: null, errors: [{ message: 'index away', extensions: { code: 'INTERNAL' } }] }),
      });
    } else {
      await route.continue();
    }
  });
  await page.goto('/zoeken?q=speeltuin');
  const alert = page.getByRole('alert');
  await alert.getByText('Zoeken lukt nu niet.').waitFor();
  await alert.getByText('Er ging iets mis aan onze kant.').waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, 'search-error');
  await context.close();
});

test('the new-idea form suggests similar published ideas while you type the title', async () => {
  const context = await app.context();
  await signInAs(app, context, NOOR.email, NOOR.password);
  const page = await context.newPage();
  await page.goto('/ideeen/nieuw');
  await page.getByRole('heading', { level: 1, name: 'Nieuw idee' }).waitFor();
  await page.getByLabel('Titel').pressSequentially('Glijbaan speeltuin', { delay: 30 });
  const similar = page.getByRole('region', { name: 'Bestaat je idee misschien al?' });
  await similar.getByRole('link', { name: PLAYGROUND }).waitFor();
  await page.getByText(/^(1 vergelijkbaar idee|\d+ vergelijkbare ideeën) gevonden\.$/).waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, 'idea-similar');
  await context.close();
});

for (const locale of ['nl', 'en']) {
  test(`axe finds no WCAG 2.1 A/AA violations on the search page (${locale})`, async () => {
    const failures = [];
    const states = [
      { name: 'results', path: '/zoeken?q=speeltuim', ready: '.plein-result' },
      { name: 'everything', path: '/zoeken', ready: '.plein-facet' },
      { name: 'filtered', path: `/zoeken?soort=idee&tag=spelen&gebied=${areas.district}&sorteer=nieuwste`, ready: '.plein-result' },
      { name: 'empty', path: '/zoeken?q=qwxzvbnm', ready: '.plein-placeholder' },
    ];
    for (const state of states) {
      for (const width of [1280, 320]) {
        const context = await app.context({ locale, width });
        const page = await context.newPage();
        await page.goto(state.path);
        await page.locator(state.ready).first().waitFor();
        await page.waitForLoadState('networkidle');
        assert.equal(await page.getAttribute('html', 'lang'), locale);
        const violations = await axeViolations(page);
        if (violations.length > 0) failures.push(`${state.name} at ${width}px:\n  ${violations.join('\n  ')}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
        if (overflow) failures.push(`${state.name} scrolls sideways at ${width}px`);
        await screenshot(page, `search-${state.name}-${locale}-${width}`);
        await context.close();
      }
    }
    assert.deepEqual(failures, []);
  });
}

test('the English search page reads in English', async () => {
  const context = await app.context({ locale: 'en' });
  const page = await context.newPage();
  await page.goto('/zoeken?q=speeltuim');
  await page.getByRole('heading', { level: 1, name: 'Search' }).waitFor();
  await page.getByRole('link', { name: PLAYGROUND }).waitFor();
  await status(page).getByText('1 result', { exact: true }).waitFor();
  await page.getByRole('group', { name: 'Kind' }).getByRole('checkbox', { name: 'Idea (1)' }).waitFor();
  assert.match(await page.locator('.plein-result__meta').first().textContent(), /Idea.*Published/);
  await context.close();
});

async function focusIsVisible(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return false;
    const style = getComputedStyle(el);
    return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
  });
}

/** Shift+Tab until the focused element matches. */
async function shiftTabTo(page, matches, max = 40) {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Shift+Tab');
    const now = await focused(page);
    if (matches(now)) return now;
  }
  throw new Error(`Shift+Tab never reached the element; last focused: ${await focused(page)}`);
}

test('search with the keyboard only', async () => {
  const context = await app.context();
  const page = await context.newPage();
  await page.goto('/');
  await page.locator('h1').waitFor();

  // From the header: type with a typo, Enter.
  await tabTo(page, (f) => f.startsWith('input#header-search'));
  assert.ok(await focusIsVisible(page), 'the header search box shows it has focus');
  await page.keyboard.type('speeltuim');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Zoeken' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'page-heading');
  await page.getByRole('link', { name: PLAYGROUND }).waitFor();

  // On the page: change the words, results follow; tick a facet with Space.
  await tabTo(page, (f) => f.startsWith('input#search-query'));
  assert.ok(await focusIsVisible(page), 'the search box shows it has focus');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('glijbaam');
  await page.getByRole('link', { name: PLAYGROUND }).waitFor();
  await page.waitForURL((url) => url.searchParams.get('q') === 'glijbaam');
  await page.keyboard.press('Tab');
  assert.match(await focused(page), /^button#: Zoeken/);
  await page.keyboard.press('Enter');
  await tabTo(page, (f) => f === 'input#: soort');
  assert.ok(await focusIsVisible(page), 'checkboxes show they have focus');
  await page.keyboard.press('Space');
  await page.waitForURL((url) => url.searchParams.get('soort') === 'idee');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'soort', 'focus stays on the facet');
  await status(page).getByText('1 resultaat', { exact: true }).waitFor();

  // Back to the result and into the idea.
  await shiftTabTo(page, (f) => f.startsWith(`a#: ${PLAYGROUND}`));
  assert.ok(await focusIsVisible(page), 'result links show they have focus');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: PLAYGROUND }).waitFor();
  await screenshot(page, 'search-keyboard');
  await context.close();
});
