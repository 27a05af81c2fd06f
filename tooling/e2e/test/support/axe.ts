import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/**
 * Runs axe-core on the page as it is and expects no serious or critical violation (each named with
 * up to three of its nodes). Waits for the page's load and its title: after a client-side
 * navigation the head may be a moment behind the body.
 */
export async function checkAccessibility(page: Page, what: string): Promise<void> {
  await page.waitForLoadState('load');
  await page.waitForFunction('document.title.length > 0');
  if ((await page.evaluate('typeof window.axe')) !== 'object') {
    await page.addScriptTag({ content: AXE_SOURCE });
  }
  const violations = (await page.evaluate(`
    window.axe.run(document, { resultTypes: ['violations'] }).then((r) =>
      r.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')))
  `)) as string[];
  expect(violations, `axe on ${what}`).toEqual([]);
}
