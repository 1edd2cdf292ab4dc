// Follows and notifications in the browser: a resident follows an idea,
// another resident comments, the notification appears with the unread count
// in the header and is marked read; the notifications page and the mail
// preferences pass axe-core in Dutch and English.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, axeViolations, createAreas, registerResident, screenshot, signInAs, start } from './harness.mjs';

let app;
let admin;
let areas;
const FATIMA = { displayName: 'Fatima', email: 'fatima@plein.test', password: 'een-lang-wachtwoord' };
const PIET = { displayName: 'Piet', email: 'piet@plein.test', password: 'piet-zijn-wachtwoord' };
const KEES = { displayName: 'Kees', email: 'kees@plein.test', password: 'kees-zijn-wachtwoord' };

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
const COMMENT = `mutation($input: PostCommentInput!) { postComment(input: $input) { comment { id } } }`;

test('follow an idea, someone comments, the notification appears and is marked read', async () => {
  const fatima = await app.context();
  await registerResident(app, fatima, FATIMA);
  const created = await app.graphql(fatima, IDEA, {
    input: { title: 'Bankje bij de speeltuin', body: 'Om even te zitten.', areaId: areas.neighbourhood },
  });
  const ideaId = created.createIdea.idea.id;
  await app.graphql(fatima, PUBLISH, { input: { id: ideaId } });

  // Piet follows the idea from its page.
  const piet = await app.context();
  await registerResident(app, piet, PIET);
  const page = await piet.newPage();
  await page.goto(`/ideeen/${ideaId}`);
  await page.getByRole('button', { name: 'Volgen' }).click();
  await page.getByText('Je volgt dit nu.').waitFor();
  await page.locator('.plein-chosen', { hasText: 'Je volgt dit ✓' }).waitFor();
  await page.reload();
  await page.getByRole('button', { name: 'Niet meer volgen' }).waitFor();

  // Kees comments; the worker fans it out to Piet.
  const kees = await app.context();
  await registerResident(app, kees, KEES);
  await app.graphql(kees, COMMENT, { input: { subjectKind: 'IDEA', subjectId: ideaId, body: 'Goed idee, met een prullenbak erbij.' } });

  const nav = page.getByRole('navigation', { name: 'Hoofdmenu' });
  const link = nav.getByRole('link', { name: /Berichten/ });
  // The count shows once the notification is there (the header asks on every page).
  for (let i = 0; i < 40; i += 1) {
    await page.goto('/meldingen');
    await page.getByRole('heading', { level: 1, name: 'Berichten' }).waitFor();
    if ((await page.locator('.plein-notification').count()) > 0) break;
    await page.waitForTimeout(250);
  }
  await link.filter({ hasText: '1' }).waitFor();
  const item = page.locator('.plein-notification').first();
  await item.getByText('Kees reageerde op').waitFor();
  await item.getByRole('link', { name: 'Bankje bij de speeltuin' }).waitFor();
  await item.getByText('Goed idee, met een prullenbak erbij.', { exact: false }).waitFor();
  await page.getByText('Ongelezen: 1').waitFor();
  await screenshot(page, 'notifications-unread');

  await item.getByRole('button', { name: 'Markeer als gelezen' }).click();
  await page.getByText('Gemarkeerd als gelezen.').waitFor();
  await page.getByText('Ongelezen: 0').waitFor();
  assert.equal(await item.getByRole('button', { name: 'Markeer als gelezen' }).count(), 0);
  await page.waitForFunction(() => !document.querySelector('.plein-count'));

  // The notification's link leads to the idea.
  await item.getByRole('link', { name: 'Bankje bij de speeltuin' }).click();
  await page.getByRole('heading', { level: 1, name: 'Bankje bij de speeltuin' }).waitFor();

  // Preferences on the profile page are saved as they change.
  await page.goto('/profiel#meldingen');
  const select = page.getByLabel('Nieuwe reacties bij wat je volgt');
  await select.waitFor();
  assert.equal(await select.inputValue(), 'DAILY');
  await select.selectOption('NEVER');
  await page.getByText('Je voorkeur is opgeslagen.').waitFor();
  await page.reload();
  assert.equal(await page.getByLabel('Nieuwe reacties bij wat je volgt').inputValue(), 'NEVER');

  await Promise.all([fatima.close(), piet.close(), kees.close()]);
});

for (const locale of ['nl', 'en']) {
  test(`axe finds no WCAG 2.1 A/AA violations on the notifications page and preferences (${locale})`, async () => {
    const context = await app.context({ locale });
    const user = { displayName: `Lezer ${locale}`, email: `lezer-${locale}@plein.test`, password: 'lezer-wachtwoord-123' };
    await registerResident(app, context, user);
    const other = await app.context();
    await registerResident(app, other, { ...user, email: `schrijver-${locale}@plein.test`, displayName: 'Schrijver' });
    const created = await app.graphql(context, IDEA, {
      input: { title: `Boom (${locale})`, body: 'Meer groen.', areaId: areas.neighbourhood },
    });
    const ideaId = created.createIdea.idea.id;
    await app.graphql(context, PUBLISH, { input: { id: ideaId } });
    await app.graphql(other, COMMENT, { input: { subjectKind: 'IDEA', subjectId: ideaId, body: 'Ja!' } });

    const page = await context.newPage();
    const heading = locale === 'en' ? 'Notifications' : 'Berichten';
    for (let i = 0; i < 40; i += 1) {
      await page.goto('/meldingen');
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      if ((await page.locator('.plein-notification').count()) > 0) break;
      await page.waitForTimeout(250);
    }
    assert.equal(await page.locator('.plein-notification').count(), 1);
    // Wait for the session and data to settle before judging the page.
    await page.waitForLoadState('networkidle');
    assert.deepEqual(await axeViolations(page), []);
    await screenshot(page, `notifications-${locale}`);

    await page.goto(`/ideeen/${ideaId}`);
    await page.getByRole('button', { name: locale === 'en' ? 'Stop following' : 'Niet meer volgen' }).waitFor();
    // Wait for the session and data to settle before judging the page.
    await page.waitForLoadState('networkidle');
    assert.deepEqual(await axeViolations(page), []);

    await page.goto('/profiel');
    await page.getByRole('heading', { level: 2, name: locale === 'en' ? 'Notifications by email' : 'Berichten per e-mail' }).waitFor();
    await page.locator('#pref-COMMENT').waitFor();
    // Wait for the session and data to settle before judging the page.
    await page.waitForLoadState('networkidle');
    assert.deepEqual(await axeViolations(page), []);

    // Nothing scrolls sideways at 320 px.
    await page.setViewportSize({ width: 320, height: 800 });
    await page.goto('/meldingen');
    await page.locator('.plein-notification').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
    await Promise.all([context.close(), other.close()]);
  });
}
