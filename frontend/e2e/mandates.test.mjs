// Mandates in the browser: Fatima gives her neighbour Piet a mandate on the
// "Machtigingen" page; Piet posts an idea, supports, comments and replies on
// her behalf, and the idea shows "Piet namens Fatima"; Fatima sees what was
// done and revokes the mandate, after which the choice is gone for Piet; a
// delegate answers a working group's proposal and meeting for a member, also
// when the delegate is no member; a
// professional takes an idea down for a resident without an account; and the
// pages pass axe-core in Dutch and English.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
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
let areas;
let ideaId;
let kasGroupId;
const FATIMA = { displayName: 'Fatima', email: 'fatima@plein.test', password: 'een-lang-wachtwoord' };
const PIET = { displayName: 'Piet', email: 'piet@plein.test', password: 'piet-zijn-wachtwoord' };
const INGRID = { displayName: 'Ingrid', email: 'ingrid@plein.test', password: 'ingrid-haar-wachtwoord' };
const ANOUK = { displayName: 'Anouk', email: 'anouk@plein.test', password: 'anouk-haar-wachtwoord' };
const BRAM = { displayName: 'Bram', email: 'bram@plein.test', password: 'bram-zijn-wachtwoord' };
const SANNE = { displayName: 'Sanne', email: 'sanne@plein.test', password: 'sanne-haar-wachtwoord' };
const DAY = 24 * 3600_000;

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

test('a resident gives a mandate, the delegate acts for her, she sees it and revokes it', async () => {
  const fatima = await app.context();
  await registerResident(app, fatima, FATIMA);
  const piet = await app.context();
  await registerResident(app, piet, PIET);

  const page = await fatima.newPage();
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Machtigingen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Machtigingen' }).waitFor();
  // Nothing chosen: the errors come back next to the fields.
  await page.getByRole('button', { name: 'Machtiging geven' }).click();
  await page.getByText('Vul het e-mailadres in van wie je wilt machtigen.').waitFor();
  await page.getByText('Kies minstens één handeling.').waitFor();
  await page.getByLabel('E-mailadres van wie je machtigt').fill(PIET.email);
  await page.getByLabel('Ideeën plaatsen').check();
  await page.getByLabel('Ideeën steunen').check();
  await page.getByLabel('Reageren').check();
  await page.getByRole('button', { name: 'Machtiging geven' }).click();
  await page.getByText('De machtiging is gegeven.').first().waitFor();
  await page.getByRole('heading', { level: 3, name: 'Aan Piet' }).waitFor();

  // Piet posts an idea for Fatima.
  const pietPage = await piet.newPage();
  await pietPage.goto('/ideeen/nieuw');
  await pietPage.getByLabel('Titel').fill('Bankje bij de bushalte');
  await pietPage.getByLabel('Beschrijving').fill('Voor wie slecht ter been is.');
  await pietPage.getByLabel('Gebied').selectOption(areas.neighbourhood);
  await pietPage.getByLabel('Namens').selectOption({ label: 'Fatima' });
  await pietPage.getByRole('button', { name: 'Plaatsen namens Fatima' }).click();
  await pietPage.getByRole('heading', { level: 1, name: 'Bankje bij de bushalte' }).waitFor();
  await pietPage.getByText('Piet namens Fatima').first().waitFor();
  ideaId = pietPage.url().split('/').pop();

  // He supports it for her, and comments for her.
  await pietPage.getByLabel('Steunen namens', { exact: true }).selectOption({ label: 'Fatima' });
  await pietPage.getByRole('button', { name: 'Steunen namens deze persoon' }).click();
  await pietPage.getByText('1 keer gesteund').first().waitFor();
  await pietPage.locator('#new-comment').fill('Fatima vindt dit heel belangrijk.');
  await pietPage.locator('#new-comment-for').selectOption({ label: 'Fatima' });
  await pietPage.getByRole('button', { name: 'Reactie plaatsen' }).click();
  await pietPage.locator('.plein-comment__meta', { hasText: 'Piet namens Fatima' }).waitFor();
  // Each name is isolated, so one written right to left cannot turn "namens" around.
  assert.deepEqual(
    await pietPage.locator('.plein-comment__meta', { hasText: 'Piet namens Fatima' }).first().locator('bdi').allTextContents(),
    ['Piet', 'Fatima'],
  );

  // And replies for her.
  const comment = pietPage.locator('.plein-comment', { hasText: 'Fatima vindt dit heel belangrijk.' }).first();
  await comment.getByRole('button', { name: 'Reageren' }).click();
  const reply = pietPage.locator('form', { has: pietPage.getByLabel('Jouw reactie op Fatima') });
  await reply.getByLabel('Jouw reactie op Fatima').fill('Ze komt er ook voor naar de bewonersavond.');
  await reply.getByLabel('Namens', { exact: true }).selectOption({ label: 'Fatima' });
  await reply.getByRole('button', { name: 'Reactie plaatsen' }).click();
  await pietPage
    .locator('.plein-thread--replies .plein-comment', { hasText: 'Ze komt er ook voor naar de bewonersavond.' })
    .locator('.plein-comment__meta', { hasText: 'Piet namens Fatima' })
    .waitFor();

  // Fatima sees what was done for her, then revokes.
  await page.reload();
  await page.getByRole('link', { name: 'Bankje bij de bushalte' }).first().waitFor();
  await page.getByText('Idee gesteund').waitFor();
  await page.getByText('Gereageerd').nth(1).waitFor();
  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('button', { name: 'Machtiging van Piet intrekken' }).click();
  await page.getByText('Ingetrokken op', { exact: false }).waitFor();

  // The choice is gone for Piet.
  await pietPage.goto('/ideeen/nieuw');
  await pietPage.getByLabel('Titel').waitFor();
  await pietPage.waitForLoadState('networkidle');
  assert.equal(await pietPage.getByLabel('Namens').count(), 0);
  await Promise.all([fatima.close(), piet.close()]);
});

test("a delegate answers a working group's proposal and meeting for a member", async () => {
  const anouk = await app.context();
  await registerResident(app, anouk, ANOUK);
  const bram = await app.context();
  await registerResident(app, bram, BRAM);
  const created = await app.graphql(anouk, 'mutation($input: CreateGroupInput!) { createGroup(input: $input) { group { id } } }', {
    input: { name: 'Moestuin De Kas', purpose: 'Samen tuinieren.', areaId: areas.neighbourhood, visibility: 'PUBLIC', joinPolicy: 'OPEN' },
  });
  const groupId = created.createGroup.group.id;
  kasGroupId = groupId;
  await app.graphql(bram, 'mutation($input: JoinGroupInput!) { joinGroup(input: $input) { group { id } } }', { input: { groupId } });
  await app.graphql(anouk, 'mutation($input: OpenDecisionInput!) { openDecision(input: $input) { decision { id } } }', {
    input: { groupId, title: 'Kas verwarmen', proposal: 'In de winter de kas verwarmen.', closesAt: new Date(Date.now() + 3 * DAY).toISOString() },
  });
  const startsAt = Date.now() + 2 * DAY;
  await app.graphql(anouk, 'mutation($input: SaveMeetingInput!) { saveMeeting(input: $input) { meeting { id } } }', {
    input: { groupId, title: 'Zaaidag', startsAt: new Date(startsAt).toISOString(), endsAt: new Date(startsAt + 7200_000).toISOString() },
  });
  await app.graphql(anouk, 'mutation($input: GrantMandateInput!) { grantMandate(input: $input) { mandate { id } } }', {
    input: { delegateEmail: BRAM.email, actions: ['VOTE', 'RSVP'], validUntil: new Date(Date.now() + 30 * DAY).toISOString() },
  });

  const page = await bram.newPage();
  let mandateLookups = 0;
  page.on('request', (r) => {
    if (r.url().endsWith('/graphql') && (r.postData() ?? '').includes('query HeldMandates')) mandateLookups += 1;
  });
  await page.goto(`/werkgroepen/${groupId}`);
  const card = page.locator('.plein-card', { has: page.getByRole('heading', { name: 'Kas verwarmen' }) });
  await card.getByLabel('Namens', { exact: true }).selectOption({ label: 'Anouk' });
  // The proposals and the meetings learn whom Bram acts for with the group;
  // only the thread asks for his held mandates.
  assert.equal(mandateLookups, 1, 'one lookup of held mandates for the whole page');
  await card.getByLabel('Eens', { exact: true }).check();
  await card.getByLabel('Toelichting (niet verplicht)').fill('Anouk is voor, met zonnepanelen.');
  await card.getByRole('button', { name: 'Antwoord geven' }).click();
  await card.getByText('Het antwoord namens Anouk is bewaard.').waitFor();
  await card.locator('summary', { hasText: 'Toelichtingen' }).click();
  await card.locator('li', { hasText: 'Anouk is voor, met zonnepanelen.' }).getByText('Bram namens Anouk').waitFor();

  // He tells the meeting she comes.
  const meeting = page.locator('.plein-meeting', { hasText: 'Zaaidag' });
  await meeting.getByLabel('Namens', { exact: true }).selectOption({ label: 'Anouk' });
  await meeting.getByRole('button', { name: 'Ja', exact: true }).click();
  await meeting.getByText('Namens Anouk geantwoord: Ja.').waitFor();
  await meeting.getByText('Komen: 1 · Niet: 0 · Misschien: 0.').waitFor();

  // The answers are Anouk's, not Bram's.
  const VIEWER = 'query($id: ID!) { group(id: $id) { decisions(first: 5) { nodes { viewerVote { answer } } } upcoming: meetings(first: 5) { nodes { viewerRsvp } } } }';
  const hers = await app.graphql(anouk, VIEWER, { id: groupId });
  assert.equal(hers.group.decisions.nodes[0].viewerVote?.answer, 'AGREE');
  assert.equal(hers.group.upcoming.nodes[0].viewerRsvp, 'YES');
  const his = await app.graphql(bram, VIEWER, { id: groupId });
  assert.equal(his.group.decisions.nodes[0].viewerVote, null);
  assert.equal(his.group.upcoming.nodes[0].viewerRsvp, null);
  await Promise.all([anouk.close(), bram.close()]);
});

test('a delegate who is no member sees the proposals and answers only for the member', async () => {
  const bram = await app.context();
  await signInAs(app, bram, BRAM.email, BRAM.password);
  const sanne = await app.context();
  await registerResident(app, sanne, SANNE);
  const page = await sanne.newPage();
  await page.goto(`/werkgroepen/${kasGroupId}`);
  const meeting = page.locator('.plein-meeting', { hasText: 'Zaaidag' });
  await meeting.waitFor();
  await page.waitForLoadState('networkidle');
  // No member, no mandate: no proposals and no answers to give.
  assert.equal(await page.getByRole('heading', { level: 2, name: 'Besluiten' }).count(), 0);
  assert.equal(await meeting.getByRole('button', { name: 'Ja', exact: true }).count(), 0);

  await app.graphql(bram, 'mutation($input: GrantMandateInput!) { grantMandate(input: $input) { mandate { id } } }', {
    input: { delegateEmail: SANNE.email, actions: ['VOTE', 'RSVP'], validUntil: new Date(Date.now() + 30 * DAY).toISOString() },
  });
  await page.reload();
  const card = page.locator('.plein-card', { has: page.getByRole('heading', { name: 'Kas verwarmen' }) });
  // Only Bram is offered: Sanne cannot answer for herself.
  const voteFor = card.getByLabel('Namens', { exact: true });
  await voteFor.waitFor();
  assert.deepEqual(await voteFor.locator('option').allTextContents(), ['Bram']);
  await card.getByLabel('Oneens', { exact: true }).check();
  await card.getByRole('button', { name: 'Antwoord geven' }).click();
  await card.getByText('Het antwoord namens Bram is bewaard.').waitFor();
  // Anouk's answer, given by Bram earlier, stays as it was.
  await card.getByText('Eens: 1 · Onthouding: 0 · Oneens: 1 · Blokkade: 0').waitFor();

  const rsvpFor = meeting.getByLabel('Namens', { exact: true });
  await rsvpFor.waitFor();
  assert.deepEqual(await rsvpFor.locator('option').allTextContents(), ['Bram']);
  await meeting.getByRole('button', { name: 'Misschien', exact: true }).click();
  await meeting.getByText('Namens Bram geantwoord: Misschien.').waitFor();

  const VIEWER = 'query($id: ID!) { group(id: $id) { decisions(first: 5) { nodes { viewerVote { answer } } } upcoming: meetings(first: 5) { nodes { viewerRsvp } } } }';
  const his = await app.graphql(bram, VIEWER, { id: kasGroupId });
  assert.equal(his.group.decisions.nodes[0].viewerVote?.answer, 'DISAGREE');
  assert.equal(his.group.upcoming.nodes[0].viewerRsvp, 'MAYBE');
  await Promise.all([bram.close(), sanne.close()]);
});

test('a professional takes an idea down for a resident without an account', async () => {
  const ingrid = await app.context();
  const id = await registerResident(app, ingrid, INGRID);
  await makeProfessional(app, admin, id, 'Buurthuis De Ster');
  const page = await ingrid.newPage();
  await page.goto('/ideeen/nieuw');
  await page.getByLabel('Titel').fill('Stoep repareren');
  await page.getByLabel('Beschrijving').fill('De stoep bij nummer 12 is kapot.');
  await page.getByLabel('Gebied').selectOption(areas.neighbourhood);
  await page.getByLabel('Voornaam van de bewoner').fill('Henk');
  await page.getByRole('button', { name: 'Concept bewaren' }).click();
  await page.getByText('Vul ook in waar je dit hebt opgetekend.').waitFor();
  await page.getByLabel('Waar opgetekend').fill('Buurthuis De Ster');
  await page.locator('main form button[type=submit]').click();
  await page.getByRole('heading', { level: 1, name: 'Stoep repareren' }).waitFor();
  await page.getByText('Henk, opgetekend door Ingrid in Buurthuis De Ster').waitFor();
  await ingrid.close();
});

for (const locale of ['nl', 'en']) {
  test(`axe finds no WCAG 2.1 A/AA violations on the mandate pages (${locale})`, async () => {
    const fatima = await app.context({ locale });
    await signInAs(app, fatima, FATIMA.email, FATIMA.password);
    const piet = await app.context({ locale });
    await signInAs(app, piet, PIET.email, PIET.password);
    // A fresh mandate, so Piet's forms show the choice.
    await app.graphql(
      fatima,
      'mutation($input: GrantMandateInput!) { grantMandate(input: $input) { mandate { id } } }',
      {
        input: {
          delegateEmail: PIET.email,
          actions: ['POST_IDEAS', 'SUPPORT', 'COMMENT'],
          validUntil: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(),
        },
      },
    );
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
    await check('mandates', fatima, '/machtigingen', '.plein-mandates');
    await check('mandates-errors', fatima, '/machtigingen', 'form', async (page) => {
      await page.locator('main form button[type=submit]').click();
      await page.locator('#delegate-error').waitFor();
    });
    await check('mandates-received', piet, '/machtigingen', '.plein-mandates');
    await check('idea-new-on-behalf', piet, '/ideeen/nieuw', '#onBehalfOf');
    await check('idea-on-behalf', piet, `/ideeen/${ideaId}`, '#support-for');
    const bram = await app.context({ locale });
    await signInAs(app, bram, BRAM.email, BRAM.password);
    await check('group-on-behalf', bram, `/werkgroepen/${kasGroupId}`, '.plein-meeting select');
    assert.deepEqual(failures, []);
    await Promise.all([fatima.close(), piet.close(), bram.close()]);
  });
}
