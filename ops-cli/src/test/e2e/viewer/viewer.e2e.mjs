// Engram's viewer in a real browser: Debian's headless Chromium, driven by Playwright (playwright-core, no browser
// download). ViewerBrowserTest starts it against a running Engram and talks to it by lines: this script prints
// "step <name>" as it goes and "ready-for-demo" once the live view is open; the test then loads the demo session and
// answers with one JSON line of what it wrote ({sessionId, observationIds, summaryId, searchWord, searchObservationId,
// failedJobId, failedReason}).
// Screenshots of each view, light and dark, go to ENGRAM_VIEWER_SCREENSHOTS. Any failed expectation exits 1.
import { chromium } from 'playwright-core';
import { createInterface } from 'node:readline';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const base = env('ENGRAM_URL');
const adminKey = env('ENGRAM_ADMIN_KEY');
const readKey = env('ENGRAM_READ_KEY');
const wrongKey = env('ENGRAM_WRONG_KEY');
const project = env('ENGRAM_PROJECT');
const shots = env('ENGRAM_VIEWER_SCREENSHOTS');
const timeout = Number(process.env.ENGRAM_VIEWER_TIMEOUT_MS || 30000);
mkdirSync(shots, { recursive: true });

const lines = createInterface({ input: process.stdin });
const nextLine = () => new Promise((resolve) => lines.once('line', resolve));
const step = (name) => console.log(`step ${name}`);

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, colorScheme: 'light' });
const page = await context.newPage();
page.setDefaultTimeout(timeout);
const external = [];
page.on('request', (request) => {
  if (!request.url().startsWith(base) && !request.url().startsWith('data:')) external.push(request.url());
});
const consoleErrors = [];
page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
page.on('pageerror', (error) => consoleErrors.push(error.message));

/** A screenshot of the page in light and in dark. */
async function screenshot(name) {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: join(shots, `viewer-${name}-light.png`) });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(shots, `viewer-${name}-dark.png`) });
  await page.emulateMedia({ colorScheme: 'light' });
}

async function paste(key) {
  await page.locator('#key').fill(key);
  await page.keyboard.press('Enter');
}

try {
  step('a wrong key gets a clear message');
  await page.goto(`${base}/viewer`);
  await paste(wrongKey);
  const refusal = page.locator('#connect-error');
  await refusal.waitFor({ state: 'visible' });
  const refusalText = await refusal.textContent();
  expect(refusalText.includes('Engram refused this key') && refusalText.includes('Invalid API key'),
    `the refusal said: ${refusalText}`);
  expect(await page.evaluate(() => sessionStorage.getItem('engram.viewer.key')) === null, 'a refused key was kept');
  await screenshot('wrong-key');
  // the browser logs the refused request itself ("Failed to load resource: ... 403"): expected here, and only here
  consoleErrors.length = 0;

  step('an admin key opens the live view');
  await paste(adminKey);
  await page.locator('#tabs').waitFor({ state: 'visible' });
  await page.locator('#project').selectOption(project);
  await page.locator('#live-state', { hasText: /^live$/ }).waitFor();
  expect(await page.locator('[data-view="jobs"]').isVisible(), 'an admin key sees no Jobs tab');
  expect(await page.evaluate((k) => sessionStorage.getItem('engram.viewer.key') === k, adminKey),
    'the key is not in session storage');
  expect(!page.url().includes(adminKey), 'the key is in the address');
  expect((await context.cookies()).length === 0, 'the viewer set a cookie');
  console.log('ready-for-demo');

  const demo = JSON.parse(await nextLine());
  step(`the demo's ${demo.observationIds.length} observations stream in`);
  for (const id of demo.observationIds) {
    await page.locator(`#live-list li[data-id="${id}"]`).waitFor();
  }
  await page.locator(`#live-list li[data-id="${demo.summaryId}"][data-kind="summary"]`).waitFor();
  await screenshot('live');

  step('the live view fits a phone-width screen');
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow <= 0, `the page is ${overflow}px wider than a phone screen`);
  await screenshot('live-phone');
  await page.setViewportSize({ width: 1280, height: 860 });

  step('the keyboard reaches the sessions view');
  await page.locator('[data-view="live"]').focus();
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement.dataset.view) === 'sessions', 'Tab did not reach Sessions');
  await page.keyboard.press('Enter');
  const row = page.locator(`#session-list a[data-session="${demo.sessionId}"]`);
  await row.waitFor();
  const rowText = await row.textContent();
  expect(rowText.includes('8 events'), `the session row says: ${rowText}`);
  await screenshot('sessions');

  step('the session opens as a timeline');
  await row.click();
  await page.locator('#timeline li.step').first().waitFor();
  expect(await page.locator('#timeline li.step[data-event]').count() === 8, 'the timeline does not hold the 8 events');
  for (const id of demo.observationIds) {
    expect(await page.locator(`#timeline li[data-id="${id}"]`).count() === 1, `observation ${id} is not in the timeline`);
  }
  await page.locator('#summary').waitFor({ state: 'visible' });
  expect((await page.locator('#summary-body').textContent()).length > 20, 'the summary is empty');
  await screenshot('session');

  step(`search finds "${demo.searchWord}"`);
  await page.locator('[data-view="search"]').click();
  await page.locator('#q').fill(demo.searchWord);
  await page.keyboard.press('Enter');
  const found = page.locator(`#search-results li[data-id="${demo.searchObservationId}"]`);
  await found.waitFor();
  const marked = (await found.locator('mark').allTextContents()).map((m) => m.toLowerCase());
  expect(marked.some((m) => m.startsWith(demo.searchWord.toLowerCase().slice(0, 4))),
    `the result marks ${JSON.stringify(marked)}, not the searched word`);
  await screenshot('search');

  step('an admin sees the failed job and retries it');
  await page.locator('[data-view="jobs"]').click();
  await page.locator('#lanes tbody tr[data-lane="event"]').waitFor();
  const outbox = await page.locator('#outbox').textContent();
  expect(outbox.startsWith('Outbox:'), `the outbox line says: ${outbox}`);
  const failed = page.locator(`#failed-list li[data-job="${demo.failedJobId}"]`);
  await failed.waitFor();
  expect((await failed.textContent()).includes(demo.failedReason), 'the failed job does not show its last error');
  await screenshot('jobs');
  await failed.getByRole('button', { name: `Retry job ${demo.failedJobId}` }).click();
  await failed.getByText(/queued again/).waitFor();
  console.log(`retried ${demo.failedJobId}`);

  step('a read key has no jobs view');
  await page.locator('#forget').click();
  await page.locator('#connect').waitFor({ state: 'visible' });
  expect(await page.evaluate(() => sessionStorage.getItem('engram.viewer.key')) === null, 'forget kept the key');
  await paste(readKey);
  await page.locator('#tabs').waitFor({ state: 'visible' });
  expect(!(await page.locator('[data-view="jobs"]').isVisible()), 'a read key sees the Jobs tab');
  await page.goto(`${base}/viewer#/jobs`);
  await page.locator('#view-live').waitFor({ state: 'visible' });
  expect(!(await page.locator('#view-jobs').isVisible()), 'a read key opened the jobs view by its address');

  expect(external.length === 0, `the page fetched from elsewhere: ${external.join(', ')}`);
  expect(consoleErrors.length === 0, `the page logged errors: ${consoleErrors.join(' | ')}`);
  console.log('done');
} catch (e) {
  console.log(`FAIL: ${e.message}`);
  await page.screenshot({ path: join(shots, 'failure.png') }).catch(() => {});
  process.exitCode = 1;
} finally {
  lines.close();
  await browser.close();
}
