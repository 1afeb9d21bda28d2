import { chromium } from 'playwright-core';
const base = 'http://127.0.0.1:18080';
const pages = (process.argv[2] ?? '/').split(',');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'], headless: true });
const context = await browser.newContext({ viewport: { width: Number(process.env.W ?? 1440), height: Number(process.env.H ?? 900) }, colorScheme: 'dark' });
const page = await context.newPage();
page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.log('console', m.type(), m.text().slice(0, 300)); });
page.on('pageerror', (e) => console.log('pageerror', e.message));
await page.goto(base + '/login');
await page.fill('input[name=username]', 'admin');
await page.fill('input[name=password]', 'admin-password-123');
await page.click('button[type=submit]');
await page.waitForURL((u) => !u.pathname.startsWith('/login'));
if (process.env.THEME) await page.evaluate((t) => localStorage.setItem('vigil.theme', t), process.env.THEME);
for (const [i, p] of pages.entries()) {
  await page.goto(base + p);
  await page.waitForTimeout(Number(process.env.WAIT ?? 1500));
  await page.screenshot({ path: `/tmp/vigil-ui/shot-${i}.png`, fullPage: process.env.FULL === '1' });
  console.log('shot', i, p, page.url());
}
await browser.close();
