// Screenshots of the real pages for docs/screenshots (not a test run):
//   npx playwright test -c e2e/screenshots.config.ts
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

export default defineConfig({
  ...base,
  testDir: './screenshots',
  outputDir: './test-results/screenshots',
  reporter: [['list']],
});
