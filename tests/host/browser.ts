// A Chromium page that records every page error and console error, so a test can fail on
// anything the host or the plugin logs, except what it expects.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { REPO_ROOT } from './harness';

export interface WatchedPage {
  page: Page;
  /** Page errors and console errors seen so far, minus the allowed ones. */
  problems: string[];
}

// @grafana/ui names about a third of its icons without shipping their SVGs; Grafana serves
// them from its own build. They 404 here and render blank (docs/dev/test-host.md#icons).
const MISSING_ICON = /\/public\/build\/img\/icons\/.+\.svg$/;

/** A response status the test itself expects, e.g. a query the backend refuses. */
export interface ExpectedFailure {
  path: string;
  status: number;
}

export async function openWatchedPage(browser: Browser, expected: ExpectedFailure[] = []): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const problems: string[] = [];
  const failedUrls = new Map<string, number>();
  page.on('response', (res) => {
    if (res.status() >= 400) {
      failedUrls.set(res.url(), res.status());
    }
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') {
      return;
    }
    const url = msg.location().url ?? '';
    const path = url ? new URL(url).pathname : '';
    if (msg.text().startsWith('Failed to load resource')) {
      if (MISSING_ICON.test(path)) {
        return;
      }
      const status = failedUrls.get(url);
      if (expected.some((e) => e.path === path && e.status === status)) {
        return;
      }
    }
    problems.push(`console.error: ${msg.text()} (${url})`);
  });
  return { page, problems };
}

// Tests write <name>.tmp.png (ignored by git); VIGIL_UPDATE_SCREENSHOTS=1 refreshes the
// committed <name>.png the README shows.
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = join(REPO_ROOT, 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, process.env.VIGIL_UPDATE_SCREENSHOTS === '1' ? `${name}.png` : `${name}.tmp.png`);
  await page.screenshot({ path: file });
  return file;
}
