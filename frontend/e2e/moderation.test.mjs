// Moderation in the browser: a resident reports a comment, a moderator hides
// it from the queue with a reason and shows it again, the thread shows the
// placeholder meanwhile, and an admin reads both actions in the audit log.
// Also: a person is reported and blocked, a report is dismissed, residents
// and moderators see "no access" where they may not go, the report form works
// with the keyboard alone, and axe-core finds nothing in Dutch and English.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, axeViolations, createAreas, focused, registerResident, screenshot, signInAs, start, tabTo } from './harness.mjs';

let app;
let admin;
const ids = {};
const MIRA = { displayName: 'Mira', email: 'mira@plein.test', password: 'mira-haar-wachtwoord' };
const KEES = { displayName: 'Kees', email: 'kees@plein.test', password: 'kees-zijn-wachtwoord' };
const MOD = { displayName: 'Moderator Mo', email: 'mo@plein.test', password: 'mo-zijn-wachtwoord-1' };
const RUDE = 'Wat een waardeloos idee, jullie zijn allemaal sukkels.';

const POST = 'mutation($input: PostCommentInput!) { postComment(input: $input) { comment { id } } }';
const REPORT = 'mutation($input: ReportInput!) { report(input: $input) { report { id } } }';

before(async () => {
  app = await start();
  admin = await app.context();
  await signInAs(app, admin, ADMIN.email, ADMIN.password);
  const areas = await createAreas(app, admin);

  const mira = await app.context();
  ids.mira = await registerResident(app, mira, MIRA);
  const idea = await app.graphql(
    mira,
    'mutation($input: CreateIdeaInput!) { createIdea(input: $input) { idea { id } } }',
    { input: { title: 'Een moestuin bij de school', body: 'Samen groente kweken.', areaId: areas.neighbourhood } },
  );
  ids.idea = idea.createIdea.idea.id;
  await app.graphql(mira, 'mutation($id: ID!) { publishIdea(input: { id: $id }) { idea { id } } }', { id: ids.idea });
  await app.graphql(mira, POST, { input: { subjectKind: 'IDEA', subjectId: ids.idea, body: 'Wie helpt met water geven?' } });

  const kees = await app.context();
  ids.kees = await registerResident(app, kees, KEES);
  const rude = await app.graphql(kees, POST, { input: { subjectKind: 'IDEA', subjectId: ids.idea, body: RUDE } });
  ids.rude = rude.postComment.comment.id;

  // A moderator, made the way an admin gives any role: setUserRole.
  const mod = await app.context();
  ids.mod = await registerResident(app, mod, MOD);
  await app.graphql(
    admin,
    'mutation($input: SetUserRoleInput!) { setUserRole(input: $input) { user { id role } } }',
    { input: { userId: ids.mod, role: 'MODERATOR' } },
  );
  await Promise.all([mira.close(), kees.close(), mod.close()]);
});
after(async () => {
  await admin?.close();
  await app?.stop();
});

async function signedInPage(who, locale) {
  const context = await app.context(locale ? { locale } : {});
  await signInAs(app, context, who.email, who.password);
  const page = await context.newPage();
  return { context, page };
}

test('a resident reports a comment; a moderator hides it and shows it again; the admin reads the log', async () => {
  // Mira reports Kees's comment from the thread.
  const { context: miraContext, page } = await signedInPage(MIRA);
  await page.goto(`/ideeen/${ids.idea}`);
  const comment = page.locator('.plein-comment', { hasText: RUDE });
  const report = comment.getByRole('button', { name: 'Ongepast? Meld het', exact: true });
  await report.click();
  assert.equal(await report.getAttribute('aria-expanded'), 'true');
  const form = comment.getByRole('form', { name: 'Deze reactie melden bij de moderatoren' });
  await form.waitFor();
  assert.match(await focused(page), /^textarea#report-comment-/, 'focus moves to the reason');

  // Too short: the error sits next to the field, which has focus.
  await form.getByLabel('Waarom meld je dit?').fill('x');
  await form.getByRole('button', { name: 'Versturen naar de moderatoren' }).click();
  await form.getByText('Schrijf in 3 tot 1000 tekens waarom je dit meldt.').waitFor();
  assert.equal(await form.getByLabel('Waarom meld je dit?').getAttribute('aria-invalid'), 'true');
  assert.match(await focused(page), /^textarea#report-comment-/);

  await form.getByLabel('Waarom meld je dit?').fill('Scheldwoorden naar de buurt.');
  await form.getByRole('button', { name: 'Versturen naar de moderatoren' }).click();
  await page.locator('.plein-status').getByText('Dank je. De moderatoren kijken ernaar.').waitFor();
  await form.waitFor({ state: 'detached' });
  assert.equal(await report.getAttribute('aria-expanded'), 'false');
  assert.match(await focused(page), /^button#: Ongepast\? Meld het$/, 'focus returns to the button');

  // A second report of the same comment: "already reported", next to the field.
  await report.click();
  await form.getByLabel('Waarom meld je dit?').fill('Nog een keer gemeld.');
  await form.getByRole('button', { name: 'Versturen naar de moderatoren' }).click();
  await form.getByText('Je hebt dit al gemeld.').waitFor();
  await form.getByRole('button', { name: 'Annuleren' }).click();
  await form.waitFor({ state: 'detached' });

  // The moderator finds the queue in the menu (no audit log there) and hides the comment.
  const { context: modContext, page: modPage } = await signedInPage(MOD);
  await modPage.goto('/');
  const nav = modPage.getByRole('navigation', { name: 'Hoofdmenu' });
  await nav.getByRole('link', { name: 'Moderatie' }).click();
  await modPage.getByRole('heading', { level: 1, name: 'Signalen van ongepast gedrag' }).waitFor();
  assert.equal(await nav.getByRole('link', { name: 'Logboek' }).count(), 0);
  const item = modPage.locator('.plein-report-item', { hasText: RUDE });
  await item.waitFor();
  const text = await item.innerText();
  assert.match(text, /Reactie:/);
  assert.match(text, /Scheldwoorden naar de buurt\./);
  assert.match(text, /Mira/);
  await screenshot(modPage, 'moderation-queue');

  // Hiding needs a reason.
  await item.getByRole('button', { name: 'Verbergen' }).click();
  await item.getByText('Schrijf een toelichting van 3 tot 1000 tekens.').waitFor();
  await item.getByLabel('Toelichting voor het logboek').fill('Beledigend voor de buren.');
  await item.getByRole('button', { name: 'Verbergen' }).click();
  await modPage.locator('.plein-status').getByText(`Verborgen: ${RUDE}`).waitFor();
  await modPage.getByText('Er zijn geen open signalen.').waitFor();

  // Mira now sees the placeholder, without the text or the author.
  await page.reload();
  await page.getByText('Deze reactie is verborgen door de moderatoren.').waitFor();
  assert.equal(await page.getByText(RUDE).count(), 0);

  // The moderator shows it again from the handled reports.
  await modPage.getByLabel('Ook afgehandelde signalen tonen').check();
  const closed = modPage.locator('.plein-report-item', { hasText: RUDE });
  await closed.waitFor();
  assert.match(await closed.innerText(), /Afgehandeld\s*Verborgen/);
  await closed.getByLabel('Toelichting voor het logboek').fill('Na overleg toch toegestaan.');
  await closed.getByRole('button', { name: 'Weer tonen' }).click();
  await modPage.locator('.plein-status').getByText(`Weer zichtbaar: ${RUDE}`).waitFor();

  await page.reload();
  await page.getByText(RUDE).waitFor();
  assert.equal(await page.getByText('Deze reactie is verborgen door de moderatoren.').count(), 0);

  // The admin sees both menu links and reads both actions in the log.
  const adminPage = await admin.newPage();
  await adminPage.goto('/');
  const adminNav = adminPage.getByRole('navigation', { name: 'Hoofdmenu' });
  await adminNav.getByRole('link', { name: 'Moderatie' }).waitFor();
  await adminNav.getByRole('link', { name: 'Logboek' }).click();
  await adminPage.getByRole('heading', { level: 1, name: 'Logboek' }).waitFor();
  const hidden = adminPage.locator('.plein-audit-entry', { hasText: 'Beledigend voor de buren.' });
  await hidden.waitFor();
  assert.match(await hidden.innerText(), /Verborgen/);
  assert.match(await hidden.innerText(), /Moderator Mo/);
  const shown = adminPage.locator('.plein-audit-entry', { hasText: 'Na overleg toch toegestaan.' });
  assert.match(await shown.innerText(), /Weer getoond/);
  await screenshot(adminPage, 'moderation-log');
  await Promise.all([miraContext.close(), modContext.close(), adminPage.close()]);
});

test('a reported person is blocked, and a report is dismissed', async () => {
  const mira = await app.context();
  await signInAs(app, mira, MIRA.email, MIRA.password);
  await app.graphql(mira, REPORT, { input: { subjectKind: 'USER', subjectId: ids.kees, reason: 'Scheldt iedereen uit.' } });
  await app.graphql(mira, REPORT, { input: { subjectKind: 'IDEA', subjectId: ids.idea, reason: 'Dit is een test.' } });
  await mira.close();

  const { context, page } = await signedInPage(MOD);
  await page.goto('/beheer/meldingen');
  const person = page.locator('.plein-report-item', { hasText: 'Scheldt iedereen uit.' });
  await person.waitFor();
  assert.match(await person.innerText(), /Persoon:\s*Kees/);
  assert.equal(await person.getByRole('button', { name: 'Verbergen' }).count(), 0);
  await person.getByLabel('Toelichting voor het logboek').fill('Herhaaldelijk beledigend.');
  await person.getByRole('button', { name: 'Blokkeren' }).click();
  await page.locator('.plein-status').getByText('Geblokkeerd: Kees').waitFor();

  // Dismissing goes without a reason; the idea stays visible.
  const idea = page.locator('.plein-report-item', { hasText: 'Dit is een test.' });
  assert.equal(await idea.getByRole('link', { name: 'Een moestuin bij de school' }).getAttribute('href'), `/ideeen/${ids.idea}`);
  await idea.getByRole('button', { name: 'Afwijzen' }).click();
  await page.locator('.plein-status').getByText('Signaal afgewezen: Een moestuin bij de school').waitFor();
  await page.getByText('Er zijn geen open signalen.').waitFor();

  // Kees can no longer sign in.
  const kees = await app.context();
  await assert.rejects(signInAs(app, kees, KEES.email, KEES.password));
  await Promise.all([kees.close(), context.close()]);
});

test('residents get no access to the queue, moderators none to the log', async () => {
  const { context, page } = await signedInPage(MIRA);
  await page.goto('/beheer/meldingen');
  await page.getByText('Alleen moderatoren en beheerders kunnen signalen van ongepast gedrag behandelen.').waitFor();
  const nav = page.getByRole('navigation', { name: 'Hoofdmenu' });
  assert.equal(await nav.getByRole('link', { name: 'Moderatie' }).count(), 0);
  await page.goto('/beheer/logboek');
  await page.getByText('Alleen beheerders kunnen het logboek lezen.').waitFor();
  await context.close();

  const { context: modContext, page: modPage } = await signedInPage(MOD);
  await modPage.goto('/beheer/logboek');
  await modPage.getByText('Alleen beheerders kunnen het logboek lezen.').waitFor();
  await modContext.close();
});

test('the report form with the keyboard alone', async () => {
  const { context, page } = await signedInPage(MOD);
  await page.goto(`/ideeen/${ids.idea}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.waitForLoadState('networkidle');
  // The idea's own "Ongepast? Meld het" (the first button with exactly that name).
  await tabTo(page, (f) => f === 'button#: Ongepast? Meld het', 80);
  await page.keyboard.press('Enter');
  assert.match(await focused(page), /^textarea#report-idea-/);
  // Escape closes the form and focus returns to the button.
  await page.keyboard.press('Escape');
  assert.equal(await focused(page), 'button#: Ongepast? Meld het');
  assert.equal(await page.locator('form[id^="report-idea-"]').count(), 0);

  await page.keyboard.press('Enter');
  assert.match(await focused(page), /^textarea#report-idea-/);
  await page.keyboard.type('Reclame voor een bedrijf.');
  await tabTo(page, (f) => f === 'button#: Versturen naar de moderatoren');
  await page.keyboard.press('Enter');
  await page.locator('.plein-status').getByText('Dank je. De moderatoren kijken ernaar.').waitFor();
  assert.equal(await focused(page), 'button#: Ongepast? Meld het');
  await context.close();
});

for (const locale of ['nl', 'en']) {
  test(`axe finds nothing on the queue, the log and an open report form (${locale})`, async () => {
    const failures = [];
    const check = async (name, page) => {
      assert.equal(await page.getAttribute('html', 'lang'), locale, `${name}: html lang`);
      const violations = await axeViolations(page);
      if (violations.length > 0) failures.push(`${name}:\n  ${violations.join('\n  ')}`);
      await screenshot(page, `moderation-${name}-${locale}`);
    };
    const mira = await app.context();
    await signInAs(app, mira, MIRA.email, MIRA.password);
    await app.graphql(mira, REPORT, {
      input: { subjectKind: 'IDEA', subjectId: ids.idea, reason: `Controle voor de toegankelijkheid (${locale}).` },
    }).catch(() => undefined);
    await mira.close();

    const { context, page } = await signedInPage(ADMIN, locale);
    await page.goto('/beheer/meldingen');
    await page.locator('.plein-report-item').first().waitFor();
    await page.waitForLoadState('networkidle');
    await check('queue', page);
    await page.locator('#show-closed').check();
    await page.locator('.plein-report-item dd', { hasText: locale === 'en' ? 'Dismissed' : 'Afgewezen' }).first().waitFor();
    await check('queue-all', page);
    // An error next to the explanation.
    await page.locator('.plein-report-item').first().locator('button').first().click();
    await page.locator('.plein-report-item [aria-invalid="true"]').first().waitFor();
    await check('queue-error', page);

    await page.goto('/beheer/logboek');
    await page.locator('.plein-audit-entry').first().waitFor();
    await page.waitForLoadState('networkidle');
    await check('log', page);
    await context.close();

    const { context: modContext, page: modPage } = await signedInPage(MOD, locale);
    await modPage.goto(`/ideeen/${ids.idea}`);
    await modPage.locator('.plein-thread').waitFor();
    await modPage.waitForLoadState('networkidle');
    await modPage.locator('main').getByRole('button', { name: locale === 'en' ? 'Inappropriate? Report it' : 'Ongepast? Meld het', exact: true }).last().click();
    const form = modPage.locator('main form[id^="report-comment-"]');
    await form.waitFor();
    await check('report-form', modPage);
    await form.locator('button[type=submit]').click();
    await form.locator('[aria-invalid="true"]').waitFor();
    await check('report-form-error', modPage);
    await modContext.close();

    const { context: resContext, page: resPage } = await signedInPage(MIRA, locale);
    await resPage.goto('/beheer/meldingen');
    await resPage.locator('main .utrecht-alert').waitFor();
    await check('queue-forbidden', resPage);
    await resContext.close();
    assert.deepEqual(failures, []);
  });
}
