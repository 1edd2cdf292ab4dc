// Ideas and plans, as residents, a professional and an admin go through them:
// confirm the address from the mailed link, post and publish an idea, support
// and discuss it (live), change its status with a reason, and run a plan's
// feedback window up to the official response.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ADMIN,
  axeViolations,
  createAreas,
  mailedLink,
  makeProfessional,
  registerResident,
  screenshot,
  signInAs,
  start,
} from './harness.mjs';

let app;
let admin;
let areas;
let ideaId;
let ideaUrl;
const FATIMA = { displayName: 'Fatima', email: 'fatima@plein.test', password: 'een-lang-wachtwoord' };
const PIET = { displayName: 'Piet', email: 'piet@plein.test', password: 'piet-zijn-wachtwoord' };
const ANNA = { displayName: 'Anna de Vries', email: 'anna@gemeente.test', password: 'anna-haar-wachtwoord' };

before(async () => {
  app = await start();
  admin = await app.context();
  await signInAs(app, admin, ADMIN.email, ADMIN.password);
  areas = await createAreas(app, admin);
});
after(async () => {
  await admin?.close();
  await app?.stop();
});

test('a resident confirms the address, posts and publishes an idea; others support, discuss and review it', async () => {
  // Fatima registers in the browser; until she confirms, a banner says so.
  const fatima = await app.context();
  const page = await fatima.newPage();
  await page.goto('/registreren');
  await page.getByLabel('Naam').fill(FATIMA.displayName);
  await page.getByLabel('E-mailadres').fill(FATIMA.email);
  await page.getByLabel('Wachtwoord').fill(FATIMA.password);
  await page.getByRole('button', { name: 'Account maken' }).click();
  await page.getByRole('heading', { level: 1, name: 'Mijn profiel' }).waitFor();
  const banner = page.getByRole('region', { name: 'E-mailadres bevestigen' });
  await banner.waitFor();
  await banner.getByRole('button', { name: 'Stuur de bevestigingslink opnieuw' }).click();
  await banner.getByText('We hebben een nieuwe bevestigingslink gemaild.').waitFor();
  await screenshot(page, 'flow-unconfirmed-banner');

  // Unconfirmed, she can read but not post: the API refuses and the form says why.
  await page.goto('/ideeen/nieuw');
  await page.getByLabel('Titel').fill('Te vroeg');
  await page.getByLabel('Beschrijving').fill('Nog niet bevestigd.');
  await page.getByLabel('Gebied').selectOption(areas.neighbourhood);
  await page.getByRole('button', { name: 'Concept bewaren' }).click();
  await page.getByRole('alert').filter({ hasText: 'Bevestig eerst je e-mailadres' }).waitFor();

  // The link in the newest mail confirms the address on a server-rendered page.
  const link = await mailedLink(app, FATIMA.email, '/verify-email');
  await page.goto(link);
  await page.getByText('Je e-mailadres is bevestigd').first().waitFor();
  await page.goto('/profiel');
  await page.getByText('Bevestigd', { exact: false }).first().waitFor();
  assert.equal(await banner.count(), 0, 'the banner is gone once confirmed');

  // A new idea is a draft first, then published.
  await page.getByRole('link', { name: 'Nieuw idee' }).click();
  await page.getByRole('heading', { level: 1, name: 'Nieuw idee' }).waitFor();
  await page.getByRole('button', { name: 'Concept bewaren' }).click();
  await page.locator('#title-error').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'title');
  await page.getByLabel('Titel').fill('Speeltuin bij de Oude Haven');
  await page.getByLabel('Beschrijving').fill('Een **veilige** speelplek voor de kinderen uit de buurt.');
  await page.getByLabel('Onderwerpen', { exact: true }).fill('Spelen, groen');
  await page.getByLabel('Gebied').selectOption(areas.neighbourhood);
  await page.getByRole('button', { name: 'Concept bewaren' }).click();
  await page.getByRole('heading', { level: 1, name: 'Speeltuin bij de Oude Haven' }).waitFor();
  await page.getByText('Je concept is bewaard.').waitFor();
  await page.getByText('Dit is een concept: alleen jij ziet het.').waitFor();
  // The body comes as the API's sanitised HTML.
  assert.equal(await page.locator('.plein-prose strong').first().textContent(), 'veilige');
  ideaUrl = new URL(page.url()).pathname;
  ideaId = ideaUrl.split('/').pop();

  await page.getByRole('link', { name: 'Bewerken' }).click();
  await page.getByRole('heading', { level: 1, name: 'Idee bewerken' }).waitFor();
  await page.waitForFunction(() => document.querySelector('#tags')?.value === 'spelen, groen');
  await page.getByLabel('Titel').fill('Speeltuin aan de Oude Haven');
  await page.getByRole('button', { name: 'Wijzigingen opslaan' }).click();
  await page.getByRole('heading', { level: 1, name: 'Speeltuin aan de Oude Haven' }).waitFor();
  await page.getByRole('button', { name: 'Publiceren' }).click();
  await page.getByText('Je idee is gepubliceerd.').waitFor();
  // The button went away: focus lands on the message saying what happened.
  await page.waitForFunction(() => document.activeElement?.textContent?.includes('Je idee is gepubliceerd.'));
  await page.locator('.utrecht-status-badge', { hasText: 'Gepubliceerd' }).waitFor();

  // Piet supports and comments; Fatima sees the comment arrive without reloading.
  const piet = await app.context();
  await registerResident(app, piet, PIET);
  const pietPage = await piet.newPage();
  await pietPage.goto(ideaUrl);
  // The chosen state reads in words, with a quiet way back; focus stays on it.
  await pietPage.getByRole('button', { name: 'Ik steun dit idee' }).click();
  await pietPage.getByText('Je steunt dit idee.').waitFor();
  await pietPage.getByText('1 keer gesteund').waitFor();
  await pietPage.locator('.plein-chosen', { hasText: 'Je steunt dit idee ✓' }).waitFor();
  const withdraw = pietPage.getByRole('button', { name: 'Steun intrekken' });
  assert.equal(await withdraw.evaluate((el) => el === document.activeElement), true);
  await withdraw.click();
  await pietPage.getByText('0 keer gesteund').waitFor();
  await pietPage.getByRole('button', { name: 'Ik steun dit idee' }).click();
  await pietPage.getByRole('button', { name: 'Steun intrekken' }).waitFor();
  await pietPage.getByText('1 keer gesteund').waitFor();
  await pietPage.getByLabel('Jouw reactie').fill('Goed plan! Mijn kinderen spelen daar graag.');
  await pietPage.getByRole('button', { name: 'Reactie plaatsen' }).click();
  // The live thread may show the comment before the form has its answer
  // and empties itself: look for it in the thread, then for the empty form.
  await pietPage.locator('.plein-comment', { hasText: 'Goed plan! Mijn kinderen spelen daar graag.' }).waitFor();
  await pietPage.waitForFunction(() => document.querySelector('#new-comment')?.value === '');
  // Focus moves to the comment just posted.
  await pietPage.waitForFunction(() => document.activeElement?.closest('.plein-comment')?.textContent?.includes('Goed plan!'));
  await page.getByText('Goed plan! Mijn kinderen spelen daar graag.').waitFor({ timeout: 10_000 });
  await page.getByRole('heading', { name: 'Reacties (1)' }).waitFor();

  // Fatima agrees and replies; the reply nests under Piet's comment.
  await page.getByRole('button', { name: 'Eens' }).click();
  await page.getByText('1 eens').waitFor();
  await page.getByRole('button', { name: 'Reageren' }).click();
  await page.getByLabel('Jouw reactie op Piet').fill('Dank je, Piet!');
  await page.getByRole('button', { name: 'Reactie plaatsen' }).first().click();
  await page.locator('.plein-thread--replies', { hasText: 'Dank je, Piet!' }).waitFor();
  await page.waitForFunction(() => document.activeElement?.closest('.plein-thread--replies')?.textContent?.includes('Dank je, Piet!'));
  await pietPage.getByText('Dank je, Piet!').waitFor({ timeout: 10_000 });

  // The feed of the municipality shows the idea from the neighbourhood beneath it.
  await pietPage.goto('/gebied/gemeente-amstelveld');
  await pietPage.getByRole('link', { name: 'Speeltuin aan de Oude Haven' }).waitFor();
  await pietPage.getByText('1 idee in Gemeente Amstelveld en daaronder.').waitFor();
  // Support shows on the card too, in words, and can be changed from there.
  const card = pietPage.locator('.plein-card', { hasText: 'Speeltuin aan de Oude Haven' });
  await card.locator('.plein-chosen', { hasText: 'Je steunt dit ✓' }).waitFor();
  await card.getByRole('button', { name: 'Steun intrekken' }).click();
  await card.getByText('0 keer gesteund').waitFor();
  await card.getByRole('button', { name: 'Steunen' }).click();
  await card.getByText('1 keer gesteund').waitFor();
  await card.getByRole('button', { name: 'Steun intrekken' }).waitFor();
  await pietPage.waitForLoadState('networkidle');
  assert.deepEqual(await axeViolations(pietPage), []);
  await pietPage.evaluate(() => window.localStorage.setItem('plein.locale', 'en'));
  await pietPage.reload();
  await card.locator('.plein-chosen', { hasText: 'You support this ✓' }).waitFor();
  await card.getByRole('button', { name: 'Withdraw support' }).waitFor();
  await pietPage.waitForLoadState('networkidle');
  assert.deepEqual(await axeViolations(pietPage), []);
  await pietPage.evaluate(() => window.localStorage.setItem('plein.locale', 'nl'));
  await pietPage.reload();
  await card.getByRole('button', { name: 'Steun intrekken' }).waitFor();
  await pietPage.getByLabel('Onderwerp', { exact: true }).fill('verkeer');
  await pietPage.getByRole('button', { name: 'Toepassen' }).click();
  await pietPage.getByText('0 ideeën in Gemeente Amstelveld').waitFor();
  await pietPage.getByLabel('Onderwerp', { exact: true }).fill('spelen');
  await pietPage.getByLabel('Sorteren op').selectOption('MOST_SUPPORTED');
  await pietPage.getByRole('button', { name: 'Toepassen' }).click();
  await pietPage.getByRole('link', { name: 'Speeltuin aan de Oude Haven' }).waitFor();
  await screenshot(pietPage, 'flow-feed');

  // Anna becomes a professional (an admin sets the role) and reviews the idea.
  const anna = await app.context();
  const annaId = await registerResident(app, anna, ANNA);
  await makeProfessional(app, admin, annaId, 'Gemeente Amstelveld');
  const annaPage = await anna.newPage();
  await annaPage.goto(ideaUrl);
  await annaPage.getByRole('heading', { name: 'Status wijzigen' }).waitFor();
  await annaPage.getByLabel('Nieuwe status').selectOption({ label: 'Afgewezen' });
  await annaPage.getByRole('button', { name: 'Status wijzigen' }).click();
  await annaPage.locator('#reason-error').waitFor();
  await annaPage.getByLabel('Nieuwe status').selectOption({ label: 'In behandeling' });
  await annaPage.getByLabel('Toelichting').fill('We bekijken dit met de buurt en de wijkagent.');
  await annaPage.getByRole('button', { name: 'Status wijzigen' }).click();
  await annaPage.getByText('De status is nu: In behandeling.').waitFor();

  // Fatima sees the public status history with who, when and why.
  await page.reload();
  const history = page.locator('section', { has: page.getByRole('heading', { name: 'Geschiedenis' }) });
  await history.getByText('In behandeling').waitFor();
  await history.getByText('door Anna de Vries (Gemeente Amstelveld)').waitFor();
  await history.getByText('Toelichting: We bekijken dit met de buurt en de wijkagent.').waitFor();
  assert.match(await history.textContent(), /\d{1,2} november 2026 om \d{2}:\d{2}|\d{1,2} \w+ \d{4} om \d{2}:\d{2}/);
  await screenshot(page, 'flow-idea-reviewed');

  await Promise.all([fatima.close(), piet.close(), anna.close()]);
});

test('a professional opens a plan for feedback, residents respond, and the official response follows', async () => {
  const anna = await app.context();
  await signInAs(app, anna, ANNA.email, ANNA.password);
  const page = await anna.newPage();
  await page.goto('/');
  await page.getByRole('link', { name: 'Nieuw plan' }).click();
  await page.getByRole('heading', { level: 1, name: 'Nieuw plan' }).waitFor();
  await page.getByLabel('Titel').fill('Herinrichting Havenplein');
  await page.getByLabel('Beschrijving').fill('We maken het plein groener en veiliger.');
  await page.getByLabel('Gebied').selectOption(areas.district);
  await page.getByLabel('Vragen aan bewoners').fill('Wat vind je van meer bomen?\nWaar wil je zitten?');
  await page.getByRole('button', { name: 'Concept bewaren' }).click();
  await page.getByRole('heading', { level: 1, name: 'Herinrichting Havenplein' }).waitFor();
  const planUrl = new URL(page.url()).pathname;
  const planId = planUrl.split('/').pop();

  await page.getByLabel('Volgende stap').selectOption({ label: 'Inspraak' });
  await page.getByRole('button', { name: 'Status wijzigen' }).click();
  await page.getByText('De status is nu: Inspraak.').waitFor();
  await page.getByText(/Je kunt reageren: nog 1[34] dagen, tot \d{1,2} \w+ \d{4} om \d{2}:\d{2}\./).waitFor();
  await page.getByText('De officiële reactie publiceer je na het sluiten van de inspraak.').waitFor();
  // The plan takes up Fatima's idea from the neighbourhood beneath its district.
  await page.getByLabel('Een idee oppakken in dit plan').selectOption(ideaId);
  await page.getByRole('button', { name: 'Idee koppelen' }).click();
  await page.getByText('Het idee staat nu bij dit plan.').waitFor();
  await page.getByRole('link', { name: 'Speeltuin aan de Oude Haven' }).waitFor();

  // Fatima answers a question and comments while the window is open.
  const fatima = await app.context();
  await signInAs(app, fatima, FATIMA.email, FATIMA.password);
  const fPage = await fatima.newPage();
  await fPage.goto(planUrl);
  await fPage.getByRole('link', { name: 'Speeltuin aan de Oude Haven' }).waitFor();
  // One form for both questions, one send button: both answers are kept.
  await fPage.getByLabel('Jouw antwoord op vraag 1').fill('Graag, vooral langs de kade.');
  await fPage.getByLabel('Jouw antwoord op vraag 2').fill('Bij de speeltuin.');
  assert.equal(await fPage.getByRole('button', { name: 'Antwoorden versturen' }).count(), 1);
  await fPage.getByRole('button', { name: 'Antwoorden versturen' }).click();
  await fPage.getByText('Je 2 antwoorden zijn bewaard.').waitFor();
  await fPage.waitForFunction(() => document.activeElement?.textContent?.includes('Je 2 antwoorden zijn bewaard.'));
  await fPage.getByText('2 antwoorden').first().waitFor().catch(() => undefined);
  await fPage.getByLabel('Jouw reactie', { exact: true }).fill('Denk ook aan de fietsenstalling.');
  await fPage.getByRole('button', { name: 'Reactie plaatsen' }).click();
  await fPage.locator('.plein-comment', { hasText: 'Denk ook aan de fietsenstalling.' }).waitFor();
  await page.getByText('Denk ook aan de fietsenstalling.').waitFor({ timeout: 10_000 });
  await screenshot(fPage, 'flow-plan-open');

  // The window closes (moved to a moment from now), then Anna responds officially.
  await app.graphql(
    anna,
    'mutation($input: UpdatePlanInput!) { updatePlan(input: $input) { plan { id } } }',
    { input: { id: planId, feedbackClosesAt: new Date(Date.now() + 1000).toISOString() } },
  );
  await new Promise((r) => setTimeout(r, 1500));
  await page.reload();
  await page.getByText(/Reageren kon tot/).waitFor();
  await page.getByLabel('Officiële reactie: wat we met de inbreng deden').fill('We planten **twaalf** bomen langs de kade.');
  await page.getByRole('button', { name: 'Officiële reactie publiceren' }).click();
  await page.getByText('De officiële reactie is gepubliceerd.').waitFor();

  await fPage.reload();
  await fPage.getByRole('heading', { name: 'Wat we met je inbreng deden' }).waitFor();
  await fPage.locator('.plein-response strong', { hasText: 'twaalf' }).waitFor();
  await fPage.getByText('Reageren op dit plan kan nu niet.').waitFor();
  await fPage.getByText('Jouw antwoord: Graag, vooral langs de kade.').waitFor();
  await screenshot(fPage, 'flow-plan-responded');

  // The idea page names the plan that takes it up.
  await fPage.goto(ideaUrl);
  await fPage.getByRole('link', { name: 'Herinrichting Havenplein' }).waitFor();
  await Promise.all([anna.close(), fatima.close()]);
});

test('sign-in link and password reset requests, and an email change, say what happens next', async () => {
  const context = await app.context();
  const page = await context.newPage();
  await page.goto('/inloggen');
  await page.getByRole('link', { name: 'Inloggen met een link per e-mail' }).click();
  await page.getByRole('heading', { level: 1, name: 'Inloggen met een link' }).waitFor();
  await page.getByLabel('E-mailadres').fill(PIET.email);
  await page.getByRole('button', { name: 'Stuur mij een inloglink' }).click();
  await page.getByText(`Als er een account is met ${PIET.email}, staat de inloglink nu in je mailbox.`).waitFor();
  // The mailed link signs in on the server's own page, not in the web app.
  const link = await mailedLink(app, PIET.email, '/sign-in-link');
  assert.match(link, /^\/sign-in-link\?token=/);

  await page.goto('/inloggen');
  await page.getByRole('link', { name: 'Wachtwoord vergeten?' }).click();
  // The sign-in page has an address field too: wait until it has gone.
  await page.getByRole('heading', { level: 1, name: 'Wachtwoord vergeten' }).waitFor();
  await page.getByLabel('E-mailadres').fill(PIET.email);
  await page.getByRole('button', { name: 'Stuur mij een herstellink' }).click();
  await page.getByText('staat de herstellink nu in je mailbox').waitFor();
  assert.match(await mailedLink(app, PIET.email, '/reset-password'), /^\/reset-password\?token=/);

  await signInAs(app, context, PIET.email, PIET.password);
  await page.goto('/profiel');
  await page.getByLabel('Nieuw e-mailadres').fill('piet@nieuw.test');
  await page.getByLabel('Je huidige wachtwoord').fill('niet-het-goede');
  await page.getByRole('button', { name: 'Stuur de bevestigingslink' }).click();
  await page.locator('#currentPassword-error').waitFor();
  await page.getByLabel('Je huidige wachtwoord').fill(PIET.password);
  await page.getByRole('button', { name: 'Stuur de bevestigingslink' }).click();
  await page.getByText('We hebben een bevestigingslink gemaild naar piet@nieuw.test.').waitFor();
  assert.match(await mailedLink(app, 'piet@nieuw.test', '/confirm-email'), /^\/confirm-email\?token=/);
  await context.close();
});
