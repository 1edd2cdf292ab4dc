// Editing a working group's things in the browser: the coordinator renames
// the group and rewrites its purpose; a task gets a new title, assignee and
// due date (from the group page and from "Mijn taken"); a meeting moves to
// another day, which the page and its .ics file show; a meeting that would
// end before it starts is refused at the field with everything typed kept;
// a meeting is cancelled from its edit page; a member deletes a task from
// its edit page, once he confirms; members who are not
// coordinators are told they cannot edit; and axe finds nothing on the edit
// pages in Dutch and English.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, axeViolations, createAreas, registerResident, screenshot, signInAs, start } from './harness.mjs';

let app;
let admin;
let fatima;
let piet;
const ids = {};
const FATIMA = { displayName: 'Fatima', email: 'fatima@plein.test', password: 'een-lang-wachtwoord' };
const PIET = { displayName: 'Piet', email: 'piet@plein.test', password: 'piet-zijn-wachtwoord' };

const CREATE_GROUP = 'mutation($input: CreateGroupInput!) { createGroup(input: $input) { group { id } } }';
const JOIN = 'mutation($input: JoinGroupInput!) { joinGroup(input: $input) { group { id } } }';
const SAVE_TASK = 'mutation($input: SaveTaskInput!) { saveTask(input: $input) { task { id } } }';
const SAVE_MEETING = 'mutation($input: SaveMeetingInput!) { saveMeeting(input: $input) { meeting { id } } }';

/** "2026-12-05" some days from now, as a date input wants it. */
function dayFromNow(days) {
  return new Date(Date.now() + days * 24 * 3600_000).toISOString().slice(0, 10);
}

/** A day written out the way the app does in Dutch ("5 december 2026"). */
function dutchDay(day) {
  return new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long', timeZone: 'Europe/Amsterdam' }).format(
    new Date(`${day}T12:00:00Z`),
  );
}

/** A meeting through the API, some days from now, lasting an hour and a half. */
async function scheduleMeeting(title, days) {
  const startsAt = new Date(Date.now() + days * 24 * 3600_000);
  const data = await app.graphql(fatima, SAVE_MEETING, {
    input: {
      groupId: ids.group,
      title,
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 5400_000).toISOString(),
      place: 'Buurthuis De Haven',
      agenda: '1. Koffie',
    },
  });
  return data.saveMeeting.meeting.id;
}

before(async () => {
  app = await start();
  admin = await app.context();
  await signInAs(app, admin, ADMIN.email, ADMIN.password);
  const areas = await createAreas(app, admin);
  fatima = await app.context();
  await registerResident(app, fatima, FATIMA);
  piet = await app.context();
  await registerResident(app, piet, PIET);
  const group = await app.graphql(fatima, CREATE_GROUP, {
    input: { name: 'Groen Oude Haven', purpose: 'Meer groen.', areaId: areas.neighbourhood, visibility: 'PUBLIC', joinPolicy: 'OPEN' },
  });
  ids.group = group.createGroup.group.id;
  await app.graphql(piet, JOIN, { input: { groupId: ids.group } });
  const task = await app.graphql(fatima, SAVE_TASK, { input: { groupId: ids.group, title: 'Flyers maken' } });
  ids.task = task.saveTask.task.id;
  ids.meeting = await scheduleMeeting('Plantdag', 3);
});
after(async () => {
  await Promise.all([admin?.close(), fatima?.close(), piet?.close()]);
  await app?.stop();
});

test('the coordinator edits the group name and purpose; others may not', async () => {
  const page = await fatima.newPage();
  await page.goto(`/werkgroepen/${ids.group}`);
  await page.getByRole('heading', { level: 1, name: 'Groen Oude Haven' }).waitFor();
  await page.getByRole('link', { name: 'Werkgroep bewerken' }).click();
  await page.getByRole('heading', { level: 1, name: 'Werkgroep bewerken' }).waitFor();

  // The form holds what the group has now.
  const name = page.getByLabel('Naam');
  await page.waitForFunction(() => document.querySelector('#name')?.value === 'Groen Oude Haven');
  assert.equal(await page.getByLabel('Doel').inputValue(), 'Meer groen.');
  assert.equal(await page.getByLabel('Hoe doe je mee?').inputValue(), 'OPEN');

  // A too-short name is refused by the API at the field, keeping the purpose typed.
  await name.fill('Gr');
  await page.getByLabel('Doel').fill('Meer **bomen** en bankjes in de Oude Haven.');
  await page.locator('main').getByRole('button', { name: 'Wijzigingen opslaan' }).click();
  await page.locator('#name-error').getByText('Kies een naam van 3 tot 80 tekens.').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'name');
  assert.equal(await page.getByLabel('Doel').inputValue(), 'Meer **bomen** en bankjes in de Oude Haven.');

  await name.fill('Groen en Bomen Oude Haven');
  await page.getByLabel('Hoe doe je mee?').selectOption('REQUEST');
  await page.locator('main').getByRole('button', { name: 'Wijzigingen opslaan' }).click();
  await page.getByRole('heading', { level: 1, name: 'Groen en Bomen Oude Haven' }).waitFor();
  await page.getByText('De wijzigingen in de werkgroep zijn opgeslagen.').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'page-heading');
  await page.locator('.plein-prose strong', { hasText: 'bomen' }).waitFor();
  await page.locator('.plein-facts').getByText('Op verzoek').waitFor();
  await page.close();

  // Piet is a member, not a coordinator: no link, and the page says why.
  const his = await piet.newPage();
  await his.goto(`/werkgroepen/${ids.group}`);
  await his.getByRole('heading', { level: 1, name: 'Groen en Bomen Oude Haven' }).waitFor();
  await his.locator('.plein-meeting').first().waitFor();
  assert.equal(await his.getByRole('link', { name: 'Werkgroep bewerken' }).count(), 0);
  await his.goto(`/werkgroepen/${ids.group}/bewerken`);
  await his.getByText('Alleen de coördinatoren van deze werkgroep kunnen haar bewerken.').waitFor();
  assert.equal(await his.locator('main form').count(), 0);
  await his.close();
});

test("a task's title, assignee and due date are edited, by the coordinator and by a member", async () => {
  const page = await fatima.newPage();
  await page.goto(`/werkgroepen/${ids.group}`);
  const card = page.locator('.plein-card', { has: page.getByRole('heading', { name: 'Flyers maken' }) });
  await card.getByRole('link', { name: 'Taak bewerken' }).click();
  await page.getByRole('heading', { level: 1, name: 'Taak bewerken' }).waitFor();
  await page.waitForFunction(() => document.querySelector('#title')?.value === 'Flyers maken');

  const due = dayFromNow(10);
  await page.getByLabel('Taak', { exact: true }).fill('Flyers ontwerpen en drukken');
  await page.getByLabel('Toelichting (niet verplicht)').fill('Op **gerecycled** papier.');
  await page.getByLabel('Wie doet het?').selectOption({ label: 'Piet' });
  await page.getByLabel('Klaar op (niet verplicht)').fill(due);
  await page.locator('main').getByRole('button', { name: 'Taak opslaan' }).click();

  await page.getByRole('heading', { level: 1, name: 'Groen en Bomen Oude Haven' }).waitFor();
  await page.getByText('De taak “Flyers ontwerpen en drukken” is opgeslagen.').waitFor();
  const edited = page.locator('.plein-card', { has: page.getByRole('heading', { name: 'Flyers ontwerpen en drukken' }) });
  await edited.getByText(`Toegewezen aan Piet · af op ${dutchDay(due)}`).waitFor();
  await edited.locator('.plein-prose strong', { hasText: 'gerecycled' }).waitFor();
  await page.close();

  // Piet, a member, changes the date from his own list and lands back there.
  const later = dayFromNow(14);
  const his = await piet.newPage();
  await his.goto('/taken');
  const mine = his.locator('.plein-card', { hasText: 'Flyers ontwerpen en drukken' });
  await mine.getByRole('link', { name: 'Taak bewerken' }).click();
  await his.getByRole('heading', { level: 1, name: 'Taak bewerken' }).waitFor();
  await his.waitForFunction((d) => document.querySelector('#due')?.value === d, due);
  assert.equal(await his.getByLabel('Wie doet het?').inputValue(), await app.graphql(piet, '{ me { id } }').then((d) => d.me.id));
  await his.getByLabel('Klaar op (niet verplicht)').fill(later);
  await his.getByLabel('Status', { exact: true }).selectOption('DOING');
  await his.locator('main').getByRole('button', { name: 'Taak opslaan' }).click();
  await his.getByRole('heading', { level: 1, name: 'Mijn taken' }).waitFor();
  const moved = his.locator('.plein-card', { hasText: 'Flyers ontwerpen en drukken' });
  await moved.getByText(`af op ${dutchDay(later)}`, { exact: false }).waitFor();
  await moved.locator('.utrecht-status-badge', { hasText: 'Bezig' }).waitFor();

  // A date in the past is refused at the field.
  await moved.getByRole('link', { name: 'Taak bewerken' }).click();
  await his.waitForFunction((d) => document.querySelector('#due')?.value === d, later);
  await his.getByLabel('Klaar op (niet verplicht)').fill(dayFromNow(-3));
  await his.locator('main').getByRole('button', { name: 'Taak opslaan' }).click();
  await his.locator('#due-error').getByText('Kies een datum vandaag of later.').waitFor();
  assert.equal(await his.evaluate(() => document.activeElement?.id), 'due');
  await his.close();
});

test('a meeting moves to another day: the page and its .ics file show it; ending before it starts is refused at the field', async () => {
  const page = await fatima.newPage();
  await page.goto(`/werkgroepen/${ids.group}`);
  const card = page.locator('.plein-meeting', { hasText: 'Plantdag' });
  await card.getByRole('link', { name: 'Bijeenkomst wijzigen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Bijeenkomst wijzigen' }).waitFor();
  await page.waitForFunction(() => document.querySelector('#title')?.value === 'Plantdag');
  assert.equal(await page.getByLabel('Plaats (niet verplicht)').inputValue(), 'Buurthuis De Haven');

  // Ending before it starts: the API's error shows at "Eindigt om", focus goes
  // there, and everything typed stays.
  const day = dayFromNow(5);
  await page.getByLabel('Titel', { exact: true }).fill('Plantdag en picknick');
  await page.getByLabel('Begint om').fill(`${day}T19:30`);
  await page.getByLabel('Eindigt om').fill(`${day}T18:00`);
  await page.getByLabel('Plaats (niet verplicht)').fill('Havenplein');
  await page.locator('main form').getByRole('button', { name: 'Wijzigingen opslaan' }).click();
  await page.locator('#end-error').getByText('Het einde moet na het begin liggen', { exact: false }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'end');
  assert.equal(await page.getByLabel('Eindigt om').getAttribute('aria-invalid'), 'true');
  assert.match((await page.getByLabel('Eindigt om').getAttribute('aria-describedby')) ?? '', /end-error/);
  assert.equal(await page.getByLabel('Titel', { exact: true }).inputValue(), 'Plantdag en picknick');
  assert.equal(await page.getByLabel('Begint om').inputValue(), `${day}T19:30`);
  assert.equal(await page.getByLabel('Eindigt om').inputValue(), `${day}T18:00`);
  assert.equal(await page.getByLabel('Plaats (niet verplicht)').inputValue(), 'Havenplein');
  await screenshot(page, 'meeting-edit-error');

  await page.getByLabel('Eindigt om').fill(`${day}T21:00`);
  await page.locator('main form').getByRole('button', { name: 'Wijzigingen opslaan' }).click();
  await page.getByRole('heading', { level: 1, name: 'Groen en Bomen Oude Haven' }).waitFor();
  await page.getByText('De bijeenkomst “Plantdag en picknick” is gewijzigd.', { exact: false }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'page-heading');
  const moved = page.locator('.plein-meeting', { hasText: 'Plantdag en picknick' });
  await moved.getByText(`${dutchDay(day)} om 19:30 tot ${dutchDay(day)} om 21:00`, { exact: false }).waitFor();
  await moved.getByText('Havenplein').waitFor();

  // The calendar file follows: the new day and time in Amsterdam, a new sequence.
  const ics = await moved.getByRole('link', { name: 'Toevoegen aan je agenda (agenda-bestand)' }).getAttribute('href');
  const file = await fatima.request.get(ics);
  assert.equal(file.status(), 200);
  const text = (await file.text()).replace(/\r?\n[ \t]/g, '');
  const compact = day.replaceAll('-', '');
  assert.match(text, new RegExp(`DTSTART;TZID=Europe/Amsterdam:${compact}T193000`));
  assert.match(text, new RegExp(`DTEND;TZID=Europe/Amsterdam:${compact}T210000`));
  assert.match(text, /SUMMARY:Plantdag en picknick/);
  assert.match(text, /LOCATION:Havenplein/);
  assert.match(text, /SEQUENCE:[1-9]/);
  await page.close();

  // Piet is a member, not a coordinator: no link, and the page says why.
  const his = await piet.newPage();
  await his.goto(`/werkgroepen/${ids.group}`);
  await his.locator('.plein-meeting', { hasText: 'Plantdag en picknick' }).waitFor();
  assert.equal(await his.getByRole('link', { name: 'Bijeenkomst wijzigen' }).count(), 0);
  await his.goto(`/werkgroepen/${ids.group}/bijeenkomsten/${ids.meeting}/bewerken`);
  await his.getByText('Alleen coördinatoren van de werkgroep kunnen bijeenkomsten wijzigen.').waitFor();
  await his.close();
});

test('a meeting is cancelled from its edit page', async () => {
  const meetingId = await scheduleMeeting('Snoeiochtend', 4);
  const page = await fatima.newPage();
  await page.goto(`/werkgroepen/${ids.group}/bijeenkomsten/${meetingId}/bewerken`);
  await page.getByRole('heading', { level: 2, name: 'Afgelasten' }).waitFor();
  page.once('dialog', (dialog) => void dialog.accept());
  await page.locator('main').getByRole('button', { name: 'Bijeenkomst afgelasten' }).click();
  await page.getByRole('heading', { level: 1, name: 'Groen en Bomen Oude Haven' }).waitFor();
  await page.getByText('De bijeenkomst “Snoeiochtend” is afgelast.', { exact: false }).waitFor();
  const card = page.locator('.plein-meeting', { hasText: 'Snoeiochtend' });
  await card.locator('.utrecht-status-badge', { hasText: 'Afgelast' }).waitFor();
  assert.equal(await card.getByRole('link', { name: 'Bijeenkomst wijzigen' }).count(), 0);

  // Its edit page now only says so.
  await page.goto(`/werkgroepen/${ids.group}/bijeenkomsten/${meetingId}/bewerken`);
  await page.getByText('Deze bijeenkomst is afgelast en kan niet meer worden gewijzigd.').waitFor();
  assert.equal(await page.locator('main form').count(), 0);
  await page.close();
});

test('a member deletes a task from its edit page, once he confirms', async () => {
  const saved = await app.graphql(fatima, SAVE_TASK, { input: { groupId: ids.group, title: 'Zaden bestellen' } });
  const taskId = saved.saveTask.task.id;
  const page = await piet.newPage();
  await page.goto(`/werkgroepen/${ids.group}`);
  const card = () => page.locator('.plein-card', { has: page.getByRole('heading', { name: 'Zaden bestellen' }) });
  await card().getByRole('link', { name: 'Taak bewerken' }).click();
  await page.getByRole('heading', { level: 2, name: 'Verwijderen' }).waitFor();
  const remove = page.locator('main').getByRole('button', { name: 'Taak verwijderen' });

  // Saying no to the question keeps the task.
  const asked = [];
  page.once('dialog', (dialog) => {
    asked.push(dialog.message());
    void dialog.dismiss();
  });
  await remove.click();
  assert.deepEqual(asked, ['De taak “Zaden bestellen” verwijderen?']);
  await page.getByRole('heading', { level: 1, name: 'Taak bewerken' }).waitFor();
  const still = await app.graphql(piet, 'query($id: ID!) { group(id: $id) { tasks(first: 50) { nodes { id } } } }', { id: ids.group });
  assert.ok(still.group.tasks.nodes.some((node) => node.id === taskId));

  page.once('dialog', (dialog) => void dialog.accept());
  await remove.click();
  await page.getByRole('heading', { level: 1, name: 'Groen en Bomen Oude Haven' }).waitFor();
  await page.getByText('De taak “Zaden bestellen” is verwijderd.').waitFor();
  assert.equal(await card().count(), 0);
  const after = await app.graphql(piet, 'query($id: ID!) { group(id: $id) { tasks(first: 50) { nodes { id } } } }', { id: ids.group });
  assert.ok(!after.group.tasks.nodes.some((node) => node.id === taskId));

  // Its edit page now says it is gone.
  await page.goto(`/werkgroepen/${ids.group}/taken/${taskId}/bewerken`);
  await page.getByText('Deze taak bestaat niet (meer).').waitFor();
  await page.close();
});

for (const locale of ['nl', 'en']) {
  test(`axe finds no WCAG 2.1 A/AA violations on the edit pages (${locale})`, async () => {
    const coordinator = await app.context({ locale });
    await signInAs(app, coordinator, FATIMA.email, FATIMA.password);
    const member = await app.context({ locale });
    await signInAs(app, member, PIET.email, PIET.password);
    const failures = [];
    const check = async (name, context, path, ready, act) => {
      for (const width of [1280, 320]) {
        const page = await context.newPage();
        await page.setViewportSize({ width, height: 800 });
        await page.goto(path);
        await page.locator(ready).first().waitFor();
        await page.waitForLoadState('networkidle');
        if (act) await act(page);
        assert.equal(await page.getAttribute('html', 'lang'), locale);
        const violations = await axeViolations(page);
        if (violations.length > 0) failures.push(`${name} at ${width} px:\n  ${violations.join('\n  ')}`);
        const { scrollWidth, innerWidth } = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth: window.innerWidth,
        }));
        if (scrollWidth > innerWidth) failures.push(`${name} at ${width} px: ${scrollWidth}px wide`);
        await screenshot(page, `${name}-${locale}-${width}`);
        await page.close();
      }
    };
    const group = `/werkgroepen/${ids.group}`;
    await check('group-edit', coordinator, `${group}/bewerken`, 'main form');
    await check('group-edit-errors', coordinator, `${group}/bewerken`, 'main form', async (page) => {
      await page.waitForFunction(() => document.querySelector('#name')?.value !== '');
      await page.locator('#name').fill('');
      await page.locator('main form button[type=submit]').click();
      await page.locator('#name-error').waitFor();
    });
    await check('group-edit-forbidden', member, `${group}/bewerken`, 'main .utrecht-alert');
    await check('task-edit', coordinator, `${group}/taken/${ids.task}/bewerken`, 'main form');
    await check('task-edit-member', member, `${group}/taken/${ids.task}/bewerken`, 'main form');
    await check('meeting-edit', coordinator, `${group}/bijeenkomsten/${ids.meeting}/bewerken`, 'main form');
    await check('meeting-edit-errors', coordinator, `${group}/bijeenkomsten/${ids.meeting}/bewerken`, 'main form', async (page) => {
      await page.waitForFunction(() => document.querySelector('#start')?.value !== '');
      const start = await page.locator('#start').inputValue();
      await page.locator('#end').fill(start);
      await page.locator('main form button[type=submit]').click();
      await page.locator('#end-error').waitFor();
    });
    await check('meeting-edit-forbidden', member, `${group}/bijeenkomsten/${ids.meeting}/bewerken`, 'main .utrecht-alert');
    assert.deepEqual(failures, []);
    await Promise.all([coordinator.close(), member.close()]);
  });
}
