/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const RESULTS_DIR = path.join(ROOT, 'test-results', 'browser');
export const DEMO_PASSWORD = 'shiji-demo';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export type Server = { url: string; stop(): Promise<void>; output(): string };

/**
 * Starts the real server (`tsx src/main.ts start`) on a free port with a fresh PGlite data dir and
 * the demo data; resolves once /readyz answers. `prepare` may put data into the data dir first. The web build must exist (npm ci / npm start build it;
 * the server would build it too, but that is slow to do inside a test).
 */
export async function startServer(opts: { prepare?: (dataDir: string) => Promise<void> } = {}): Promise<Server> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shiji-browser-'));
  await opts.prepare?.(dataDir);
  let out = '';
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'src/main.ts', 'start'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', SHIJI_DATA_DIR: dataDir, SHIJI_DEMO: 'true', LOG_LEVEL: 'warn',
      SHIJI_JOBS: 'false', SHIJI_RATE_LIMIT_PER_MINUTE: '100000', NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${out}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`the server did not become ready in 120 s:\n${out}`); }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    output: () => out,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Debian's Chromium, headless; never downloads a browser. Playwright gives every launch a fresh
 * temporary profile (user-data-dir) and removes it on close.
 */
export async function launchBrowser(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--lang=zh-CN'],
  });
  return { browser, close: () => browser.close() };
}

/**
 * One journey file's environment: the real server (fresh data dir) and Chromium, started before the
 * file's tests and always stopped after them. Read `url` and `browser` inside tests.
 */
export function useJourney(opts: Parameters<typeof startServer>[0] = {}): { readonly url: string; readonly browser: Browser } {
  let server: Server | undefined;
  let launched: { browser: Browser; close(): Promise<void> } | undefined;
  beforeAll(async () => {
    server = await startServer(opts);
    launched = await launchBrowser();
  });
  afterAll(async () => {
    await launched?.close();
    await server?.stop();
  });
  return {
    get url() { if (!server) throw new Error('the journey server is not running'); return server.url; },
    get browser() { if (!launched) throw new Error('the browser is not running'); return launched.browser; },
  };
}

/** A new browser context (own cookies and localStorage) at a viewport, Chinese locale, Shanghai time. */
export async function newContext(browser: Browser, viewport: ViewportName): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport: VIEWPORTS[viewport], locale: 'zh-CN', timezoneId: 'Asia/Shanghai',
    deviceScaleFactor: 1, isMobile: viewport === 'phone', hasTouch: viewport === 'phone' });
  ctx.setDefaultTimeout(15_000);
  return ctx;
}

/** Collects console errors, failed requests and CSP violations so a test can assert there were none. */
export function watchPage(page: Page): { problems: string[] } {
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // A request the browser abandoned because the page navigated on (ERR_ABORTED) is not a failure.
  page.on('requestfailed', (r) => {
    const error = r.failure()?.errorText ?? '';
    if (error !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} ${error}`);
  });
  return { problems };
}

/** Saves a full-page screenshot under test-results/browser/<journey>/<name>-<viewport>.png. */
export async function shot(page: Page, journey: string, name: string, viewport: ViewportName): Promise<string> {
  const dir = path.join(RESULTS_DIR, journey);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-${viewport}.png`);
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Fails when the page is wider than the viewport (horizontal overflow at phone width). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Visible text that looks like an untranslated i18n key (e.g. "auth.signIn") or is English inside a zh-CN page. */
export async function languageLeaks(page: Page): Promise<{ rawKeys: string[]; english: string[] }> {
  return page.evaluate(() => {
    const rawKeys: string[] = [];
    const english: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    // Product and technical names that stay in Latin letters in Chinese UIs too.
    const allowed = /^(Shiji|IP|ID|TOTP|otpauth|App|Google|Microsoft|Authenticator|HH|MM|UTC|EN|Webhook|IANA|Asia|Shanghai|Chrome|Chromium|HeadlessChrome|Linux|Windows|macOS|Android|iOS|Safari|Firefox|Edge|curl|JavaScript)$/;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      // Data (names, ids, error messages from jobs, user agents) is marked translate="no" and not judged.
      if (!el || el.closest('code, pre, .shiji-mono, [lang="en"], [translate="no"], script, style, noscript')) continue;
      if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
      const text = (n.textContent ?? '').trim();
      if (!text) continue;
      if (/^[a-z][a-zA-Z]+(\.[a-zA-Z_]+)+$/.test(text)) rawKeys.push(text);
      if (document.documentElement.lang === 'zh-CN') {
        for (const word of text.match(/[A-Za-z]{3,}/g) ?? []) {
          if (!allowed.test(word) && !/@|\.test|\.com|^acc_|^org_|^ses_|^req_/.test(text)) english.push(text);
        }
      }
    }
    return { rawKeys: [...new Set(rawKeys)], english: [...new Set(english)] };
  });
}

/** Signs in through the sign-in page. */
export async function signIn(page: Page, baseUrl: string, login: string, password = DEMO_PASSWORD, next?: string): Promise<void> {
  await page.goto(`${baseUrl}/login${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  await page.getByLabel('邮箱或手机号').or(page.getByLabel('Email or phone')).fill(login);
  await page.locator('input[type="password"]').fill(password);
  await page.getByTestId('sign-in-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** Signs in through the API (sets the session cookie in the page's context): for journeys that are not about signing in. */
export async function signInQuickly(page: Page, baseUrl: string, login: string, password = DEMO_PASSWORD): Promise<void> {
  const res = await page.request.post(`${baseUrl}/api/auth/login`, { data: { login, password } });
  if (!res.ok()) throw new Error(`sign-in of ${login} failed: ${res.status()} ${await res.text()}`);
}

/**
 * Problems worth failing a journey for. A 401 is how the app learns it has a guest (or a wrong
 * password); other statuses a journey provokes on purpose are passed in `expected`.
 */
export function realProblems(problems: string[], expected: number[] = []): string[] {
  const ok = new RegExp(`status of (${[401, ...expected].join('|')})\\b`);
  return problems.filter((p) => !ok.test(p));
}
