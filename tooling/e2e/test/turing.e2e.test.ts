import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAccessibility } from './support/axe.js';
import { BACKENDS, type Backend, createBackend } from './support/backends.js';
import { type Running, type RunningApi, startApi, startWeb } from './support/processes.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const PROMPTS = [
  'What is the capital of France?',
  'Describe rain in a few words.',
  'Name a fruit that is yellow.',
  'What do cows drink?',
  'How many legs does a spider have?',
];

interface Invitation {
  token: string;
  link: string;
  judge: { id: string; name: string };
}

/**
 * A Turing test end to end (issue 15), on both databases: a side-by-side study of two machine
 * systems, three judges — two through the API, one through the portal's judging page with the
 * keyboard alone (opened from the invitation link, no API key) — then the owner's report (API and
 * the results page), results hidden from judges until the study closes. axe-core checks the
 * judging page, the results page and the list (no serious or critical violation).
 */
describe.each(BACKENDS)('Turing test on the %s database', (backendName) => {
  let backend: Backend;
  let api: RunningApi;
  let web: Running;
  let browser: Browser;
  let headers: Record<string, string>;
  const studies = () => `${api.url}/v1/projects/default/turing-studies`;
  const call = async (url: string, method: string, body?: unknown, extra = headers) => {
    const res = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json', ...extra },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: set CHROMIUM_PATH`);
    backend = await createBackend(backendName);
    api = await startApi(backend.env);
    headers = { authorization: `Bearer ${api.firstKey as string}` };
    web = await startWeb(api.url);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await api?.stop();
    await backend?.dispose();
  });

  it('runs a study with three judges (one in the browser, by keyboard) to its report', async () => {
    const created = await call(studies(), 'POST', { name: 'chatbots', mode: 'side-by-side' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    for (const [system, style] of [
      ['alpha', 'Short:'],
      ['beta', 'In my view,'],
    ] as const) {
      const items = PROMPTS.map((prompt, i) => ({
        prompt,
        humanAnswer: `A person answered question ${i + 1} plainly.`,
        machineAnswer: `${style} question ${i + 1} has a generated reply.`,
        system,
      }));
      expect((await call(`${studies()}/${id}/items`, 'POST', { items })).status).toBe(201);
    }
    const invitations: Invitation[] = [];
    for (const name of ['ann', 'bob', 'cy']) {
      const res = await call(`${studies()}/${id}/judges`, 'POST', { name });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      invitations.push(res.body as Invitation);
    }
    const [ann, bob, cy] = invitations as [Invitation, Invitation, Invitation];
    expect((await call(`${studies()}/${id}/open`, 'POST')).status).toBe(200);
    const listed = await call(`${studies()}/${id}/items?limit=100`, 'GET');
    const machineText = new Set(
      (listed.body.items as { machineAnswer: string }[]).map((i) => i.machineAnswer),
    );

    // ann (always right) and bob (always wrong) judge through the API with their tokens only.
    for (const [j, right] of [
      [ann, true],
      [bob, false],
    ] as const) {
      const token = { 'x-judge-token': j.token };
      for (;;) {
        const view = await call(`${studies()}/${id}/judging/next`, 'GET', undefined, token);
        expect(view.status).toBe(200);
        const item = view.body.item;
        if (item === null) break;
        expect(Object.keys(item).sort()).toEqual(['answer', 'id', 'left', 'prompt', 'right']);
        const machineLeft = machineText.has(item.left);
        const choice = machineLeft === right ? 'left' : 'right';
        const res = await call(
          `${studies()}/${id}/judging/judgements`,
          'POST',
          { itemId: item.id, choice },
          token,
        );
        expect(res.status, JSON.stringify(res.body)).toBe(201);
      }
    }

    // cy judges in the browser: the link, then the keyboard alone (always picks the machine).
    const judgeContext = await browser.newContext();
    const page = await judgeContext.newPage();
    const opened = await page.goto(`${web.url}${cy.link}`, { waitUntil: 'load' });
    expect(opened?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/turing/judge'); // the token left the address bar
    await checkAccessibility(page, 'the judging page');
    for (let n = 0; n < PROMPTS.length * 2; n++) {
      await page
        .getByTestId('judge-progress')
        .filter({ hasText: `${n} of 10 judged` })
        .waitFor();
      const text = (await page.locator('main').textContent()) ?? '';
      expect(text).not.toMatch(/alpha|beta|machine answer|system/i);
      const left = (await page.getByTestId('choice-left').textContent()) ?? '';
      const machineLeft = [...machineText].some((t) => left.includes(t));
      await page.keyboard.press(machineLeft ? '1' : '2');
      const chosen = page.locator(`#choice-${machineLeft ? 'left' : 'right'}`);
      await expect.poll(() => chosen.isChecked()).toBe(true);
      await expect
        .poll(() => page.evaluate('document.activeElement?.id'))
        .toBe(`choice-${machineLeft ? 'left' : 'right'}`);
      await page.keyboard.press('Enter');
    }
    await page.getByTestId('judge-done').waitFor();
    await checkAccessibility(page, 'the judging page, all judged');

    // Results stay hidden from judges while the study is open.
    const hidden = await call(`${studies()}/${id}/judging/results`, 'GET', undefined, {
      'x-judge-token': cy.token,
    });
    expect(hidden.status).toBe(403);

    // The owner's report.
    const report = await call(`${studies()}/${id}/report`, 'GET');
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    const r = report.body.report;
    const names = new Map(
      (report.body.judges as { id: string; name: string }[]).map((j) => [j.id, j.name]),
    );
    expect(
      Object.fromEntries(
        (r.perJudge as { judge: string; proportion: number; total: number }[]).map((p) => [
          names.get(p.judge),
          [p.proportion, p.total],
        ]),
      ),
    ).toEqual({ ann: [1, 10], bob: [0, 10], cy: [1, 10] });
    expect(r.accuracy).toMatchObject({ correct: 20, total: 30 });
    expect(r.deception).toMatchObject({ deceived: 10, machineJudgements: 30 });
    expect(r.agreement.fleissItems).toBe(10);
    expect(r.text.map((t: { system: string }) => t.system)).toEqual(['alpha', 'beta']);
    expect(r.pairedTest).toMatchObject({ baseline: 'alpha', candidate: 'beta', segments: 5 });

    // The results page and the list, signed in with the owner's key.
    const ownerContext = await browser.newContext();
    const owner = await ownerContext.newPage();
    await owner.goto(`${web.url}/login`);
    await owner.fill('#apiKey', api.firstKey as string);
    await owner.click('button[type=submit]');
    await owner.waitForURL(/\/models$/);
    await owner.getByRole('link', { name: 'Turing tests' }).click();
    await owner.waitForURL(/\/turing$/);
    await checkAccessibility(owner, 'the Turing studies list');
    await owner.getByRole('link', { name: 'chatbots' }).click();
    await owner.waitForURL(new RegExp(`/turing/${id}$`));
    await checkAccessibility(owner, 'the study results page');
    expect(await owner.getByTestId('turing-summary').textContent()).toMatch(/66\.7 % \(20 of 30\)/);
    expect(await owner.getByTestId('turing-deception').textContent()).toMatch(/33\.3 %/);
    await owner.getByTestId('turing-judges-chart').waitFor();
    await owner.getByTestId('turing-text-chart').waitFor();
    expect(await owner.getByTestId('turing-paired').textContent()).toMatch(/beta against alpha/);

    // Closed: the judge sees their results on the same page.
    expect((await call(`${studies()}/${id}/close`, 'POST')).status).toBe(200);
    await page.reload({ waitUntil: 'load' });
    expect(await page.getByTestId('judge-results').textContent()).toMatch(
      /right on 10 \(100\.0 %\)/,
    );
    await checkAccessibility(page, 'the judging page, closed');
    await judgeContext.close();
    await ownerContext.close();
  });
});
