// The web app as a resident and a civil servant see it: chosen states in
// words, plain names, quiet report buttons; each page checked with axe and
// photographed at 375 and 1280 px, in Dutch and in English.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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
const ids = {};
const MIRA = { email: 'mira@plein.test', password: 'mira-haar-wachtwoord', displayName: 'Mira' };
const PIET = { email: 'piet@plein.test', password: 'piet-zijn-wachtwoord', displayName: 'Piet' };
const PRO = { email: 'pro@gemeente.test', password: 'pro-zijn-wachtwoord', displayName: 'Sanne' };

before(async () => {
  app = await start();
  admin = await app.context();
  await signInAs(app, admin, ADMIN.email, ADMIN.password);
  ids.areas = await createAreas(app, admin);
  const mira = await app.context();
  await registerResident(app, mira, MIRA);
  const idea = await app.graphql(
    mira,
    'mutation($input: CreateIdeaInput!) { createIdea(input: $input) { idea { id } } }',
    { input: { title: 'Meer groen op het Havenplein', body: 'Bomen en struiken.', tags: ['groen'], areaId: ids.areas.neighbourhood } },
  );
  ids.idea = idea.createIdea.idea.id;
  await app.graphql(mira, 'mutation($id: ID!) { publishIdea(input: { id: $id }) { idea { id } } }', { id: ids.idea });
  await mira.close();
  const piet = await app.context();
  await registerResident(app, piet, PIET);
  await piet.close();
  const pro = await app.context();
  const proId = await registerResident(app, pro, PRO);
  await makeProfessional(app, admin, proId, 'Gemeente Amstelveld');
  const now = Date.now();
  const plan = await app.graphql(
    pro,
    'mutation($input: CreatePlanInput!) { createPlan(input: $input) { plan { id } } }',
    {
      input: {
        title: 'Herinrichting Havenplein',
        description: 'We maken het plein groener.',
        areaId: ids.areas.district,
        feedbackOpensAt: new Date(now - 60_000).toISOString(),
        feedbackClosesAt: new Date(now + 3 * 24 * 3600_000).toISOString(),
        questions: ['Wat vind je van meer bomen?', 'Waar wil je zitten?'],
      },
    },
  );
  ids.plan = plan.createPlan.plan.id;
  await app.graphql(pro, 'mutation($input: SetPlanStatusInput!) { setPlanStatus(input: $input) { plan { id } } }', {
    input: { id: ids.plan, status: 'CONSULTING' },
  });
  await pro.close();
});
after(async () => {
  await admin?.close();
  await app?.stop();
});

async function signedIn(who, { locale, width } = {}) {
  const context = await app.context({ locale, width });
  await signInAs(app, context, who.email, who.password);
  const page = await context.newPage();
  return { context, page };
}

/** axe finds nothing, and a full-page picture at this width and language. */
async function check(page, name, locale, width) {
  await page.waitForLoadState('networkidle');
  assert.deepEqual(await axeViolations(page), [], `${name} ${locale} ${width}`);
  await screenshot(page, `square-${name}-${locale}-${width}`);
}

for (const locale of ['nl', 'en']) {
  test(`support shows in words on the idea page and the card; reporting is quiet (${locale})`, async () => {
    const en = locale === 'en';
    for (const width of [375, 1280]) {
      const { context, page } = await signedIn(PIET, { locale, width });
      await page.goto(`/ideeen/${ids.idea}`);
      await page.getByRole('heading', { level: 1, name: 'Meer groen op het Havenplein' }).waitFor();
      const supported = (await page.getByRole('button', { name: en ? 'Withdraw support' : 'Steun intrekken' }).count()) > 0;
      if (!supported) await page.getByRole('button', { name: en ? 'I support this idea' : 'Ik steun dit idee' }).click();
      await page.locator('.plein-chosen', { hasText: en ? 'You support this idea ✓' : 'Je steunt dit idee ✓' }).waitFor();
      // The report button is smaller than the support button.
      const report = page.getByRole('button', { name: en ? 'Inappropriate? Report it' : 'Ongepast? Meld het', exact: true }).first();
      const undo = page.getByRole('button', { name: en ? 'Withdraw support' : 'Steun intrekken' });
      const [r, u] = [await report.boundingBox(), await undo.boundingBox()];
      assert.ok(r.height * r.width < u.height * u.width, 'the report button is quieter than the support button');
      await check(page, 'idea', locale, width);

      await page.goto('/gebied/gemeente-amstelveld');
      const card = page.locator('.plein-card', { hasText: 'Meer groen op het Havenplein' });
      await card.locator('.plein-chosen', { hasText: en ? 'You support this ✓' : 'Je steunt dit ✓' }).waitFor();
      await check(page, 'feed', locale, width);
      await context.close();
    }
  });
}

for (const locale of ['nl', 'en']) {
  test(`forms: no red before typing, a formatting help instead of jargon, a developers' link in the footer (${locale})`, async () => {
    const en = locale === 'en';
    for (const width of [375, 1280]) {
      const { context, page } = await signedIn(MIRA, { locale, width });
      await page.goto('/ideeen/nieuw');
      const body = page.locator('textarea#body');
      await body.waitFor();
      // Measured without focus (a focused box has a border of its own).
      const border = () => body.evaluate((el) => {
        el.blur();
        return getComputedStyle(el).borderColor;
      });
      const untouched = await border();
      await body.fill('Iets');
      assert.equal(await border(), untouched, 'an empty required field looks like a filled one');
      await body.fill('');
      assert.equal(await border(), untouched);
      await page.getByText(en ? 'Formatting text' : 'Tekst opmaken').first().click();
      await page.getByText(en ? '**bold**' : '**vet**').waitFor();
      const main = await page.locator('main').innerText();
      assert.doesNotMatch(main, /Markdown|JSON|\(tags?\)|\.ics/);
      const footer = page.locator('footer');
      await footer.getByRole('link', { name: en ? 'For developers' : 'Voor ontwikkelaars' }).waitFor();
      assert.doesNotMatch(await footer.innerText(), /GraphQL/);
      // The area field: districts as groups, no indentation in any option, no promise of streets.
      const area = page.locator('select#area');
      const labels = await area.evaluate((el) => [...el.options].map((o) => o.textContent));
      assert.ok(labels.every((l) => l === l.trim()), `no indentation: ${JSON.stringify(labels)}`);
      assert.equal(await area.locator('optgroup[label="Centrum"] option').first().textContent(), 'Centrum');
      await area.selectOption(ids.areas.neighbourhood);
      assert.equal(await area.evaluate((el) => el.selectedOptions[0].closest('optgroup')?.label), 'Centrum');
      assert.doesNotMatch(await page.locator('#area-description').innerText(), en ? /street/i : /straat/i);
      await check(page, 'idea-form', locale, width);
      await context.close();
    }
  });
}

for (const locale of ['nl', 'en']) {
  test(`the profile names browsers in words and shows residents only their own mail settings (${locale})`, async () => {
    const en = locale === 'en';
    for (const width of [375, 1280]) {
      const { context, page } = await signedIn(PIET, { locale, width });
      await page.goto('/profiel');
      await page.locator('#pref-COMMENT').waitFor();
      const sessions = page.locator('section[aria-labelledby="sessions-heading"]');
      await sessions.getByRole('heading', { name: en ? /^Chrome on Linux \(This device\), last active / : /^Chrome op Linux \(Dit apparaat\), laatst actief / }).waitFor();
      assert.doesNotMatch(await sessions.innerText(), /Mozilla|AppleWebKit/);
      // A resident coordinates nothing and is no professional.
      assert.equal(await page.locator('#pref-THRESHOLD_REACHED').count(), 0);
      assert.equal(await page.locator('#pref-JOIN_REQUEST').count(), 0);
      await check(page, 'profile', locale, width);
      await context.close();
    }
    // A professional does get the mail about ideas with enough support.
    const { context, page } = await signedIn(PRO, { locale });
    await page.goto('/profiel');
    await page.locator('#pref-THRESHOLD_REACHED').waitFor();
    await context.close();
  });
}

test('leaving a page with unsent text asks first, in the app and on closing the tab', async () => {
  const { context, page } = await signedIn(PIET);
  await page.goto(`/ideeen/${ids.idea}`);
  await page.getByLabel('Jouw reactie', { exact: true }).fill('Nog niet verstuurd');
  // In-app navigation: cancelling keeps the page and the text.
  page.once('dialog', (dialog) => {
    assert.equal(dialog.type(), 'confirm');
    assert.match(dialog.message(), /nog niet is verstuurd/);
    void dialog.dismiss();
  });
  await page.locator('nav').getByRole('link', { name: 'Werkgroepen' }).click();
  await page.waitForTimeout(300);
  assert.match(new URL(page.url()).pathname, /^\/ideeen\//);
  assert.equal(await page.getByLabel('Jouw reactie', { exact: true }).inputValue(), 'Nog niet verstuurd');
  // Confirming leaves.
  page.once('dialog', (dialog) => void dialog.accept());
  await page.locator('nav').getByRole('link', { name: 'Werkgroepen' }).click();
  await page.waitForURL((url) => url.pathname === '/werkgroepen');
  // Closing or reloading the tab: the browser's own warning (beforeunload).
  await page.goto(`/ideeen/${ids.idea}`);
  await page.getByLabel('Jouw reactie', { exact: true }).fill('Weer iets');
  const prevented = await page.evaluate(() => {
    const event = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(event);
    return event.defaultPrevented;
  });
  assert.equal(prevented, true);
  // Sent text does not count.
  await page.getByRole('button', { name: 'Reactie plaatsen' }).click();
  await page.locator('.plein-comment', { hasText: 'Weer iets' }).waitFor();
  await page.locator('nav').getByRole('link', { name: 'Werkgroepen' }).click();
  await page.waitForURL((url) => url.pathname === '/werkgroepen');
  await context.close();
});

for (const locale of ['nl', 'en']) {
  test(`a plan's questions are answered in one form with one send button (${locale})`, async () => {
    const en = locale === 'en';
    for (const width of [375, 1280]) {
      const { context, page } = await signedIn(PIET, { locale, width });
      await page.goto(`/plannen/${ids.plan}`);
      await page.getByLabel(en ? 'Your answer to question 1' : 'Jouw antwoord op vraag 1').waitFor();
      assert.equal(await page.locator('main form textarea[id^="answer-"]').count(), 2);
      assert.equal(await page.getByRole('button', { name: en ? /^(Send|Update) answers$/ : /^Antwoorden (versturen|bijwerken)$/ }).count(), 1);
      await check(page, 'plan', locale, width);
      await context.close();
    }
  });
}

for (const locale of ['nl', 'en']) {
  test(`the plan's author reads the answers per question and downloads them as CSV (${locale})`, async () => {
    const en = locale === 'en';
    // Piet answers both questions (through the API; the form is tested above).
    const piet = await app.context();
    await signInAs(app, piet, PIET.email, PIET.password);
    const plan = await app.graphql(piet, 'query($id: ID!) { plan(id: $id) { questions { id } } }', { id: ids.plan });
    const answer = 'mutation($input: AnswerPlanQuestionInput!) { answerPlanQuestion(input: $input) { answer { id } } }';
    await app.graphql(piet, answer, { input: { questionId: plan.plan.questions[0].id, body: 'Graag, "veel" bomen' } });
    await app.graphql(piet, answer, { input: { questionId: plan.plan.questions[1].id, body: 'Bij de speeltuin' } });
    await piet.close();

    for (const width of [375, 1280]) {
      const { context, page } = await signedIn(PRO, { locale, width });
      await page.goto(`/plannen/${ids.plan}`);
      const results = page.locator('section[aria-labelledby="results-heading"]');
      await results.getByText('Graag, "veel" bomen').waitFor();
      await results.getByText('Bij de speeltuin').waitFor();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        results.getByRole('button', { name: en ? 'Download the answers (for a spreadsheet)' : 'Antwoorden downloaden (voor een spreadsheet)' }).click(),
      ]);
      assert.match(download.suggestedFilename(), /\.csv$/);
      const csv = readFileSync(await download.path(), 'utf8');
      assert.match(csv, en ? /^\ufeff"Question","Answer","Name","Date"\r\n/ : /^\ufeff"Vraag","Antwoord","Naam","Datum"\r\n/);
      assert.match(csv, /"1\. Wat vind je van meer bomen\?","Graag, ""veel"" bomen","Piet",/);
      assert.match(csv, /"2\. Waar wil je zitten\?","Bij de speeltuin","Piet",/);
      await check(page, 'plan-answers', locale, width);
      await context.close();
    }
    // Residents do not see others' answers.
    const { context, page } = await signedIn(MIRA, { locale });
    await page.goto(`/plannen/${ids.plan}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
    assert.equal(await page.locator('#results-heading').count(), 0);
    await context.close();
  });
}
