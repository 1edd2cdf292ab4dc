// Your own data in the browser: a resident downloads their data from the
// profile page (the link works once), then deletes their account after a
// wrong and a right password, lands signed out on the home page and cannot
// sign in again. The section passes axe-core in Dutch and English.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ADMIN, axeViolations, createAreas, registerResident, screenshot, signInAs, start } from './harness.mjs';

let app;
let admin;
let areas;

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

const IDEA = `mutation($input: CreateIdeaInput!) { createIdea(input: $input) { idea { id } } }`;
const PUBLISH = `mutation($input: PublishIdeaInput!) { publishIdea(input: $input) { idea { id } } }`;

test('download your data once, then delete your account', async () => {
  const user = { displayName: 'Fatima', email: 'fatima@plein.test', password: 'een-lang-wachtwoord' };
  const context = await app.context();
  await registerResident(app, context, user);
  const created = await app.graphql(context, IDEA, {
    input: { title: 'Bloembakken op de brug', body: 'Kleur in de straat.', areaId: areas.neighbourhood },
  });
  const ideaId = created.createIdea.idea.id;
  await app.graphql(context, PUBLISH, { input: { id: ideaId } });

  const page = await context.newPage();
  await page.goto('/profiel');
  await page.getByRole('heading', { level: 2, name: 'Jouw gegevens' }).waitFor();
  await page.getByRole('button', { name: 'Download mijn gegevens' }).click();
  const link = page.getByRole('link', { name: 'Je gegevens downloaden' });
  await link.waitFor();
  const href = await link.getAttribute('href');
  assert.match(href, /^\/my-data\/download\?token=/);
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.match(download.suggestedFilename(), /^plein-my-data-\d{4}-\d{2}-\d{2}\.json$/);
  const archive = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(archive.profile.email, user.email);
  assert.deepEqual(
    archive.ideas.map((i) => i.id),
    [ideaId],
  );
  // The link works once.
  const again = await context.request.get(href);
  assert.equal(again.status(), 400);
  assert.match(await again.text(), /Deze link is al gebruikt/);

  // Deleting asks for confirmation and the password.
  await page.getByRole('button', { name: 'Verwijder mijn account' }).click();
  await page.getByText('Let op: dit kun je niet ongedaan maken.').waitFor();
  const password = page.getByLabel('Je wachtwoord, ter bevestiging');
  await password.fill('niet-mijn-wachtwoord');
  await page.getByRole('button', { name: 'Account definitief verwijderen' }).click();
  await page.getByText('Dit wachtwoord klopt niet.').waitFor();
  assert.equal(await password.getAttribute('aria-invalid'), 'true');
  assert.match(await password.getAttribute('aria-describedby'), /deletePassword-error/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'deletePassword');
  await page.waitForLoadState('networkidle');
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, 'my-data-delete-nl');

  await password.fill(user.password);
  await page.getByRole('button', { name: 'Account definitief verwijderen' }).click();
  await page.getByText('Je account is verwijderd.', { exact: false }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/');
  await page.getByRole('link', { name: 'Inloggen' }).first().waitFor();

  // The idea stays, under the anonymous name; the account never signs in again.
  await page.goto(`/ideeen/${ideaId}`);
  await page.getByText('Verwijderd account').first().waitFor();
  await assert.rejects(() => signInAs(app, context, user.email, user.password), /UNAUTHENTICATED/);
  await context.close();
});

for (const locale of ['nl', 'en']) {
  test(`axe finds no WCAG 2.1 A/AA violations in "your data" (${locale})`, async () => {
    const context = await app.context({ locale });
    await registerResident(app, context, {
      displayName: `Bewoner ${locale}`,
      email: `gegevens-${locale}@plein.test`,
      password: 'gegevens-wachtwoord-123',
    });
    const page = await context.newPage();
    await page.goto('/profiel');
    await page.getByRole('heading', { level: 2, name: locale === 'en' ? 'Your data' : 'Jouw gegevens' }).waitFor();
    await page.getByRole('button', { name: locale === 'en' ? 'Download my data' : 'Download mijn gegevens' }).click();
    await page
      .getByRole('link', { name: locale === 'en' ? 'Download your data' : 'Je gegevens downloaden' })
      .waitFor();
    await page.getByRole('button', { name: locale === 'en' ? 'Delete my account' : 'Verwijder mijn account' }).click();
    await page.getByLabel(locale === 'en' ? 'Your password, to confirm' : 'Je wachtwoord, ter bevestiging').waitFor();
    await page.waitForLoadState('networkidle');
    assert.deepEqual(await axeViolations(page), []);
    await screenshot(page, `my-data-${locale}`);
    await context.close();
  });
}
