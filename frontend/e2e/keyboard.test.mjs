// Register, sign out and sign in again with the keyboard alone: Tab,
// Shift+Tab, Enter and typing. Focus stays visible all the way.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, createAreas, focused, registerResident, screenshot, signInAs, start, tabTo } from './harness.mjs';

let app;
before(async () => {
  app = await start();
});
after(async () => {
  await app?.stop();
});

async function focusIsVisible(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return false;
    const style = getComputedStyle(el);
    return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
  });
}

test('register, sign out and sign in with the keyboard only', async () => {
  const context = await app.context();
  const page = await context.newPage();
  await page.goto('/');
  await page.locator('h1').waitFor();

  // The skip link comes first and takes you to the content.
  await page.keyboard.press('Tab');
  assert.match(await focused(page), /Ga direct naar de inhoud/);
  assert.ok(await focusIsVisible(page), 'the skip link shows it has focus');

  await tabTo(page, (f) => f.startsWith('a#: Account maken'));
  assert.ok(await focusIsVisible(page), 'links show they have focus');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Account maken' }).waitFor();
  // A new page starts at its heading; wait for that before tabbing on.
  await headingHasFocus(page);

  await tabTo(page, (f) => f.startsWith('input#displayName'));
  assert.ok(await focusIsVisible(page), 'inputs show they have focus');
  await page.keyboard.type('Kees');
  await page.keyboard.press('Tab');
  assert.match(await focused(page), /^input#email/);
  await page.keyboard.type('kees@plein.test');
  await page.keyboard.press('Tab');
  assert.match(await focused(page), /^input#password/);
  await page.keyboard.type('kees-wachtwoord-9');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Mijn profiel' }).waitFor();
  await page.getByText('Ingelogd als Kees').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'page-heading');

  await tabTo(page, (f) => f.startsWith('button#: Uitloggen'), 60);
  assert.ok(await focusIsVisible(page), 'buttons show they have focus');
  await page.keyboard.press('Enter');
  await page.getByText('Je bent uitgelogd.').waitFor();

  await tabTo(page, (f) => f.startsWith('a#: Inloggen'), 60);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
  await headingHasFocus(page);
  await tabTo(page, (f) => f.startsWith('input#email'));
  await page.keyboard.type('kees@plein.test');
  await page.keyboard.press('Tab');
  assert.match(await focused(page), /^input#password/);
  await page.keyboard.type('kees-wachtwoord-9');
  assert.equal(await page.inputValue('#email'), 'kees@plein.test');
  await page.keyboard.press('Enter');
  await page
    .getByText('Welkom terug, Kees.')
    .waitFor()
    .catch(async (err) => {
      // Say what the page showed instead.
      const shown = await page.locator('main').innerText().catch(() => '');
      throw new Error(`${err.message}\nThe page showed: ${shown.slice(0, 500)}`);
    });
  await screenshot(page, 'keyboard-signed-in');
  await context.close();
});

test('post an idea, publish it and comment with the keyboard only', async () => {
  const admin = await app.context();
  await signInAs(app, admin, ADMIN.email, ADMIN.password);
  await createAreas(app, admin);
  await admin.close();
  const context = await app.context();
  await registerResident(app, context, { displayName: 'Mila', email: 'mila@plein.test', password: 'mila-wachtwoord-7' });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByText('Ingelogd als Mila').waitFor();

  await tabTo(page, (f) => f.startsWith('a#: Nieuw idee'));
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Nieuw idee' }).waitFor();
  await tabTo(page, (f) => f.startsWith('input#title'));
  assert.ok(await focusIsVisible(page), 'inputs show they have focus');
  await page.keyboard.type('Bankjes op het Havenplein');
  await page.keyboard.press('Tab');
  assert.match(await focused(page), /^textarea#body/);
  await page.keyboard.type('Meer plekken om even te zitten.');
  // The formatting help comes next, then the topics.
  await page.keyboard.press('Tab');
  assert.match(await focused(page), /^summary#: Tekst opmaken/);
  await page.keyboard.press('Tab');
  assert.match(await focused(page), /^input#tags/);
  await page.keyboard.type('zitten');
  await page.keyboard.press('Tab');
  assert.match(await focused(page), /^select#area/);
  // The areas load while the form is already up; a select that has only its
  // empty option would take the arrow keys without effect.
  const areaSelect = page.locator('select#area');
  await areaSelect.locator('option', { hasText: 'Centrum' }).waitFor({ state: 'attached' });
  // Arrow keys walk the options of a closed select: the municipality, then Centrum.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.equal((await areaSelect.evaluate((s) => s.selectedOptions[0]?.textContent ?? '')).trim(), 'Centrum');
  // Then the place: its text field first, then the picker's map, which
  // the keyboard passes through to the save button.
  await page.keyboard.press('Tab');
  assert.match(await focused(page), /^input#location/);
  await tabTo(page, (f) => f.startsWith('button#: Concept bewaren'), 30);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Bankjes op het Havenplein' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'page-heading');
  await page.getByRole('link', { name: 'Centrum' }).waitFor();

  await tabTo(page, (f) => f.startsWith('button#: Publiceren'), 60);
  assert.ok(await focusIsVisible(page), 'buttons show they have focus');
  await page.keyboard.press('Enter');
  await page.getByText('Je idee is gepubliceerd.').waitFor();

  await tabTo(page, (f) => f.startsWith('textarea#new-comment'), 80);
  await page.keyboard.type('Wie helpt mee?');
  await tabTo(page, (f) => f.startsWith('button#: Reactie plaatsen'));
  await page.keyboard.press('Enter');
  await page.locator('.plein-thread', { hasText: 'Wie helpt mee?' }).waitFor();
  await screenshot(page, 'keyboard-idea');
  await context.close();
});

/** Waits until a new page has put focus on its heading (Layout does so after navigating). */
async function headingHasFocus(page) {
  await page.waitForFunction(() => document.activeElement?.id === 'page-heading');
}
