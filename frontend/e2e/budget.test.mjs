// Budget rounds in the browser: a round page with its phases as a timeline,
// the budget and the projects filtered by area; the assessment queue; the
// ballot with its live "Je hebt € X van € Y gebruikt" bar, used by keyboard,
// an error next to the choices, a confirmation and a changed ballot; a paper
// ballot; the result with its chart and table; and a project's own page with
// its supports and thread. Each page passes axe-core in Dutch and English.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, axeViolations, createAreas, registerResident, screenshot, signInAs, start } from './harness.mjs';

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
