// Browser journeys against the real `portico` binary and the built SPA, in Debian's Chromium.
// Run from the repository root: npx playwright test -c e2e/playwright.config.ts
import { defineConfig } from '@playwright/test';
import { DEMO_PASSWORD } from './support';

const port = Number(process.env.PORTICO_E2E_PORT ?? 18080);

// serve.sh (the webServer below) inherits these: every demo staff user gets this password.
process.env.PORTICO_DEMO_PASSWORD = DEMO_PASSWORD;
process.env.PORTICO_E2E_PORT = String(port);

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  // One server, one seeded database: journeys run one after another.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 7_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      // `npx playwright install` cannot download browsers here; Debian's Chromium is installed.
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: {
    command: 'bash e2e/serve.sh',
    cwd: '..',
    url: `http://127.0.0.1:${port}/api/v1/ready`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
  },
});
