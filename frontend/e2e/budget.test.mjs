// Budget rounds in the browser: a round page with its phases as a timeline,
// the budget and the projects filtered by area; the assessment queue; the
// ballot with its live "Je hebt € X van € Y gebruikt" bar, used by keyboard,
// an error next to the choices, a confirmation and a changed ballot; a paper
// ballot; the result with its chart and table; a project's own page with its
// supports and thread; the screens that write; and managing a round (next
// step, dates) and following it. Each page passes axe-core
// in Dutch and English.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ADMIN,
  axeViolations,
  createAreas,
  makeProfessional,
  registerResident,
  screenshot,
  signInAs,
  start,
} from './harness.mjs';

let app;
let admin;
let areas;
let roundId;
const ANNA = { displayName: 'Anna', email: 'anna@plein.test', password: 'anna-haar-wachtwoord' };
const DAY = 24 * 3600_000;

const Q = {
  createRound:
    'mutation($input: CreateBudgetRoundInput!) { createBudgetRound(input: $input) { round { id phase } } }',
  phase:
    'mutation($input: SetBudgetRoundPhaseInput!) { setBudgetRoundPhase(input: $input) { round { id phase } } }',
  submit:
    'mutation($input: SubmitBudgetProjectInput!) { submitBudgetProject(input: $input) { project { id } } }',
  home: 'mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { user { id } } }',
};

async function axeBoth(context, path, check) {
  for (const locale of ['nl', 'en']) {
    const ctx = locale === 'nl' ? context : await app.context({ locale });
    if (locale === 'en') {
      const cookies = await context.cookies();
      await ctx.addCookies(cookies);
    }
    const page = await ctx.newPage();
    await page.goto(path);
    await check(page, locale);
    assert.deepEqual(await axeViolations(page), [], `axe on ${path} in ${locale}`);
    await screenshot(page, `budget-${path.replace(/[^a-z0-9]+/gi, '-')}-${locale}`);
    await page.close();
    if (locale === 'en') await ctx.close();
  }
}

before(async () => {
  app = await start();
  admin = await app.context();
  await signInAs(app, admin, ADMIN.email, ADMIN.password);
  areas = await createAreas(app, admin);
  const now = Date.now();
  const at = (d) => new Date(now + d * DAY).toISOString();
  const created = await app.graphql(admin, Q.createRound, {
    input: {
      areaId: areas.district,
      title: 'Buurtbudget Centrum 2027',
      description: 'Wat wil jij in **Centrum**?',
      budget: 2_500_000,
      ballotKind: 'APPROVAL',
      maxTotal: 1_500_000,
      rule: 'GREEDY',
      submittingAt: at(1),
      assessmentAt: at(8),
      votingAt: at(15),
      resultAt: at(22),
      realisationAt: at(30),
    },
  });
  roundId = created.createBudgetRound.round.id;
});
after(async () => {
  await admin?.close();
  await app?.stop();
});

test('a round page, assessment, a ballot by keyboard, a paper ballot and the result', async () => {
  const anna = await app.context();
  await registerResident(app, anna, ANNA);
  await app.graphql(anna, Q.home, { input: { homeAreaId: areas.neighbourhood } });
  const projects = [
    ['Bankjes op het plein', 800_000, areas.district],
    ['Speeltuin Oude Haven', 1_200_000, areas.neighbourhood],
    ['Bomen in de straat', 600_000, areas.neighbourhood],
  ];
  for (const [title, cost, areaId] of projects) {
    await app.graphql(anna, Q.submit, { input: { roundId, title, description: `${title}, voor iedereen.`, areaId, cost } });
  }

  // 1. The round page, reached from the navigation.
  const page = await anna.newPage();
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Buurtbudget' }).click();
  await page.getByRole('heading', { level: 1, name: 'Buurtbudget' }).waitFor();
  await page.getByRole('link', { name: 'Buurtbudget Centrum 2027' }).click();
  await page.getByRole('heading', { level: 1, name: 'Buurtbudget Centrum 2027' }).waitFor();
  await page.getByText('€ 25.000', { exact: true }).waitFor();
  await page.getByText('Nu: plannen indienen.', { exact: false }).waitFor();
  assert.equal(await page.locator('[aria-current="step"]').count(), 1);
  await page.getByText('3 plannen').waitFor();
  await page.getByLabel('Toon plannen in').selectOption({ label: 'Oude Haven' });
  await page.getByText('2 plannen').waitFor();
  assert.equal(await page.getByRole('heading', { level: 3, name: 'Bankjes op het plein' }).count(), 0);
  await page.getByText('Kost € 12.000 · in Oude Haven').waitFor();
  await axeBoth(anna, `/begroting/${roundId}`, async (p, locale) => {
    await p.getByRole('heading', { level: 1, name: 'Buurtbudget Centrum 2027' }).waitFor();
    await p.getByText(locale === 'nl' ? 'Kost € 8.000' : 'Costs €8,000', { exact: false }).waitFor();
  });
  await axeBoth(anna, '/begroting', async (p) => {
    await p.getByRole('link', { name: 'Buurtbudget Centrum 2027' }).waitFor();
  });

  // 2. Assessment, by the municipality.
  await app.graphql(admin, Q.phase, { input: { roundId, phase: 'ASSESSMENT' } });
  const adminPage = await admin.newPage();
  await adminPage.goto(`/begroting/${roundId}/beoordelen`);
  await adminPage.getByRole('heading', { level: 2, name: 'Wachten op nakijken: 3' }).waitFor();
  await axeBoth(admin, `/begroting/${roundId}/beoordelen`, async (p) => {
    await p.locator('.plein-budget-assess').first().waitFor();
  });
  const item = (title) => adminPage.locator('.plein-budget-project', { has: adminPage.getByRole('heading', { name: title }) });
  // No choice: errors in words at the fields.
  await item('Bankjes op het plein').getByRole('button', { name: 'Nakijken opslaan voor Bankjes op het plein' }).click();
  await adminPage.getByText('Kies of dit plan kan of niet.').waitFor();
  await adminPage.getByText('Schrijf een reden.').waitFor();
  await item('Bankjes op het plein').getByLabel('Ja, dit plan kan').check();
  await item('Bankjes op het plein').getByLabel('Reden').fill('De gemeente kan dit doen.');
  await item('Bankjes op het plein').getByRole('button', { name: /Nakijken opslaan/ }).click();
  await adminPage.getByText('Bankjes op het plein is nagekeken.').waitFor();
  await item('Speeltuin Oude Haven').getByLabel('Ja, dit plan kan').check();
  await item('Speeltuin Oude Haven').getByLabel('Reden').fill('Kan, maar de grond kost meer.');
  await item('Speeltuin Oude Haven').getByLabel('Nieuwe kosten in euro (niet verplicht)').fill('10.000');
  await item('Speeltuin Oude Haven').getByRole('button', { name: /Nakijken opslaan/ }).click();
  await adminPage.getByText('Speeltuin Oude Haven is nagekeken.').waitFor();
  await item('Bomen in de straat').getByLabel('Nee, dit plan kan niet').check();
  await item('Bomen in de straat').getByLabel('Reden').fill('Er liggen kabels onder de stoep.');
  await item('Bomen in de straat').getByRole('button', { name: /Nakijken opslaan/ }).click();
  await adminPage.getByText('Bomen in de straat is nagekeken.').waitFor();
  await adminPage.getByRole('heading', { level: 2, name: 'Wachten op nakijken: 0' }).waitFor();

  // 3. Voting: the bar, the keyboard, an error, the confirmation, a change.
  await app.graphql(admin, Q.phase, { input: { roundId, phase: 'VOTING' } });
  await page.goto(`/begroting/${roundId}`);
  await page.getByRole('link', { name: 'Stemmen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Stemmen: Buurtbudget Centrum 2027' }).waitFor();
  const bar = page.locator('#budget-usage-text');
  assert.equal(await bar.getAttribute('aria-live'), 'polite');
  assert.equal(await bar.innerText(), 'Je hebt € 0 van € 15.000 gebruikt.');
  assert.equal(await page.getByRole('meter').count(), 1);
  assert.equal(await page.getByRole('checkbox').count(), 2, 'only feasible projects are on the ballot');
  await page.getByLabel('Bankjes op het plein').focus();
  await page.keyboard.press('Space');
  assert.equal(await bar.innerText(), 'Je hebt € 8.000 van € 15.000 gebruikt.');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  assert.match(await bar.innerText(), /^Je hebt € 18\.000 van € 15\.000 gebruikt\. Dat is te veel\.$/);
  await page.getByRole('button', { name: 'Stem versturen' }).click();
  await page.getByText('Je keuze kost samen € 18.000. Dat is meer dan € 15.000. Haal een plan weg.').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'FIELDSET');
  await axeBoth(anna, `/begroting/${roundId}/stemmen`, async (p, locale) => {
    await p.locator('#budget-usage-text').waitFor();
    assert.equal(
      await p.locator('#budget-usage-text').innerText(),
      locale === 'nl' ? 'Je hebt € 0 van € 15.000 gebruikt.' : 'You have used €0 of €15,000.',
    );
  });
  await page.getByLabel('Bankjes op het plein').uncheck();
  assert.equal(await bar.innerText(), 'Je hebt € 10.000 van € 15.000 gebruikt.');
  await page.getByRole('button', { name: 'Stem versturen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Je stem is verstuurd' }).waitFor();
  await page.getByText('Dank je wel! Je stem is geteld.').waitFor();
  await screenshot(page, 'budget-confirmation-nl');
  assert.deepEqual(await axeViolations(page), []);
  // Change the ballot: the old choice comes back, the new one replaces it.
  await page.getByRole('button', { name: 'Mijn stem veranderen' }).click();
  await page.getByText('Je hebt al gestemd.', { exact: false }).waitFor();
  assert.equal(await page.getByLabel('Speeltuin Oude Haven').isChecked(), true);
  await page.getByLabel('Speeltuin Oude Haven').uncheck();
  await page.getByLabel('Bankjes op het plein').check();
  await page.getByRole('button', { name: 'Nieuwe stem versturen' }).click();
  await page.getByText('Je nieuwe stem telt. Je oude stem telt niet meer.', { exact: false }).waitFor();

  // 4. A paper ballot, entered by the municipality.
  await adminPage.goto(`/begroting/${roundId}/papier`);
  await adminPage.getByRole('heading', { level: 1, name: 'Papieren stembiljet invoeren: Buurtbudget Centrum 2027' }).waitFor();
  await axeBoth(admin, `/begroting/${roundId}/papier`, async (p) => {
    await p.locator('#number').waitFor();
  });
  await adminPage.getByRole('button', { name: 'Stembiljet opslaan' }).click();
  await adminPage.getByText('Vul het nummer van het stembiljet in.').waitFor();
  await adminPage.getByLabel('Nummer van het stembiljet').fill('P-001');
  await adminPage.getByLabel('Waar is gestemd? (niet verplicht)').fill('Buurthuis');
  await adminPage.getByLabel(/Bankjes op het plein/).check();
  await adminPage.getByRole('button', { name: 'Stembiljet opslaan' }).click();
  await adminPage.getByText('Stembiljet P-001 is opgeslagen.').waitFor();

  // 5. The result: chart and table.
  await app.graphql(admin, Q.phase, { input: { roundId, phase: 'RESULT' } });
  await page.goto(`/begroting/${roundId}`);
  await page.getByRole('link', { name: 'De uitslag bekijken' }).click();
  await page.getByRole('heading', { level: 1, name: 'Uitslag: Buurtbudget Centrum 2027' }).waitFor();
  await page.getByRole('img', { name: /gekozen plannen gebruiken samen/ }).waitFor();
  const rows = page.getByRole('table').getByRole('row');
  assert.equal(await rows.count(), 3);
  await page.getByText('2 stemmen geteld', { exact: false }).waitFor();
  const download = page.getByRole('link', { name: /Alle stemmen downloaden/ });
  assert.match(decodeURIComponent(await download.getAttribute('href')), /PROJECTS/);
  await axeBoth(anna, `/begroting/${roundId}/uitslag`, async (p) => {
    await p.getByRole('table').waitFor();
  });
  await Promise.all([anna.close(), adminPage.close()]);
});

test('a cumulative ballot: points that do not add up get an error, then the ballot is sent', async () => {
  const now = Date.now();
  const at = (d) => new Date(now + d * DAY).toISOString();
  const created = await app.graphql(admin, Q.createRound, {
    input: {
      areaId: areas.neighbourhood,
      title: 'Punten voor Oude Haven',
      description: 'Verdeel je punten.',
      budget: 1_000_000,
      ballotKind: 'CUMULATIVE',
      points: 10,
      rule: 'EQUAL_SHARES',
      submittingAt: at(1),
      assessmentAt: at(8),
      votingAt: at(15),
      resultAt: at(22),
      realisationAt: at(30),
    },
  });
  const id = created.createBudgetRound.round.id;
  const bob = await app.context();
  await registerResident(app, bob, { displayName: 'Bob', email: 'bob@plein.test', password: 'bob-zijn-wachtwoord' });
  await app.graphql(bob, Q.home, { input: { homeAreaId: areas.neighbourhood } });
  const ids = [];
  for (const [title, cost] of [['Picknicktafel', 300_000], ['Fietsenrek', 200_000]]) {
    const d = await app.graphql(bob, Q.submit, {
      input: { roundId: id, title, description: title, areaId: areas.neighbourhood, cost },
    });
    ids.push(d.submitBudgetProject.project.id);
  }
  await app.graphql(admin, Q.phase, { input: { roundId: id, phase: 'ASSESSMENT' } });
  for (const projectId of ids) {
    await app.graphql(
      admin,
      'mutation($input: AssessBudgetProjectInput!) { assessBudgetProject(input: $input) { project { id } } }',
      { input: { projectId, feasible: true, reason: 'Dit kan.' } },
    );
  }
  await app.graphql(admin, Q.phase, { input: { roundId: id, phase: 'VOTING' } });

  const page = await bob.newPage();
  await page.goto(`/begroting/${id}/stemmen`);
  const bar = page.locator('#budget-usage-text');
  await bar.waitFor();
  assert.equal(await bar.innerText(), 'Je hebt 0 van 10 punten verdeeld.');
  await page.getByLabel('Punten voor Picknicktafel').fill('4');
  assert.equal(await bar.innerText(), 'Je hebt 4 van 10 punten verdeeld.');
  await page.getByRole('button', { name: 'Stem versturen' }).click();
  await page.getByText('Je hebt 4 punten verdeeld. Verdeel er precies 10.').waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await page.getByLabel('Punten voor Fietsenrek').fill('6');
  assert.equal(await bar.innerText(), 'Je hebt 10 van 10 punten verdeeld.');
  await page.getByRole('button', { name: 'Stem versturen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Je stem is verstuurd' }).waitFor();
  await axeBoth(bob, `/begroting/${id}/stemmen`, async (p, locale) => {
    await p.getByText(locale === 'nl' ? 'Je hebt 10 van 10 punten verdeeld.' : 'You have spread 10 of 10 points.').waitFor();
  });
  await bob.close();
});

// The screens that write: a new round, a submitted project (also for someone
// else), an imported past round, and a ballot cast under a mandate.

const GRANT = 'mutation($input: GrantMandateInput!) { grantMandate(input: $input) { mandate { id } } }';
const ASSESS = 'mutation($input: AssessBudgetProjectInput!) { assessBudgetProject(input: $input) { project { id } } }';

/** A day `n` days from now as a date field takes it ("2027-03-01"). */
function day(n) {
  return new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
}

/** A round in the submitting phase, through the API. */
async function submittingRound(title, areaId, extra = {}) {
  const at = (d) => new Date(Date.now() + d * DAY).toISOString();
  const created = await app.graphql(admin, Q.createRound, {
    input: {
      areaId,
      title,
      description: `${title}: wat wil jij?`,
      budget: 3_000_000,
      ballotKind: 'APPROVAL',
      rule: 'GREEDY',
      submittingAt: at(1),
      assessmentAt: at(8),
      votingAt: at(15),
      resultAt: at(22),
      realisationAt: at(30),
      ...extra,
    },
  });
  return created.createBudgetRound.round.id;
}

test('a new round: checks before sending, the counting rule explained, then the round', async () => {
  const page = await admin.newPage();
  await page.goto('/begroting');
  await page.getByRole('link', { name: 'Nieuwe begrotingsronde' }).click();
  await page.getByRole('heading', { level: 1, name: 'Nieuwe begrotingsronde' }).waitFor();
  await axeBoth(admin, '/begroting/nieuw', async (p, locale) => {
    await p.getByRole('heading', { level: 1, name: locale === 'nl' ? 'Nieuwe begrotingsronde' : 'New budget round' }).waitFor();
    await p.getByText(locale === 'nl' ? 'Eerlijk verdeeld (Equal Shares)' : 'Fairly shared (Equal Shares)').waitFor();
  });
  // The two counting rules, each with a short explanation read with its choice.
  const fair = page.getByLabel('Eerlijk verdeeld (Equal Shares)');
  assert.match(
    await page.locator(`#${await fair.getAttribute('aria-describedby')}`).innerText(),
    /even groot deel van het budget/,
  );
  await page.getByRole('button', { name: 'Ronde maken' }).click();
  await page.getByText('Kies een gebied.').waitFor();
  await page.getByText('Kies hoe er wordt geteld.').waitFor();
  assert.equal(await page.getByText('Kies een datum.').count(), 5);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'area');

  await page.getByLabel('Gebied', { exact: true }).selectOption({ label: 'Oude Haven' });
  await page.getByLabel('Naam van de ronde').fill('Buurtbudget Oude Haven 2028');
  await page.getByLabel('Uitleg voor bewoners').fill('Wat wil jij in de **Oude Haven**?');
  await page.getByLabel('Budget in euro').fill('40.000');
  await page.getByLabel('Eén plan kost hoogstens, in euro (niet verplicht)').fill('50.000');
  await page.getByLabel('Ja, een hoogste aantal plannen').check();
  await page.getByLabel('Hoeveel plannen hoogstens?').fill('3');
  await fair.check();
  // Dates out of order: voting before checking.
  await page.getByLabel('Plannen indienen vanaf').fill(day(1));
  await page.getByLabel('Nakijken door de gemeente vanaf').fill(day(10));
  await page.getByLabel('Stemmen vanaf').fill(day(5));
  await page.getByLabel('Uitslag vanaf').fill(day(20));
  await page.getByLabel('Uitvoeren vanaf').fill(day(30));
  await page.getByRole('button', { name: 'Ronde maken' }).click();
  await page.getByText('Eén plan kan niet meer kosten dan het hele budget (€ 40.000).').waitFor();
  await page.getByText("Kies een dag na 'Nakijken door de gemeente vanaf'.").waitFor();
  assert.equal(await page.getByLabel('Stemmen vanaf').getAttribute('aria-invalid'), 'true');
  assert.deepEqual(await axeViolations(page), []);
  await page.getByLabel('Eén plan kost hoogstens, in euro (niet verplicht)').fill('15.000');
  await page.getByLabel('Stemmen vanaf').fill(day(15));
  await page.getByRole('button', { name: 'Ronde maken' }).click();
  await page.getByRole('heading', { level: 1, name: 'Buurtbudget Oude Haven 2028' }).waitFor();
  await page.getByText('De ronde Buurtbudget Oude Haven 2028 is gemaakt.').waitFor();
  await page.getByText('€ 40.000', { exact: true }).waitFor();
  await page.getByText('€ 15.000', { exact: true }).waitFor();
  await page.getByText('Je kiest hoogstens 3 plannen.').waitFor();
  await page.close();

  // A resident sees no link to it, and the page says who may.
  const resident = await app.context();
  await registerResident(app, resident, { displayName: 'Gert', email: 'gert@plein.test', password: 'gert-zijn-wachtwoord' });
  const other = await resident.newPage();
  await other.goto('/begroting');
  await other.getByRole('heading', { level: 1, name: 'Buurtbudget' }).waitFor();
  assert.equal(await other.getByRole('link', { name: 'Nieuwe begrotingsronde' }).count(), 0);
  await other.goto('/begroting/nieuw');
  await other.getByText('Alleen medewerkers van de gemeente of een organisatie kunnen dit doen.').waitFor();
  await resident.close();
});

test('submitting a project: errors at the fields, then for yourself, for a mandate-giver and by assisted intake', async () => {
  const roundId = await submittingRound('Buurtbudget Indienen', areas.district, { maxProjectCost: 1_000_000 });
  const carla = await app.context();
  await registerResident(app, carla, { displayName: 'Carla', email: 'carla@plein.test', password: 'carla-haar-wachtwoord' });
  await app.graphql(carla, Q.home, { input: { homeAreaId: areas.neighbourhood } });
  const dirk = await app.context();
  await registerResident(app, dirk, { displayName: 'Dirk', email: 'dirk@plein.test', password: 'dirk-zijn-wachtwoord' });
  await app.graphql(dirk, GRANT, {
    input: { delegateEmail: 'carla@plein.test', actions: ['POST_IDEAS'], validUntil: new Date(Date.now() + 30 * DAY).toISOString() },
  });

  const page = await carla.newPage();
  await page.goto(`/begroting/${roundId}`);
  await page.getByRole('link', { name: 'Project indienen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Project indienen: Buurtbudget Indienen' }).waitFor();
  await axeBoth(carla, `/begroting/${roundId}/indienen`, async (p, locale) => {
    await p.getByLabel(locale === 'nl' ? 'Namens' : 'On behalf of', { exact: true }).waitFor();
    await p.getByText(locale === 'nl' ? 'Een project kost hoogstens € 10.000.' : 'A project costs at most €10,000.', { exact: false }).waitFor();
  });
  // Nothing filled in: a message at each field, focus on the first.
  await page.getByRole('button', { name: 'Project indienen' }).click();
  await page.getByText('Geef je project een naam.').waitFor();
  await page.getByText('Vertel wat je wilt doen.').waitFor();
  await page.getByText('Vul een bedrag in euro in, bijvoorbeeld 12.500.').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'title');
  // The area starts at her home area, and only areas inside the round's are offered.
  await page.getByLabel('Waar in de buurt?').locator('option:checked', { hasText: 'Oude Haven' }).waitFor({ state: 'attached' });
  assert.equal(await page.getByLabel('Waar in de buurt?').locator('option', { hasText: 'Gemeente Amstelveld' }).count(), 0);
  await page.getByLabel('Naam van je project').fill('Plantenbakken');
  await page.getByLabel('Wat wil je doen?').fill('Plantenbakken langs de kade.');
  const cost = page.getByLabel('Wat kost het ongeveer, in euro?');
  await cost.fill('0');
  await page.getByRole('button', { name: 'Project indienen' }).click();
  await page.getByText('Het bedrag moet meer zijn dan € 0.').waitFor();
  assert.equal(await cost.getAttribute('aria-invalid'), 'true');
  await cost.fill('20.000');
  await page.getByRole('button', { name: 'Project indienen' }).click();
  await page.getByText('Dat is te veel. Een project kost hoogstens € 10.000.').waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await cost.fill('4.500');
  await page.getByRole('button', { name: 'Project indienen' }).click();
  await page.getByText('Je project Plantenbakken is ingediend.', { exact: false }).waitFor();
  await page.getByRole('heading', { level: 3, name: 'Plantenbakken' }).waitFor();
  await page.getByText('Kost € 4.500 · in Oude Haven').waitFor();

  // For Dirk, under his mandate.
  await page.getByRole('link', { name: 'Project indienen' }).click();
  await page.getByLabel('Namens', { exact: true }).selectOption({ label: 'Dirk' });
  await page.getByText('Je dient dit project in namens Dirk.', { exact: false }).waitFor();
  await page.getByLabel('Naam van je project').fill('Fietsnietjes');
  await page.getByLabel('Wat wil je doen?').fill('Meer plek voor fietsen bij de school.');
  await page.getByLabel('Waar in de buurt?').selectOption({ label: 'Centrum' });
  await cost.fill('2.000');
  await page.getByRole('button', { name: 'Project indienen namens Dirk' }).click();
  await page.getByText('Het project Fietsnietjes is ingediend voor Dirk.', { exact: false }).waitFor();
  await page.getByText('Kost € 2.000 · in Centrum').waitFor();

  // In English, amounts are typed the English way.
  const carlaEn = await app.context({ locale: 'en' });
  await carlaEn.addCookies(await carla.cookies());
  const en = await carlaEn.newPage();
  await en.goto(`/begroting/${roundId}/indienen`);
  // The area starts at her home area once the areas have loaded.
  await en.getByLabel('Where in the neighbourhood?').locator('option:checked', { hasText: 'Oude Haven' }).waitFor({ state: 'attached' });
  await en.getByLabel('Name of your project').fill('Picnic table');
  await en.getByLabel('What do you want to do?').fill('A picnic table by the water.');
  await en.getByLabel('Roughly what does it cost, in euros?').fill('1,250.50');
  await en.getByRole('button', { name: 'Submit project' }).click();
  await en.getByText('Costs €1,250.50 · in Oude Haven').waitFor();
  await carlaEn.close();

  // A professional takes one down for a resident without an account.
  const pia = await app.context();
  const piaId = await registerResident(app, pia, { displayName: 'Pia', email: 'pia@plein.test', password: 'pia-haar-wachtwoord' });
  await makeProfessional(app, admin, piaId, 'Buurthuis De Ster');
  const proPage = await pia.newPage();
  await proPage.goto(`/begroting/${roundId}/indienen`);
  await proPage.getByRole('group', { name: 'Opgetekend voor een bewoner zonder account (optioneel)' }).waitFor();
  await proPage.getByLabel('Naam van je project').fill('Buurtmoestuin');
  await proPage.getByLabel('Wat wil je doen?').fill('Een moestuin achter het buurthuis.');
  await proPage.getByLabel('Wat kost het ongeveer, in euro?').fill('3.250,50');
  await proPage.getByLabel('Voornaam van de bewoner').fill('Fatima');
  await proPage.getByRole('button', { name: 'Project indienen' }).click();
  await proPage.getByText('Vul ook in waar je dit hebt opgetekend.').waitFor();
  await proPage.getByLabel('Waar opgetekend').fill('Buurthuis De Ster');
  await proPage.getByRole('button', { name: 'Project indienen' }).click();
  await proPage.getByText('Het project Buurtmoestuin is ingediend voor Fatima.', { exact: false }).waitFor();
  await proPage.getByText('Kost € 3.250,50', { exact: false }).waitFor();
  assert.deepEqual(await axeViolations(proPage), []);
  await Promise.all([carla.close(), dirk.close(), pia.close()]);
});

test('importing a past round: a bad line named in words, then the closed round', async () => {
  const good = [
    'META', 'key;value', 'description;Oude ronde', 'num_projects;2', 'num_votes;2', 'budget;1000',
    'vote_type;approval', 'rule;greedy',
    'PROJECTS', 'project_id;cost;name', '1;600;Speeltuin', '2;300;Bankjes',
    'VOTES', 'voter_id;vote', '1;1,2', '2;2', '',
  ];
  const bad = [...good];
  bad[11] = '2;veel;Bankjes';
  const page = await admin.newPage();
  await page.goto('/begroting');
  await page.getByRole('link', { name: 'Een oude ronde inlezen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Een oude ronde inlezen' }).waitFor();
  await axeBoth(admin, '/begroting/importeren', async (p, locale) => {
    await p.getByLabel(locale === 'nl' ? 'Pabulib-bestand (.pb)' : 'Pabulib file (.pb)').waitFor();
  });
  await page.getByRole('button', { name: 'Ronde inlezen' }).click();
  await page.getByText('Kies een pabulib-bestand (.pb).').waitFor();
  await page.getByLabel('Gebied van de ronde').selectOption({ label: 'Centrum' });
  await page.getByLabel('Naam van de ronde').fill('Buurtbudget Centrum 2024');
  await page.getByLabel('Pabulib-bestand (.pb)').setInputFiles({
    name: 'centrum-2024.pb',
    mimeType: 'text/plain',
    buffer: Buffer.from(bad.join('\n')),
  });
  await page.getByRole('button', { name: 'Ronde inlezen' }).click();
  const error = page.locator('#file-error', { hasText: 'Het bestand klopt niet' });
  await error.waitFor();
  assert.match(await error.innerText(), /^Het bestand klopt niet op regel 12: .+\. Er is niets ingelezen\.$/);
  const file = page.getByLabel('Pabulib-bestand (.pb)');
  assert.equal(await file.getAttribute('aria-invalid'), 'true');
  assert.match(await file.getAttribute('aria-describedby'), /file-error/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'file');
  assert.deepEqual(await axeViolations(page), []);
  await file.setInputFiles({ name: 'centrum-2024.pb', mimeType: 'text/plain', buffer: Buffer.from(good.join('\n')) });
  await page.getByRole('button', { name: 'Ronde inlezen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Buurtbudget Centrum 2024' }).waitFor();
  await page.getByText('De ronde Buurtbudget Centrum 2024 is ingelezen.').waitFor();
  await page.getByRole('link', { name: 'De uitslag bekijken' }).waitFor();
  await page.close();

  // A professional may make rounds but not import them.
  const quinten = await app.context();
  const id = await registerResident(app, quinten, { displayName: 'Quinten', email: 'quinten@plein.test', password: 'quinten-zijn-wachtwoord' });
  await makeProfessional(app, admin, id, 'Gemeente');
  const pro = await quinten.newPage();
  await pro.goto('/begroting');
  await pro.getByRole('link', { name: 'Nieuwe begrotingsronde' }).waitFor();
  assert.equal(await pro.getByRole('link', { name: 'Een oude ronde inlezen' }).count(), 0);
  await pro.goto('/begroting/importeren');
  await pro.getByText('Alleen beheerders van Plein kunnen een oude ronde inlezen.').waitFor();
  await quinten.close();
});

test('voting for someone: the delegate chooses for whom, and the confirmation says it', async () => {
  const roundId = await submittingRound('Stemmen voor elkaar', areas.neighbourhood, { minAge: 16 });
  const eva = await app.context();
  await registerResident(app, eva, { displayName: 'Eva', email: 'eva@plein.test', password: 'eva-haar-wachtwoord' });
  await app.graphql(eva, Q.home, { input: { homeAreaId: areas.neighbourhood } });
  const frans = await app.context();
  await registerResident(app, frans, { displayName: 'Frans', email: 'frans@plein.test', password: 'frans-zijn-wachtwoord' });
  await app.graphql(frans, Q.home, { input: { homeAreaId: areas.neighbourhood } });
  await app.graphql(frans, GRANT, {
    input: { delegateEmail: 'eva@plein.test', actions: ['BUDGET_VOTE'], validUntil: new Date(Date.now() + 30 * DAY).toISOString() },
  });
  const ids = [];
  for (const [title, cost] of [['Zitbank bij de haven', 500_000], ['Lantaarns', 700_000]]) {
    const d = await app.graphql(eva, Q.submit, {
      input: { roundId, title, description: title, areaId: areas.neighbourhood, cost },
    });
    ids.push(d.submitBudgetProject.project.id);
  }
  await app.graphql(admin, Q.phase, { input: { roundId, phase: 'ASSESSMENT' } });
  for (const projectId of ids) {
    await app.graphql(admin, ASSESS, { input: { projectId, feasible: true, reason: 'Dit kan.' } });
  }
  await app.graphql(admin, Q.phase, { input: { roundId, phase: 'VOTING' } });

  const page = await eva.newPage();
  await page.goto(`/begroting/${roundId}/stemmen`);
  const forWhom = page.getByRole('group', { name: 'Stem voor' });
  await forWhom.waitFor();
  assert.equal(await forWhom.getByLabel('mijzelf').isChecked(), true);
  await axeBoth(eva, `/begroting/${roundId}/stemmen`, async (p, locale) => {
    await p.getByRole('group', { name: locale === 'nl' ? 'Stem voor' : 'Vote for' }).waitFor();
  });
  // By keyboard: from "mijzelf" to Frans with an arrow key.
  await forWhom.getByLabel('mijzelf').focus();
  await page.keyboard.press('ArrowDown');
  assert.equal(await forWhom.getByLabel('Frans').isChecked(), true);
  await page.getByText('Je stemt nu voor Frans.', { exact: false }).waitFor();
  await page.getByLabel('Zitbank bij de haven').check();
  await page.getByRole('button', { name: 'Stem versturen voor Frans' }).click();
  await page.getByText('Bevestig dat Frans 16 jaar of ouder is.').waitFor();
  await page.getByLabel('Frans is 16 jaar of ouder.').check();
  assert.deepEqual(await axeViolations(page), []);
  await page.getByRole('button', { name: 'Stem versturen voor Frans' }).click();
  await page.getByRole('heading', { level: 1, name: 'De stem voor Frans is verstuurd' }).waitFor();
  await page.getByText('Dank je wel! De stem voor Frans is geteld.').waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, 'budget-vote-for-nl');

  // The ballot is Frans's, not Eva's.
  const fransPage = await frans.newPage();
  await fransPage.goto(`/begroting/${roundId}/stemmen`);
  await fransPage.getByText('Je hebt al gestemd.', { exact: false }).waitFor();
  assert.equal(await fransPage.getByRole('group', { name: 'Stem voor' }).count(), 0);
  await page.getByRole('button', { name: 'Terug naar het stembiljet' }).click();
  await page.getByRole('button', { name: 'Stem versturen', exact: true }).waitFor();
  assert.equal(await page.getByText('Je hebt al gestemd.', { exact: false }).count(), 0);

  // Someone who lives outside the round's area: the refusal names them.
  const gijs = await app.context();
  await registerResident(app, gijs, { displayName: 'Gijs', email: 'gijs@plein.test', password: 'gijs-zijn-wachtwoord' });
  await app.graphql(gijs, Q.home, { input: { homeAreaId: areas.district } });
  await app.graphql(gijs, GRANT, {
    input: { delegateEmail: 'eva@plein.test', actions: ['BUDGET_VOTE'], validUntil: new Date(Date.now() + 30 * DAY).toISOString() },
  });
  await page.goto(`/begroting/${roundId}/stemmen`);
  await page.getByRole('group', { name: 'Stem voor' }).getByLabel('Gijs').check();
  await page.getByLabel('Lantaarns').check();
  await page.getByLabel('Gijs is 16 jaar of ouder.').check();
  await page.getByRole('button', { name: 'Stem versturen voor Gijs' }).click();
  await page.getByText('Je kunt nu niet voor Gijs stemmen.', { exact: false }).waitFor();
  await Promise.all([eva.close(), frans.close(), gijs.close()]);
});

test('a project page: support it, see the count in words, and react in its thread', async () => {
  const now = Date.now();
  const at = (d) => new Date(now + d * DAY).toISOString();
  const created = await app.graphql(admin, Q.createRound, {
    input: {
      areaId: areas.neighbourhood,
      title: 'Steun voor Oude Haven',
      description: 'Welke plannen vind je goed?',
      budget: 1_000_000,
      ballotKind: 'APPROVAL',
      rule: 'GREEDY',
      submittingAt: at(1),
      assessmentAt: at(8),
      votingAt: at(15),
      resultAt: at(22),
      realisationAt: at(30),
    },
  });
  const id = created.createBudgetRound.round.id;
  const carol = await app.context();
  await registerResident(app, carol, { displayName: 'Carol', email: 'carol@plein.test', password: 'carol-haar-wachtwoord' });
  const submitted = await app.graphql(carol, Q.submit, {
    input: { roundId: id, title: 'Moestuin bij de school', description: 'Groente voor de klas.', areaId: areas.neighbourhood, cost: 250_000 },
  });
  const projectId = submitted.submitBudgetProject.project.id;
  const dave = await app.context();
  await registerResident(app, dave, { displayName: 'Dave', email: 'dave@plein.test', password: 'dave-zijn-wachtwoord' });

  // From the round page to the project.
  const page = await dave.newPage();
  await page.goto(`/begroting/${id}`);
  await page.getByText('Nog niemand steunt dit project.').waitFor();
  await page.getByRole('link', { name: 'Moestuin bij de school' }).click();
  await page.getByRole('heading', { level: 1, name: 'Moestuin bij de school' }).waitFor();
  await page.getByText('Steunen is geen stemmen', { exact: false }).waitFor();

  // Support, and take it back, by keyboard.
  await page.getByRole('button', { name: 'Ik steun dit project' }).focus();
  await page.keyboard.press('Enter');
  await page.getByText('1 persoon steunt dit project.').waitFor();
  await page.getByText('Je steunt dit project').waitFor();
  await app.graphql(
    carol,
    'mutation($input: SupportBudgetProjectInput!) { supportBudgetProject(input: $input) { project { supportCount } } }',
    { input: { projectId } },
  );
  await page.reload();
  await page.getByText('2 mensen steunen dit project.').waitFor();
  await page.getByRole('button', { name: 'Steun intrekken' }).click();
  await page.getByText('1 persoon steunt dit project.').waitFor();
  await page.getByRole('button', { name: 'Ik steun dit project' }).click();
  await page.getByText('2 mensen steunen dit project.').waitFor();

  // A reaction in the project's thread.
  await page.getByRole('heading', { level: 2, name: 'Reacties (0)' }).waitFor();
  await page.getByLabel('Jouw reactie').fill('Goed plan, ik help mee met water geven.');
  await page.getByRole('button', { name: 'Reactie plaatsen' }).click();
  await page.getByRole('heading', { level: 2, name: 'Reacties (1)' }).waitFor();
  await page.locator('.plein-thread').getByText('Goed plan, ik help mee met water geven.').waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await axeBoth(dave, `/begroting/projecten/${projectId}`, async (p, locale) => {
    await p.getByText(locale === 'nl' ? '2 mensen steunen dit project.' : '2 people support this project.').waitFor();
    await p.locator('.plein-thread').getByText('Goed plan, ik help mee met water geven.').waitFor();
  });

  // Once voting opens, supporting is over: the page says so.
  await app.graphql(admin, Q.phase, { input: { roundId: id, phase: 'ASSESSMENT' } });
  await app.graphql(admin, Q.phase, { input: { roundId: id, phase: 'VOTING' } });
  await page.reload();
  await page.getByText('Je kunt een plan alleen steunen', { exact: false }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Ik steun dit project' }).count(), 0);
  await Promise.all([carol.close(), dave.close()]);
});

test('managing a round: the next step after a confirmation, a date changed, and a resident follows it', async () => {
  const at = (d) => new Date(Date.now() + d * DAY).toISOString();
  const created = await app.graphql(admin, Q.createRound, {
    input: {
      areaId: areas.neighbourhood,
      title: 'Buurtbudget Haven 2029',
      description: 'Wat wil jij aan de haven?',
      budget: 1_000_000,
      ballotKind: 'APPROVAL',
      rule: 'GREEDY',
      submittingAt: at(1),
      assessmentAt: at(8),
      votingAt: at(15),
      resultAt: at(22),
      realisationAt: at(30),
    },
  });
  const id = created.createBudgetRound.round.id;

  // A resident follows the round; no management part for residents.
  const bram = await app.context();
  await registerResident(app, bram, { displayName: 'Bram', email: 'bram@plein.test', password: 'bram-zijn-wachtwoord' });
  const residentPage = await bram.newPage();
  await residentPage.goto(`/begroting/${id}`);
  await residentPage.getByRole('heading', { level: 1, name: 'Buurtbudget Haven 2029' }).waitFor();
  assert.equal(await residentPage.getByRole('heading', { name: 'Ronde beheren' }).count(), 0);
  await residentPage.getByRole('button', { name: 'Volgen' }).click();
  await residentPage.getByText('Je volgt dit nu.').waitFor();
  await residentPage.locator('.plein-chosen', { hasText: 'Je volgt dit ✓' }).waitFor();
  await residentPage.getByRole('button', { name: 'Niet meer volgen' }).waitFor();
  assert.deepEqual(await axeViolations(residentPage), []);
  // On a later visit the page knows the resident follows the round.
  await axeBoth(bram, `/begroting/${id}`, async (p, locale) => {
    await p.getByRole('button', { name: locale === 'nl' ? 'Niet meer volgen' : 'Stop following' }).waitFor();
  });

  // A professional moves the round on, after confirming.
  const rik = await app.context();
  const rikId = await registerResident(app, rik, { displayName: 'Rik', email: 'rik@plein.test', password: 'rik-zijn-wachtwoord' });
  await makeProfessional(app, admin, rikId, 'Gemeente');
  const page = await rik.newPage();
  await page.goto(`/begroting/${id}`);
  await page.getByRole('heading', { level: 2, name: 'Ronde beheren' }).waitFor();
  await page.getByText('Deze ronde is nu in de stap: plannen indienen.').waitFor();
  await axeBoth(rik, `/begroting/${id}`, async (p, locale) => {
    await p.getByRole('heading', { level: 2, name: locale === 'nl' ? 'Ronde beheren' : 'Manage round' }).waitFor();
  });
  await page.getByRole('button', { name: 'Naar de volgende stap: de gemeente kijkt de plannen na' }).click();
  await page.getByText('Dit kun je niet terugdraaien.', { exact: false }).waitFor();
  assert.deepEqual(await axeViolations(page), []);
  // Changing one's mind changes nothing.
  await page.getByRole('button', { name: 'Nee, terug' }).click();
  await page.getByText('Deze ronde is nu in de stap: plannen indienen.').waitFor();
  await page.getByRole('button', { name: 'Naar de volgende stap: de gemeente kijkt de plannen na' }).click();
  await page.getByRole('button', { name: 'Ja, naar de stap: de gemeente kijkt de plannen na' }).click();
  await page.getByText('De ronde is nu in de stap: de gemeente kijkt de plannen na.').waitFor();
  await page.getByText('Deze ronde is nu in de stap: de gemeente kijkt de plannen na.').waitFor();
  await page.getByRole('button', { name: 'Naar de volgende stap: stemmen' }).waitFor();

  // Only the steps that have not started can move; out of order, the API's error stands at the field.
  assert.equal(await page.getByLabel('Nakijken door de gemeente vanaf').count(), 0);
  await page.getByLabel('Stemmen vanaf').fill(day(25));
  await page.getByRole('button', { name: 'Veranderingen opslaan' }).click();
  await page.getByText('Kies een dag na het stemmen.').waitFor();
  assert.equal(await page.getByLabel('Uitslag vanaf').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'manage-resultAt');
  assert.deepEqual(await axeViolations(page), []);
  await page.getByLabel('Stemmen vanaf').fill(day(18));
  await page.getByLabel('Naam van de ronde').fill('Buurtbudget Haven 2029 en 2030');
  await page.getByRole('button', { name: 'Veranderingen opslaan' }).click();
  await page.getByText('De veranderingen zijn opgeslagen.').waitFor();
  await page.getByRole('heading', { level: 1, name: 'Buurtbudget Haven 2029 en 2030' }).waitFor();
  const stored = await app.graphql(rik, 'query($id: ID!) { budgetRound(id: $id) { phase votingAt } }', { id });
  assert.equal(stored.budgetRound.phase, 'ASSESSMENT');
  assert.equal(stored.budgetRound.votingAt.slice(0, 10) >= day(17), true);
  await rik.close();
  await bram.close();
});
