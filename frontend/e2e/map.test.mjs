// The map beside the lists, and the location picker in the idea form. Tiles
// come from a stand-in server on loopback; the test fails on any request that
// would leave this machine.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ADMIN,
  axeViolations,
  createAreas,
  focused,
  registerResident,
  screenshot,
  signInAs,
  start,
  startTileServer,
  tabTo,
} from './harness.mjs';

let app;
let tiles;
let admin;
let areas;
let hoodSlug;
const ids = {};
/** Every request the browser tried to send off loopback. */
const outside = [];
const FATIMA = { displayName: 'Fatima', email: 'fatima@plein.test', password: 'een-lang-wachtwoord' };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A context whose pages may only reach loopback (and data: URLs); anything else is refused and noted. */
async function guarded(options) {
  const context = await app.context(options);
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || url.protocol === 'blob:' || LOOPBACK.has(url.hostname)) return route.continue();
    outside.push(url.href);
    return route.abort();
  });
  return context;
}

const createIdea = 'mutation($input: CreateIdeaInput!) { createIdea(input: $input) { idea { id } } }';
const publishIdea = 'mutation($input: PublishIdeaInput!) { publishIdea(input: $input) { idea { id } } }';
const ideaLocation = 'query($id: ID!) { idea(id: $id) { title location { latitude longitude address } } }';

before(async () => {
  tiles = await startTileServer();
  app = await start({
    env: { PLEIN_MAP_TILES: tiles.template, PLEIN_MAP_ATTRIBUTION: 'Testkaart © Plein' },
  });
  admin = await app.context();
  await signInAs(app, admin, ADMIN.email, ADMIN.password);
  areas = await createAreas(app, admin);
  hoodSlug = (await app.graphql(admin, 'query($id: ID!) { area(id: $id) { slug } }', { id: areas.neighbourhood })).area.slug;

  const fatima = await app.context();
  await registerResident(app, fatima, FATIMA);
  const post = async (title, location) => {
    const made = await app.graphql(fatima, createIdea, {
      input: { title, body: 'Graag.', areaId: areas.neighbourhood, location },
    });
    const id = made.createIdea.idea.id;
    await app.graphql(fatima, publishIdea, { input: { id } });
    return id;
  };
  ids.bench = await post('Bankje bij de vijver', { latitude: 52.3702, longitude: 4.8952, address: 'Vijverpad 1' });
  ids.lamp = await post('Lantaarnpaal voor nummer 12', { latitude: 52.371, longitude: 4.8965 });
  ids.nowhere = await post('Meer bloemen', null);
  const plan = await app.graphql(
    admin,
    'mutation($input: CreatePlanInput!) { createPlan(input: $input) { plan { id } } }',
    {
      input: {
        title: 'Nieuwe speeltuin',
        description: 'Aan het water.',
        areaId: areas.neighbourhood,
        feedbackOpensAt: new Date(Date.now() - 3600_000).toISOString(),
        feedbackClosesAt: new Date(Date.now() + 14 * 24 * 3600_000).toISOString(),
        location: { latitude: 52.3695, longitude: 4.894 },
      },
    },
  );
  ids.plan = plan.createPlan.plan.id;
  await app.graphql(admin, 'mutation($input: SetPlanStatusInput!) { setPlanStatus(input: $input) { plan { id } } }', {
    input: { id: ids.plan, status: 'CONSULTING' },
  });
  await fatima.close();
});
after(async () => {
  await admin?.close();
  await app?.stop();
  await tiles?.stop();
});

/** The accessible names of the markers on the page's map, sorted. */
async function markerNames(page) {
  return (await page.locator('.plein-map__marker').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))).sort();
}

/** The names in the list alternative, sorted. */
async function listNames(page, heading) {
  const list = page.getByRole('region', { name: heading });
  return (await list.getByRole('listitem').allTextContents()).map((s) => s.trim()).sort();
}

test('the area page shows its ideas and plans on a map, with the same items in a list', async () => {
  const context = await guarded();
  const page = await context.newPage();
  await page.goto(`/gebied/${hoodSlug}`);
  const toggle = page.getByRole('button', { name: 'Toon op kaart' });
  await toggle.waitFor();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false', 'the list is the default');
  assert.equal(await page.locator('.plein-map__canvas').count(), 0);
  await toggle.click();
  await page.getByRole('button', { name: 'Idee: Bankje bij de vijver' }).waitFor();
  await page.getByRole('button', { name: 'Plan: Nieuwe speeltuin' }).waitFor();
  const expected = ['Idee: Bankje bij de vijver', 'Idee: Lantaarnpaal voor nummer 12', 'Plan: Nieuwe speeltuin'];
  assert.deepEqual(await markerNames(page), expected, 'ideas and plans with a point, and only those');
  assert.deepEqual(await listNames(page, 'Op de kaart'), expected, 'the list has the same items');
  await page.getByText('Er staan 3 ideeën en plannen op dit stuk van de kaart.').waitFor();
  await page.getByText('Testkaart © Plein').waitFor();
  // The tiles came from the stand-in server, as configured.
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.leaflet-tile')].some((img) => img.complete && img.naturalWidth === 256),
  );
  assert.ok(tiles.requests.length > 0, 'tiles were asked from the stub');
  const tileSrc = await page.locator('.leaflet-tile').first().getAttribute('src');
  assert.ok(tileSrc.startsWith(tiles.url), tileSrc);
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, 'map-area');

  // The list links lead to the item.
  await page.getByRole('region', { name: 'Op de kaart' }).getByRole('link', { name: 'Plan: Nieuwe speeltuin' }).click();
  await page.waitForURL(`**/plannen/${ids.plan}`);
  await context.close();
});

test('keyboard users reach the markers with Tab, move between them with the arrows and open one with Enter', async () => {
  const context = await guarded();
  const page = await context.newPage();
  await page.goto(`/gebied/${hoodSlug}`);
  await page.getByRole('button', { name: 'Toon op kaart' }).click();
  await page.getByRole('button', { name: 'Idee: Bankje bij de vijver' }).waitFor();
  await page.getByRole('button', { name: 'Verberg kaart' }).focus();
  const first = await tabTo(page, (f) => /(Idee|Plan): /.test(f));
  await page.keyboard.press('ArrowRight');
  const second = await focused(page);
  assert.match(second, /(Idee|Plan): /);
  assert.notEqual(second, first, 'the arrow moved to another marker');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await focused(page), first);
  // Back to the bench, then open it.
  for (let i = 0; i < 3 && !(await focused(page)).includes('Bankje'); i += 1) await page.keyboard.press('ArrowRight');
  assert.match(await focused(page), /Idee: Bankje bij de vijver/);
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/ideeen/${ids.bench}`);
  await page.getByRole('heading', { level: 1, name: 'Bankje bij de vijver' }).waitFor();
  await context.close();
});

test('the map reads in English too, and axe finds nothing', async () => {
  const context = await guarded({ locale: 'en' });
  const page = await context.newPage();
  await page.goto(`/gebied/${hoodSlug}`);
  await page.getByRole('button', { name: 'Show on map' }).click();
  await page.getByRole('button', { name: 'Idea: Bankje bij de vijver' }).waitFor();
  assert.deepEqual(await listNames(page, 'On the map'), [
    'Idea: Bankje bij de vijver',
    'Idea: Lantaarnpaal voor nummer 12',
    'Plan: Nieuwe speeltuin',
  ]);
  await page.getByRole('button', { name: 'Zoom in' }).waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await context.close();
});

test('search results with a point show on a map beside the results', async () => {
  const context = await guarded();
  const page = await context.newPage();
  // The search index follows the outbox; wait until the ideas are in.
  const deadline = Date.now() + 20_000;
  for (;;) {
    await page.goto('/zoeken?q=bankje');
    try {
      await page.getByRole('link', { name: 'Bankje bij de vijver' }).first().waitFor({ timeout: 2000 });
      break;
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
  }
  await page.getByRole('button', { name: 'Toon op kaart' }).click();
  await page.getByRole('button', { name: 'Idee: Bankje bij de vijver' }).waitFor();
  assert.deepEqual(await listNames(page, 'Op de kaart'), ['Idee: Bankje bij de vijver']);
  assert.deepEqual(await axeViolations(page), []);
  await context.close();
});

test('the picker sets a place by a click on the map, by typed coordinates, by a suggested address, and shows server errors at the field', async () => {
  for (const locale of ['nl', 'en']) {
    const context = await guarded({ locale });
    await signInAs(app, context, FATIMA.email, FATIMA.password);
    const page = await context.newPage();
    await page.goto('/ideeen/nieuw');
    const canvas = page.getByRole('region', { name: locale === 'nl' ? 'Kaart om een plek te kiezen' : 'Map to choose a place' });
    await canvas.locator('.leaflet-tile').first().waitFor();
    assert.deepEqual(await axeViolations(page), [], `axe on the idea form (${locale})`);
    await context.close();
  }

  const context = await guarded();
  await signInAs(app, context, FATIMA.email, FATIMA.password);
  const page = await context.newPage();

  // By a click on the map.
  await page.goto('/ideeen/nieuw');
  await page.getByLabel('Titel').fill('Boom op het plein');
  await page.getByLabel('Beschrijving').fill('Voor schaduw.');
  await page.getByLabel('Gebied').selectOption(areas.neighbourhood);
  await page.getByText('Je hebt nog geen plek op de kaart gekozen.').waitFor();
  const canvas = page.getByRole('region', { name: 'Kaart om een plek te kiezen' });
  await canvas.locator('.leaflet-tile').first().waitFor();
  // The middle of the first view is the middle of the map's bounds.
  await canvas.click();
  await page.getByText(/^Gekozen plek: \d+\.\d{5}, \d+\.\d{5}$/).waitFor();
  await page.getByRole('button', { name: 'Gekozen plek. Verplaats met de pijltjes.' }).waitFor();
  await page.getByLabel('Adres of omschrijving van de plek').fill('Dorpsstraat 12');
  await screenshot(page, 'map-picker');
  await page.getByRole('button', { name: 'Concept bewaren' }).click();
  await page.waitForURL(/\/ideeen\/(?!nieuw)[^/]+$/);
  const clicked = (await app.graphql(context, ideaLocation, { id: page.url().split('/').pop() })).idea.location;
  assert.ok(clicked, 'the clicked place was saved');
  assert.ok(clicked.latitude > 50.75 && clicked.latitude < 53.7, JSON.stringify(clicked));
  assert.equal(clicked.address, 'Dorpsstraat 12');

  // By typing, without the map.
  await page.goto('/ideeen/nieuw');
  await page.getByLabel('Titel').fill('Zebrapad bij de school');
  await page.getByLabel('Beschrijving').fill('Veilig oversteken.');
  await page.getByLabel('Gebied').selectOption(areas.neighbourhood);
  await page.getByLabel('Adres of omschrijving van de plek').fill('52.3721, 4.8933');
  await page.getByText('Gekozen plek: 52.37210, 4.89330').waitFor();
  await page.getByRole('button', { name: 'Concept bewaren' }).click();
  await page.waitForURL(/\/ideeen\/(?!nieuw)[^/]+$/);
  const typed = (await app.graphql(context, ideaLocation, { id: page.url().split('/').pop() })).idea.location;
  assert.deepEqual(typed, { latitude: 52.3721, longitude: 4.8933, address: null });

  // By choosing one of the places suggested for a typed address (here from
  // the addresses on public ideas: the tests use the embedded geocoder).
  await page.goto('/ideeen/nieuw');
  await page.getByLabel('Titel').fill('Prullenbak bij het bankje');
  await page.getByLabel('Beschrijving').fill('Er ligt veel afval.');
  await page.getByLabel('Gebied').selectOption(areas.neighbourhood);
  await page.getByLabel('Adres of omschrijving van de plek').fill('Vijverp');
  await page.getByText('Bedoel je een van deze plekken?').waitFor();
  await page.getByRole('button', { name: 'Vijverpad 1' }).click();
  await page.getByText('Gekozen plek: 52.37020, 4.89520').waitFor();
  assert.equal(await page.getByLabel('Adres of omschrijving van de plek').inputValue(), 'Vijverpad 1');
  await page.getByRole('button', { name: 'Concept bewaren' }).click();
  await page.waitForURL(/\/ideeen\/(?!nieuw)[^/]+$/);
  const suggested = (await app.graphql(context, ideaLocation, { id: page.url().split('/').pop() })).idea.location;
  assert.deepEqual(suggested, { latitude: 52.3702, longitude: 4.8952, address: 'Vijverpad 1' });

  // An address alone is not a place yet: the form says what to do, at the field.
  await page.goto('/ideeen/nieuw');
  await page.getByLabel('Titel').fill('Parijs');
  await page.getByLabel('Beschrijving').fill('Ver weg.');
  await page.getByLabel('Gebied').selectOption(areas.neighbourhood);
  await page.getByLabel('Adres of omschrijving van de plek').fill('Dorpsstraat 12');
  await page.getByRole('button', { name: 'Concept bewaren' }).click();
  await page.locator('#location-error').getByText('Kies ook een plek').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'location');

  // A place outside the map's bounds: the server refuses it, on field `location`.
  await page.getByLabel('Adres of omschrijving van de plek').fill('48.8566, 2.3522');
  await page.getByRole('button', { name: 'Concept bewaren' }).click();
  await page.locator('#location-error').getByText('Deze plek kan niet').waitFor();
  assert.equal(await page.getByLabel('Adres of omschrijving van de plek').getAttribute('aria-invalid'), 'true');
  assert.match(page.url(), /\/ideeen\/nieuw$/);
  await context.close();
});

test('editing an idea shows its place and can take it away', async () => {
  const context = await app.context();
  await signInAs(app, context, FATIMA.email, FATIMA.password);
  const page = await context.newPage();
  await page.goto(`/ideeen/${ids.bench}/bewerken`);
  await page.getByText('Gekozen plek: 52.37020, 4.89520').waitFor();
  assert.equal(await page.getByLabel('Adres of omschrijving van de plek').inputValue(), 'Vijverpad 1');
  await page.getByRole('button', { name: 'Plek weghalen' }).click();
  await page.getByText('Je hebt nog geen plek op de kaart gekozen.').waitFor();
  await page.getByLabel('Adres of omschrijving van de plek').fill('');
  await page.getByRole('button', { name: 'Wijzigingen opslaan' }).click();
  await page.waitForURL(`**/ideeen/${ids.bench}`);
  assert.equal((await app.graphql(context, ideaLocation, { id: ids.bench })).idea.location, null);
  await context.close();
});

test('no page asked anything of a server off this machine', () => {
  assert.ok(tiles.requests.length > 0, 'the tiles came from the stand-in');
  assert.deepEqual(outside, []);
});
