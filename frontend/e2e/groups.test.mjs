// Working groups in the browser: a resident starts a group, a neighbour asks
// to join and is let in, the coordinator adds a task for them and schedules a
// meeting, the neighbour answers "yes" and fetches the meeting's iCalendar
// file; a proposal is answered; an invitation mailed to an address without an
// account is accepted after registering; a members-only group stays hidden;
// and the group pages pass axe-core in Dutch and English.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ADMIN,
  axeViolations,
  confirmEmail,
  createAreas,
  mailedLink,
  registerResident,
  screenshot,
  signInAs,
  start,
} from './harness.mjs';

let app;
let admin;
let areas;
let groupId;
const FATIMA = { displayName: 'Fatima', email: 'fatima@plein.test', password: 'een-lang-wachtwoord' };
const PIET = { displayName: 'Piet', email: 'piet@plein.test', password: 'piet-zijn-wachtwoord' };
const NIEUW = { displayName: 'Noor', email: 'noor@plein.test', password: 'noor-haar-wachtwoord' };

const IDEA = 'mutation($input: CreateIdeaInput!) { createIdea(input: $input) { idea { id } } }';
const PUBLISH = 'mutation($input: PublishIdeaInput!) { publishIdea(input: $input) { idea { id } } }';
const CREATE_GROUP = 'mutation($input: CreateGroupInput!) { createGroup(input: $input) { group { id } } }';

/** "2026-12-05" some days from now, as a date input wants it. */
function dayFromNow(days) {
  return new Date(Date.now() + days * 24 * 3600_000).toISOString().slice(0, 10);
}

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

test('a group is started, a neighbour is let in, gets a task, answers a meeting and fetches its calendar file', async () => {
  const fatima = await app.context();
  await registerResident(app, fatima, FATIMA);
  const piet = await app.context();
  await registerResident(app, piet, PIET);

  // Fatima starts a group from the list; a too-short name comes back next to the field.
  const page = await fatima.newPage();
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Werkgroepen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Werkgroepen' }).waitFor();
  await page.getByRole('link', { name: 'Nieuwe werkgroep' }).click();
  await page.getByRole('heading', { level: 1, name: 'Nieuwe werkgroep' }).waitFor();
  await page.getByLabel('Naam').fill('Gr');
  await page.getByLabel('Doel').fill('Meer **groen** in de Oude Haven.');
  await page.getByLabel('Gebied').selectOption(areas.neighbourhood);
  await page.getByLabel('Hoe doe je mee?').selectOption('REQUEST');
  await page.getByRole('button', { name: 'Werkgroep beginnen' }).click();
  await page.locator('#name-error').getByText('Kies een naam van 3 tot 80 tekens.').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'name');
  await page.getByLabel('Naam').fill('Groen Oude Haven');
  await page.getByRole('button', { name: 'Werkgroep beginnen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Groen Oude Haven' }).waitFor();
  await page.getByText('De werkgroep is begonnen.', { exact: false }).waitFor();
  groupId = page.url().split('/').pop();
  await page.locator('.plein-prose strong', { hasText: 'groen' }).waitFor();
  await page.getByText('Je doet mee als Coördinator.').waitFor();

  // Piet asks to join with a message.
  const pietPage = await piet.newPage();
  await pietPage.goto(`/werkgroepen/${groupId}`);
  await pietPage.getByLabel('Bericht aan de coördinatoren (niet verplicht)').fill('Ik heb een kruiwagen.');
  await pietPage.getByRole('button', { name: 'Verzoek versturen' }).click();
  await pietPage.getByText('Verzoek verstuurd.', { exact: false }).waitFor();

  // Fatima lets him in.
  await page.reload();
  const request = page.locator('.plein-card', { hasText: 'Ik heb een kruiwagen.' });
  await request.getByText('Piet').waitFor();
  await request.getByRole('button', { name: 'Toelaten' }).click();
  await page.getByRole('heading', { level: 2, name: 'Leden (2)' }).waitFor();
  await page.getByText('Er zijn geen open verzoeken.').waitFor();

  // The page has its own table of contents: overview, tasks, meetings, decisions, members.
  const sections = page.getByRole('navigation', { name: 'Op deze pagina' });
  for (const name of ['Overzicht', 'Taken', 'Bijeenkomsten', 'Besluiten', 'Leden']) {
    await sections.getByRole('link', { name, exact: true }).waitFor();
  }
  // A task for Piet, due in a week.
  await page.getByLabel('Taak', { exact: true }).fill('Plantenbakken vullen');
  await page.getByLabel('Wie doet het?').selectOption({ label: 'Piet' });
  await page.getByLabel('Klaar op (niet verplicht)').fill(dayFromNow(7));
  await page.getByRole('button', { name: 'Taak toevoegen' }).click();
  await page.getByText('De taak is toegevoegd.').waitFor();
  const task = page.locator('.plein-card', { has: page.getByRole('heading', { name: 'Plantenbakken vullen' }) });
  await task.getByText('Toegewezen aan Piet', { exact: false }).waitFor();

  // A meeting in three days, from 19:30 to 21:00 Dutch time.
  const day = dayFromNow(3);
  await page.getByLabel('Titel', { exact: true }).first().fill('Plantdag');
  await page.getByLabel('Begint om').fill(`${day}T19:30`);
  await page.getByLabel('Eindigt om').fill(`${day}T21:00`);
  await page.getByLabel('Plaats (niet verplicht)').fill('Buurthuis De Haven');
  await page.getByLabel('Agenda (niet verplicht)').fill('1. Koffie\n2. Planten');
  await page.getByRole('button', { name: 'Bijeenkomst plannen' }).click();
  await page.getByText('De bijeenkomst is gepland.', { exact: false }).waitFor();
  const meeting = page.locator('.plein-meeting', { hasText: 'Plantdag' });
  await meeting.getByText('19:30', { exact: false }).waitFor();
  await meeting.getByText('Buurthuis De Haven').waitFor();
  await meeting.getByText('Komen: 0', { exact: false }).waitFor();
  await screenshot(page, 'group-coordinator');

  // A proposal for the members.
  await page.getByLabel('Titel', { exact: true }).last().fill('Bloembollen kopen');
  await page.getByLabel('Voorstel', { exact: true }).fill('We kopen **200** bollen.');
  await page.getByLabel('Antwoorden kan tot').fill(`${dayFromNow(5)}T20:00`);
  await page.getByRole('button', { name: 'Voorstel openen' }).click();
  await page.getByText('Het voorstel staat open.', { exact: false }).waitFor();

  // Fatima links an idea by its address; the idea shows the group.
  const idea = await app.graphql(fatima, IDEA, {
    input: { title: 'Bloemen op de kade', body: 'Kleur in de buurt.', areaId: areas.neighbourhood },
  });
  const ideaId = idea.createIdea.idea.id;
  await app.graphql(fatima, PUBLISH, { input: { id: ideaId } });
  await page.getByLabel('Adres van het idee of plan').fill(`${app.baseURL}/ideeen/${ideaId}`);
  await page.getByRole('button', { name: 'Koppelen' }).click();
  await page.locator('#work-heading ~ ul').getByRole('link', { name: 'Bloemen op de kade' }).click();
  await page.getByRole('heading', { level: 1, name: 'Bloemen op de kade' }).waitFor();
  await page.getByRole('heading', { level: 2, name: 'Werkgroepen' }).waitFor();
  await page.locator('#groups-heading ~ ul').getByRole('link', { name: 'Groen Oude Haven' }).click();
  await page.getByRole('heading', { level: 1, name: 'Groen Oude Haven' }).waitFor();

  // Piet sees his task across groups and starts on it.
  await pietPage.goto('/taken');
  await pietPage.getByRole('heading', { level: 1, name: 'Mijn taken' }).waitFor();
  const mine = pietPage.locator('.plein-card', { hasText: 'Plantenbakken vullen' });
  await mine.getByRole('link', { name: 'Groen Oude Haven' }).waitFor();
  await mine.getByLabel('Status van “Plantenbakken vullen”').selectOption('DOING');
  await mine.locator('.utrecht-status-badge', { hasText: 'Bezig' }).waitFor();

  // He comes to the meeting; the count and his answer show, also after a reload.
  await pietPage.goto(`/werkgroepen/${groupId}`);
  const his = pietPage.locator('.plein-meeting', { hasText: 'Plantdag' });
  const yes = his.getByRole('button', { name: 'Ja', exact: true });
  await yes.click();
  await his.getByText('Komen: 1 · Niet: 0 · Misschien: 0.').waitFor();
  // His answer in words, the other answers as quiet buttons to change it.
  await his.locator('.plein-chosen', { hasText: 'Je komt ✓' }).waitFor();
  await pietPage.reload();
  await his.getByText('Komen: 1', { exact: false }).waitFor();
  await his.locator('.plein-chosen', { hasText: 'Je komt ✓' }).waitFor();
  assert.equal(await his.getByRole('button', { name: 'Ja', exact: true }).count(), 0);
  await his.getByRole('button', { name: 'Toch misschien' }).click();
  await his.locator('.plein-chosen', { hasText: 'Je komt misschien ✓' }).waitFor();
  await his.getByText('Komen: 0 · Niet: 0 · Misschien: 1.').waitFor();
  await his.getByRole('button', { name: 'Toch ja' }).click();
  await his.getByText('Komen: 1 · Niet: 0 · Misschien: 0.').waitFor();

  // The meeting's .ics link is an iCalendar file with the event.
  const ics = await his.getByRole('link', { name: 'Toevoegen aan je agenda (agenda-bestand)' }).getAttribute('href');
  const file = await piet.request.get(ics);
  assert.equal(file.status(), 200);
  assert.match(file.headers()['content-type'], /^text\/calendar/);
  const text = await file.text();
  assert.match(text, /BEGIN:VEVENT/);
  assert.match(text, /Plantdag/);

  // The group's calendar feed, for a public group.
  const feed = await pietPage.getByRole('link', { name: 'Agenda abonneren' }).getAttribute('href');
  const feedFile = await piet.request.get(feed);
  assert.match(feedFile.headers()['content-type'], /^text\/calendar/);
  assert.match(await feedFile.text(), /BEGIN:VEVENT/);

  // He answers the proposal with a reason.
  const proposal = pietPage.locator('.plein-card', { has: pietPage.getByRole('heading', { name: 'Bloembollen kopen' }) });
  await proposal.getByLabel('Eens', { exact: true }).check();
  await proposal.getByLabel('Toelichting (niet verplicht)').fill('Graag tulpen.');
  await proposal.getByRole('button', { name: 'Antwoord geven' }).click();
  await proposal.getByText('Eens: 1 · Onthouding: 0 · Oneens: 0 · Blokkade: 0').waitFor();
  await proposal.getByText('Jouw antwoord: Eens.').waitFor();

  // And writes in the group's discussion.
  await pietPage.getByLabel('Jouw reactie').fill('Ik neem gieters mee.');
  await pietPage.getByRole('button', { name: 'Reactie plaatsen' }).click();
  await pietPage.locator('.plein-comment', { hasText: 'Ik neem gieters mee.' }).waitFor();
  await pietPage.getByRole('heading', { level: 2, name: 'Gesprek (1)' }).waitFor();
  await screenshot(pietPage, 'group-member');

  // His notifications tell him of the task, linking to the group.
  let found = false;
  for (let i = 0; i < 40 && !found; i += 1) {
    await pietPage.goto('/meldingen');
    await pietPage.getByRole('heading', { level: 1, name: 'Berichten' }).waitFor();
    await pietPage.waitForLoadState('networkidle');
    found = (await pietPage.getByText('Fatima gaf je een taak in').count()) > 0;
    if (!found) await pietPage.waitForTimeout(250);
  }
  assert.ok(found, 'the task notification arrived');
  const note = pietPage.locator('.plein-notification', { hasText: 'Fatima gaf je een taak in' });
  await note.getByRole('link', { name: 'Groen Oude Haven' }).click();
  await pietPage.getByRole('heading', { level: 1, name: 'Groen Oude Haven' }).waitFor();

  await Promise.all([fatima.close(), piet.close()]);
});

test('an invitation mailed to an address without an account is accepted after registering', async () => {
  const fatima = await app.context();
  await signInAs(app, fatima, FATIMA.email, FATIMA.password);
  const page = await fatima.newPage();
  await page.goto(`/werkgroepen/${groupId}`);
  await page.getByLabel('E-mailadres').fill(NIEUW.email);
  await page.getByRole('button', { name: 'Uitnodiging versturen' }).click();
  await page.getByText(`Uitnodiging verstuurd naar ${NIEUW.email}.`).waitFor();
  await page.locator('.plein-rows li', { hasText: NIEUW.email }).getByRole('button', { name: 'Intrekken' }).waitFor();

  // A second invitation while the first is open: CONFLICT, shown at the field.
  await page.getByLabel('E-mailadres').fill(NIEUW.email);
  await page.getByRole('button', { name: 'Uitnodiging versturen' }).click();
  await page.locator('#inviteEmail-error').getByText('Dit adres heeft al een open uitnodiging.', { exact: false }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'inviteEmail');

  // Noor follows the mailed link, signed out: she is told to register first.
  const link = await mailedLink(app, NIEUW.email, '/werkgroepen/uitnodiging');
  const noor = await app.context();
  const hers = await noor.newPage();
  await hers.goto(link);
  await hers.getByRole('heading', { level: 1, name: 'Uitnodiging voor een werkgroep' }).waitFor();
  await hers.getByText('Heb je nog geen account?', { exact: false }).waitFor();
  await hers.locator('main').getByRole('link', { name: 'Account maken' }).click();
  await hers.getByRole('heading', { level: 1, name: 'Account maken' }).waitFor();
  await hers.getByLabel('Naam').fill(NIEUW.displayName);
  await hers.getByLabel('E-mailadres').fill(NIEUW.email);
  await hers.getByLabel('Wachtwoord').fill(NIEUW.password);
  await hers.getByRole('button', { name: 'Account maken' }).click();
  await hers.getByRole('heading', { level: 1, name: 'Mijn profiel' }).waitFor();
  await confirmEmail(app, noor, NIEUW.email);

  // Back at the link, she accepts and lands on the group as a member.
  await hers.goto(link);
  await hers.getByText('Je bent ingelogd als Noor.').waitFor();
  await hers.getByRole('button', { name: 'Uitnodiging aannemen' }).click();
  await hers.getByRole('heading', { level: 1, name: 'Groen Oude Haven' }).waitFor();
  await hers.getByText('Welkom bij Groen Oude Haven!').waitFor();
  await hers.getByText('Je doet mee als Lid.').waitFor();

  // The link works once; a made-up token gets the API's refusal.
  await hers.goto('/werkgroepen/uitnodiging?token=bestaat-niet');
  await hers.getByRole('button', { name: 'Uitnodiging aannemen' }).click();
  await hers.getByRole('alert').getByText('Deze uitnodigingslink werkt niet (meer).', { exact: false }).waitFor();

  // The invitation is no longer open for Fatima.
  await page.reload();
  await page.getByRole('heading', { level: 2, name: 'Leden (3)' }).waitFor();
  await page.getByText('Er zijn geen open uitnodigingen.').waitFor();
  await Promise.all([fatima.close(), noor.close()]);
});

test('a members-only group does not exist for others, and open groups can be joined at once', async () => {
  const fatima = await app.context();
  await signInAs(app, fatima, FATIMA.email, FATIMA.password);
  const hidden = await app.graphql(fatima, CREATE_GROUP, {
    input: { name: 'Besloten kring', purpose: 'Alleen voor leden.', areaId: areas.district, visibility: 'MEMBERS', joinPolicy: 'INVITE' },
  });
  const open = await app.graphql(fatima, CREATE_GROUP, {
    input: { name: 'Open tafel', purpose: 'Iedereen welkom.', areaId: areas.district, visibility: 'PUBLIC', joinPolicy: 'OPEN' },
  });

  const piet = await app.context();
  await signInAs(app, piet, PIET.email, PIET.password);
  const page = await piet.newPage();
  await page.goto(`/werkgroepen/${hidden.createGroup.group.id}`);
  await page.getByRole('heading', { level: 1, name: 'Deze pagina bestaat niet' }).waitFor();

  await page.goto(`/werkgroepen/${open.createGroup.group.id}`);
  await page.getByRole('button', { name: 'Meedoen' }).click();
  await page.getByText('Je doet mee als Lid.').waitFor();
  await page.getByRole('heading', { level: 2, name: 'Leden (2)' }).waitFor();

  // "Mine" lists only his groups; the hidden one is nowhere.
  await page.goto('/werkgroepen');
  await page.locator('.plein-card').first().waitFor();
  assert.equal(await page.getByRole('link', { name: 'Besloten kring' }).count(), 0);
  await page.getByLabel('Alleen mijn werkgroepen').check();
  await page.getByRole('button', { name: 'Toepassen' }).click();
  await page.getByText('2 werkgroepen').waitFor();
  await page.getByRole('link', { name: 'Open tafel' }).waitFor();
  await page.getByRole('link', { name: 'Groen Oude Haven' }).waitFor();

  // He leaves the open group again.
  await page.goto(`/werkgroepen/${open.createGroup.group.id}`);
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Werkgroep verlaten' }).click();
  await page.getByRole('heading', { level: 1, name: 'Werkgroepen' }).waitFor();
  await page.getByText('Je hebt Open tafel verlaten.').waitFor();
  await Promise.all([fatima.close(), piet.close()]);
});

for (const locale of ['nl', 'en']) {
  test(`axe finds no WCAG 2.1 A/AA violations on the group pages (${locale})`, async () => {
    const fatima = await app.context({ locale });
    await signInAs(app, fatima, FATIMA.email, FATIMA.password);
    const visitor = await app.context({ locale });
    const failures = [];
    const check = async (name, context, path, ready, act) => {
      const page = await context.newPage();
      await page.goto(path);
      await page.locator(ready).first().waitFor();
      await page.waitForLoadState('networkidle');
      if (act) await act(page);
      assert.equal(await page.getAttribute('html', 'lang'), locale);
      const violations = await axeViolations(page);
      if (violations.length > 0) failures.push(`${name}:\n  ${violations.join('\n  ')}`);
      await screenshot(page, `${name}-${locale}`);
      await page.close();
    };
    await check('groups', fatima, '/werkgroepen', '.plein-card');
    await check('groups-signed-out', visitor, '/werkgroepen', '.plein-card');
    await check('group-new-errors', fatima, '/werkgroepen/nieuw', 'form', async (page) => {
      await page.locator('main form button[type=submit]').click();
      await page.locator('#name-error').waitFor();
    });
    await check('group-coordinator', fatima, `/werkgroepen/${groupId}`, '.plein-meeting');
    await check('group-visitor', visitor, `/werkgroepen/${groupId}`, '.plein-meeting');
    await check('group-invitation-signed-out', visitor, '/werkgroepen/uitnodiging?token=abc', 'main .utrecht-button-link');
    await check('group-invitation', fatima, '/werkgroepen/uitnodiging?token=abc', 'main button');
    await check('my-tasks', fatima, '/taken', 'h1');
    assert.deepEqual(failures, []);
    await Promise.all([fatima.close(), visitor.close()]);
  });
}
