// The accessibility and privacy statements: linked from the footer, in Dutch
// and English, the privacy statement linking the own-data pages; both pass
// axe-core in either language.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, screenshot, start } from './harness.mjs';

let app;

before(async () => {
  app = await start();
});
after(async () => {
  await app?.stop();
});

const PAGES = {
  nl: [
    { link: 'Toegankelijkheid', heading: 'Toegankelijkheidsverklaring', text: 'Status: C' },
    { link: 'Privacy', heading: 'Privacyverklaring', text: 'Je gegevens inzien of laten verwijderen' },
  ],
  en: [
    { link: 'Accessibility', heading: 'Accessibility statement', text: 'Status: C' },
    { link: 'Privacy', heading: 'Privacy statement', text: 'Seeing your data or having it deleted' },
  ],
};

for (const locale of ['nl', 'en']) {
  test(`the statements are linked from the footer and pass axe (${locale})`, async () => {
    const context = await app.context({ locale });
    const page = await context.newPage();
    for (const { link, heading, text } of PAGES[locale]) {
      await page.goto('/');
      await page.getByRole('contentinfo').getByRole('link', { name: link, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.getByText(text).first().waitFor();
      await page.waitForLoadState('networkidle');
      assert.deepEqual(await axeViolations(page), []);
      await screenshot(page, `statement-${heading.toLowerCase().replace(/\s+/g, '-')}-${locale}`);
    }
    // The privacy statement links the own-data export and account deletion.
    const links = await page.locator('.plein-prose a[href="/profiel"]').count();
    assert.ok(links >= 2, `links to /profiel: ${links}`);
    await context.close();
  });
}
