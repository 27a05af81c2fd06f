import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Backend, createBackend } from './support/backends.js';
import { type Running, type RunningApi, startApi, startWeb } from './support/processes.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Browser → portal → API → registry → database: a model registered over HTTP shows up in the
 * portal, read through the API, in Debian's Chromium driven by playwright-core.
 */
describe.each(BACKENDS)('portal in a browser on the %s database', (backendName) => {
  let backend: Backend;
  let api: RunningApi;
  let web: Running;
  let browser: Browser;

  beforeAll(async () => {
    backend = await createBackend(backendName);
    api = await startApi(backend.env);
    const key = api.firstKey as string;
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const model = await fetch(`${api.url}/v1/projects/default/models`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'fraud-detector', description: 'Flags card fraud' }),
    });
    expect(model.status, await model.clone().text()).toBe(201);
    const version = await fetch(
      `${api.url}/v1/projects/default/models/fraud-detector/versions?format=json`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/octet-stream' },
        body: JSON.stringify({ type: 'logistic', coef: [1], intercept: 0 }),
      },
    );
    expect(version.status, await version.clone().text()).toBe(201);
    web = await startWeb(api.url);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await api?.stop();
    await backend?.dispose();
  });

  it('refuses a wrong key with the API’s message', async () => {
    const page = await browser.newPage();
    await page.goto(`${web.url}/models`);
    await page.waitForURL(/\/login/);
    await page.fill('#apiKey', 'assay_wrong');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/login\?error=/);
    expect(await page.locator('form p[role=alert]').textContent()).toMatch(
      /unknown or has been revoked/,
    );
    await page.close();
  });

  it('signs in with the first key and lists the registered model and its version', async () => {
    const page = await browser.newPage();
    await page.goto(`${web.url}/`);
    await page.waitForURL(/\/login/);
    await page.fill('#apiKey', api.firstKey as string);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/models$/);
    const model = page.getByTestId('model');
    await model.first().waitFor();
    expect(await model.count()).toBe(1);
    const text = (await model.first().textContent()) ?? '';
    expect(text).toContain('fraud-detector');
    expect(text).toContain('Flags card fraud');
    expect(text).toContain('v1');
    expect(text).toContain('json');
    await page.close();
  });
});
