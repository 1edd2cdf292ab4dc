// The core flows, as a resident and an admin would go through them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, screenshot, signInAs, start } from './harness.mjs';

let app;
before(async () => {
  app = await start();
});
after(async () => {
  await app?.stop();
});

const RESIDENT = { name: 'Fatima', email: 'fatima@plein.test', password: 'een-lang-wachtwoord' };

async function focusedId(page) {
  return page.evaluate(() => document.activeElement?.id ?? '');
}

test('register, sign out and in, edit the profile, switch to English', async () => {
  const context = await app.context();
  const page = await context.newPage();
  await page.goto('/');
  assert.equal(await page.getAttribute('html', 'lang'), 'nl');
  await page.getByRole('link', { name: 'Account maken' }).click();
  await page.getByRole('heading', { level: 1, name: 'Account maken' }).waitFor();
  assert.equal(await focusedId(page), 'page-heading', 'focus moves to the new page heading');

  // Errors appear next to their inputs and take the focus.
  await page.getByLabel('Naam').fill(RESIDENT.name);
  await page.getByLabel('E-mailadres').fill('geen-adres');
  await page.getByLabel('Wachtwoord').fill(RESIDENT.password);
  await page.getByRole('button', { name: 'Account maken' }).click();
  const emailError = page.locator('#email-error');
  await emailError.waitFor();
  assert.match(await emailError.textContent(), /geldig e-mailadres/);
  assert.equal(await focusedId(page), 'email');
  assert.equal(await page.getAttribute('#email', 'aria-invalid'), 'true');
  assert.match(await page.getAttribute('#email', 'aria-describedby'), /email-error/);
  await screenshot(page, 'register-error-nl');

  await page.getByLabel('E-mailadres').fill(RESIDENT.email);
  await page.getByRole('button', { name: 'Account maken' }).click();
  await page.getByRole('heading', { level: 1, name: 'Mijn profiel' }).waitFor();
  await page.getByText(`Welkom op Plein, ${RESIDENT.name}.`).waitFor();
  await page.getByText(`Ingelogd als ${RESIDENT.name}`).waitFor();

  // The same address again is a conflict on the email field.
  const other = await app.context();
  const otherPage = await other.newPage();
  await otherPage.goto('/registreren');
  await otherPage.getByLabel('Naam').fill('Nog een');
  await otherPage.getByLabel('E-mailadres').fill(RESIDENT.email);
  await otherPage.getByLabel('Wachtwoord').fill('nog-een-wachtwoord');
  await otherPage.getByRole('button', { name: 'Account maken' }).click();
  await otherPage.locator('#email-error', { hasText: 'Er is al een account' }).waitFor();
  await other.close();

  await page.getByRole('button', { name: 'Uitloggen' }).first().click();
  await page.getByText('Je bent uitgelogd.').waitFor();
  await page.getByRole('link', { name: 'Inloggen' }).click();
  await page.getByLabel('E-mailadres').fill(RESIDENT.email);
  await page.getByLabel('Wachtwoord').fill('fout-wachtwoord-1');
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByRole('alert').filter({ hasText: 'klopt niet' }).waitFor();
  await page.getByLabel('Wachtwoord').fill(RESIDENT.password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByText(`Welkom terug, ${RESIDENT.name}.`).waitFor();

  await page.getByRole('link', { name: 'Mijn profiel' }).click();
  await page.getByRole('heading', { level: 1, name: 'Mijn profiel' }).waitFor();
  // Dates are Dutch, in Amsterdam time.
  const since = await page.locator('dt:has-text("Lid sinds") + dd').textContent();
  assert.match(since, /^\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) \d{4}$/);
  await page.getByLabel('Naam').fill('');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.locator('#displayName-error').waitFor();
  assert.equal(await focusedId(page), 'displayName');
  await page.getByLabel('Naam').fill('Fatima B.');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByText('Je gegevens zijn opgeslagen.').waitFor();
  await page.getByText('Ingelogd als Fatima B.').waitFor();
  // Sessions read as "Chrome op Linux (Dit apparaat), laatst actief …", not as the raw browser string.
  assert.equal(await page.getByRole('heading', { name: /^Chrome op Linux \(Dit apparaat\), laatst actief \d/ }).count(), 1);
  assert.doesNotMatch(await page.locator('#sessions-heading + *').locator('xpath=..').innerText(), /Mozilla/);

  // A sign-in elsewhere shows up in the list and can be ended from here.
  const elsewhere = await app.context();
  await signInAs(app, elsewhere, RESIDENT.email, RESIDENT.password);
  await page.reload();
  await page.getByRole('button', { name: 'Uitloggen op dit apparaat' }).click();
  await page.getByText('Dat apparaat is uitgelogd.').waitFor();
  // The list is fetched again after the message; wait for it to settle.
  await page.getByRole('button', { name: 'Uitloggen op dit apparaat' }).waitFor({ state: 'detached' });
  assert.equal(await page.getByRole('button', { name: 'Uitloggen op dit apparaat' }).count(), 0);
  const me = await elsewhere.request.post(`${app.baseURL}/graphql`, {
    data: { query: '{ me { id } }' },
    headers: { 'Content-Type': 'application/json' },
  });
  assert.equal((await me.json()).data.me, null, 'the other session has ended');
  await elsewhere.close();
  await screenshot(page, 'profile-nl');

  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { level: 1, name: 'My profile' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'My profile' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  // Signed in, the choice is the account's language too.
  await page.getByLabel('Language').and(page.locator('select')).waitFor();
  await page.waitForFunction(() => document.querySelector('#locale')?.value === 'en');
  await screenshot(page, 'profile-en');
  await context.close();
});

test('an admin creates a district and a neighbourhood and moves it', async () => {
  const context = await app.context();
  const page = await context.newPage();
  await page.goto('/inloggen');
  await page.getByLabel('E-mailadres').fill(ADMIN.email);
  await page.getByLabel('Wachtwoord').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByRole('link', { name: 'Gebieden beheren' }).click();
  await page.getByRole('heading', { level: 1, name: 'Gebieden beheren' }).waitFor();

  // Options show the tree by indentation; pick them by the name they contain.
  const option = async (select, name) =>
    select.locator('option').filter({ hasText: name }).first().getAttribute('value');
  const create = page.locator('form', { has: page.getByRole('heading', { name: 'Nieuw gebied' }) });
  const createArea = async (name, kind, parent) => {
    await create.getByLabel('Naam', { exact: true }).fill(name);
    await create.getByLabel('Soort gebied').selectOption({ label: kind });
    if (parent) {
      const select = create.getByLabel('Ligt in');
      await select.selectOption(await option(select, parent));
    }
    await create.getByRole('button', { name: 'Gebied aanmaken' }).click();
    await page.getByText(`Gebied ${name} is aangemaakt.`).waitFor();
  };
  await createArea('Gemeente Teststad', 'gemeente');
  await createArea('Noord', 'wijk', 'Gemeente Teststad');
  await createArea('Vogelbuurt', 'buurt', 'Gemeente Teststad');

  // A slug that is taken is an error next to the slug field.
  await create.getByLabel('Naam', { exact: true }).fill('Noord bis');
  await create.getByLabel(/Korte naam/).fill('noord');
  await create.getByRole('button', { name: 'Gebied aanmaken' }).click();
  await page.locator('#create-slug-error', { hasText: 'Een ander gebied heeft al deze korte naam' }).waitFor();
  assert.equal(await focusedId(page), 'create-slug');
  await screenshot(page, 'admin-areas-slug-error-nl');

  // Moving an area beneath itself is refused next to the parent field.
  const move = page.locator('form', { has: page.getByRole('heading', { name: 'Gebied verplaatsen' }) });
  const moveArea = move.getByLabel('Gebied', { exact: true });
  const moveParent = move.getByLabel('Nieuw bovenliggend gebied');
  await moveArea.selectOption(await option(moveArea, 'Gemeente Teststad'));
  await moveParent.selectOption(await option(moveParent, 'Vogelbuurt'));
  await move.getByRole('button', { name: 'Verplaatsen' }).click();
  await page.locator('#move-parent-error').waitFor();
  assert.equal(await focusedId(page), 'move-parent');

  await moveArea.selectOption(await option(moveArea, 'Vogelbuurt'));
  await moveParent.selectOption(await option(moveParent, 'Noord'));
  await move.getByRole('button', { name: 'Verplaatsen' }).click();
  await page.getByText('Vogelbuurt ligt nu onder Noord.').waitFor();

  const rename = page.locator('form', { has: page.getByRole('heading', { name: 'Gebied hernoemen' }) });
  const renameArea = rename.getByLabel('Gebied', { exact: true });
  await renameArea.selectOption(await option(renameArea, 'Noord'));
  await rename.getByLabel('Nieuwe naam').fill('Noord-West');
  await rename.getByRole('button', { name: 'Naam wijzigen' }).click();
  await page.getByText('Het gebied heet nu Noord-West.').waitFor();
  await screenshot(page, 'admin-areas-nl');

  // The tree on the home page follows: Vogelbuurt lies in Noord-West.
  await page.getByRole('link', { name: 'Mijn buurt' }).click();
  // The admin page has two fields of that name: wait until it has gone.
  await page.getByRole('button', { name: 'Toon dit gebied' }).waitFor();
  const picker = page.getByLabel('Gebied', { exact: true });
  await picker.selectOption(await option(picker, 'Vogelbuurt'));
  await page.getByRole('button', { name: 'Toon dit gebied' }).click();
  await page.getByRole('heading', { level: 1, name: 'Vogelbuurt' }).waitFor();
  const crumbs = await page.getByRole('navigation', { name: 'Ligt in' }).getByRole('link').allTextContents();
  assert.deepEqual(crumbs, ['Gemeente Teststad', 'Noord-West']);
  // The area's feed (empty yet) covers it and everything beneath it.
  await page.getByText('0 ideeën in Vogelbuurt en daaronder.').waitFor();
  await page.getByText('Hier is nog niets. Begin met een idee!').waitFor();
  // The choice is remembered.
  await page.goto('/');
  await page.getByRole('heading', { level: 1, name: 'Vogelbuurt' }).waitFor();
  await screenshot(page, 'home-area-nl');
  await context.close();
});

test('a resident does not see area management and is refused there', async () => {
  const context = await app.context();
  await signInAs(app, context, RESIDENT.email, RESIDENT.password);
  const page = await context.newPage();
  await page.goto('/');
  await page.getByRole('link', { name: 'Mijn profiel' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Gebieden beheren' }).count(), 0);
  await page.goto('/beheer/gebieden');
  await page.getByText('Alleen beheerders kunnen gebieden beheren.').waitFor();
  await context.close();
});

test('a home area chosen in the profile is where the home page starts', async () => {
  const context = await app.context();
  await signInAs(app, context, RESIDENT.email, RESIDENT.password);
  const page = await context.newPage();
  await page.goto('/profiel');
  const select = page.getByLabel('Mijn buurt', { exact: true });
  await select.locator('option', { hasText: 'Vogelbuurt' }).waitFor({ state: 'attached' });
  const value = await select.locator('option', { hasText: 'Vogelbuurt' }).getAttribute('value');
  await select.selectOption(value);
  // The account says English (chosen earlier); choose Dutch here again.
  await page.getByLabel('Taal').selectOption('nl');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByText('Je gegevens zijn opgeslagen.').waitFor();
  await page.getByRole('link', { name: 'Mijn buurt' }).click();
  await page.getByRole('heading', { level: 1, name: 'Vogelbuurt' }).waitFor();
  await context.close();
});
