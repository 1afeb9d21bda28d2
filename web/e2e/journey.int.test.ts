// The analyst's journey in a real browser against a real `vigil serve`: sign in, an attack
// event arrives and its alert appears live in the queue, keyboard triage, the alert's page, a
// case opened from it (a markdown comment, a task, an attachment), the alert closed and the
// case resolved, the dashboard and the wallboard; then the event search (syntax error,
// histogram, drawer, export, saved searches) and the rules views. The alert is raised by the
// built-in Sigma rule for encoded PowerShell from the ingested Sysmon event. Screenshots go to
// test-artifacts/e2e/.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { eventually, startServerProcess, type ServerProcess } from '../../src/test-support/server-process.js';
import { tempDir } from '../../src/test-support/temp-dir.js';
import { openBrowser } from './support/browser.js';
import { ensureConsoleBuilt, ROOT } from './support/build.js';

const PASSWORD = 'e2e-admin-password-1';
const basic = `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`;
const ENCODED = 'SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA';

/** A Sysmon process creation (event 1) as Winlogbeat ships it: PowerShell with an encoded command, started by Word. */
function sysmonEvent(time: number): Record<string, unknown> {
  return {
    '@timestamp': new Date(time).toISOString(),
    host: { name: 'WS-042' },
    winlog: {
      channel: 'Microsoft-Windows-Sysmon/Operational', provider_name: 'Microsoft-Windows-Sysmon', event_id: 1, computer_name: 'WS-042',
      event_data: {
        Image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
        CommandLine: `powershell.exe -nop -w hidden -enc ${ENCODED}`,
        ParentImage: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE',
        User: 'CORP\\jdoe',
      },
    },
  };
}

const RULE_TITLE = 'PowerShell Started With An Encoded Command';

async function post(server: ServerProcess, path: string, body: string, type: string): Promise<Response> {
  const response = await fetch(`${server.http}${path}`, { method: 'POST', headers: { authorization: basic, 'content-type': type }, body });
  assert.ok(response.status < 300, `${path}: ${response.status} ${await response.clone().text()}`);
  return response;
}

/** Waits until the page shows the text (a locator's text, polled). */
async function waitForText(page: Page, selector: string, text: string | RegExp, timeout = 15_000): Promise<void> {
  const until = Date.now() + timeout;
  for (;;) {
    const content = (await page.locator(selector).allTextContents()).join('\n');
    if (typeof text === 'string' ? content.includes(text) : text.test(content)) return;
    if (Date.now() > until) throw new Error(`"${selector}" never showed ${String(text)}; it shows:\n${content.slice(0, 800)}`);
    await page.waitForTimeout(100);
  }
}

function entrySize(): { files: number; rawKb: number; gzipKb: number; total: number } {
  const assets = join(ROOT, 'web', 'dist', 'assets');
  const html = readFileSync(join(ROOT, 'web', 'dist', 'index.html'), 'utf8');
  // What the first page load fetches: the entry script, its preloaded chunks and the CSS.
  const initial = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+)"/g)].map((m) => m[1]!);
  const bytes = initial.map((f) => readFileSync(join(assets, f)));
  const all = readdirSync(assets).filter((f) => f.endsWith('.js')).reduce((n, f) => n + gzipSync(readFileSync(join(assets, f))).length, 0);
  return {
    files: initial.length,
    rawKb: Math.round(bytes.reduce((n, b) => n + b.length, 0) / 1024),
    gzipKb: Math.round(bytes.reduce((n, b) => n + gzipSync(b).length, 0) / 1024),
    total: Math.round(all / 1024),
  };
}

describe('the analyst console in Chromium', () => {
  before(() => ensureConsoleBuilt());

  test('sign in, see an alert arrive live, triage it, open a case and close it', async (t) => {
    const server = await startServerProcess(t, await tempDir(t), { VIGIL_ADMIN_PASSWORD: PASSWORD });
    const { page, errors, screenshot } = await openBrowser(t);

    // A shared link to the queue asks for a sign-in first, then lands on the queue.
    await page.goto(`${server.http}/alerts?status=new`);
    await page.waitForURL(/\/login\?next=/);
    await page.locator('input[name=username]').waitFor();
    const firstRender = await page.evaluate(() => performance.getEntriesByName('vigil:first-render')[0]?.startTime ?? null);
    assert.ok(firstRender !== null, 'the first render is marked');
    await screenshot('01-login');
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', 'not the password');
    await page.click('button[type=submit]');
    await waitForText(page, '[role=alert]', 'Wrong username or password');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/alerts\?status=new$/);
    await waitForText(page, '[data-testid=stream-state]', 'live');
    await waitForText(page, '.empty', 'No alerts match');

    // The attack happens while the queue is open: the page is not reloaded to see it.
    await page.evaluate(() => { (window as unknown as { stayed: boolean }).stayed = true; });
    const now = Date.now();
    await post(server, '/api/ingest', JSON.stringify(sysmonEvent(now - 2000)), 'application/x-ndjson');
    await waitForText(page, 'table[aria-label="Alert queue"] tbody', RULE_TITLE);
    assert.equal(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed), true, 'the alert arrived without a reload');
    await waitForText(page, 'table[aria-label="Alert queue"] tbody tr.focused', 'WS-042');
    await screenshot('02-queue-live-alert');

    // Keyboard triage: the help sheet, select, acknowledge.
    await page.keyboard.press('?');
    await waitForText(page, '[role=dialog]', 'Acknowledge');
    await page.keyboard.press('Escape');
    await page.keyboard.press('x');
    await waitForText(page, '[data-testid=bulk-bar]', '1 selected');
    await page.keyboard.press('a');
    await waitForText(page, '.toast', '1 alert acknowledged');
    // The queue shows new alerts only (?status=new): the acknowledged one leaves it.
    await waitForText(page, '.empty', 'No alerts match');
    await page.goto(`${server.http}/alerts?status=acknowledged`);
    await waitForText(page, 'table[aria-label="Alert queue"] tbody', 'acknowledged');

    // Everything about the alert on one page.
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/alerts\/[^/?]+$/);
    await waitForText(page, '[data-testid=alert-title]', RULE_TITLE);
    await waitForText(page, '.panel', 'T1059.001');
    await waitForText(page, '.panel', 'the script from command-line logging');
    await waitForText(page, 'table[aria-label^="Event"]', 'WINWORD.EXE');
    await waitForText(page, 'table[aria-label^="Event"] tr.matched', '-enc');
    await page.getByRole('button', { name: 'Assign to me' }).click();
    await waitForText(page, '[data-testid=alert-assignee]', 'admin');
    await screenshot('03-alert-page');

    // A case from the alert, with a markdown comment rendered safely.
    await page.getByRole('button', { name: 'Case…' }).click();
    await page.getByRole('button', { name: 'Open case', exact: true }).click();
    await page.waitForURL(/\/cases\/[^/?]+$/);
    await waitForText(page, '[data-testid=case-title]', RULE_TITLE);
    await waitForText(page, 'table[aria-label="Case alerts"]', RULE_TITLE);
    await page.getByRole('tab', { name: /Comments/ }).click();
    await page.getByLabel('Comment').fill('Parent is **WINWORD.EXE**: a macro.\n\n- isolate `WS-042`\n- <img src=x onerror=alert(1)>');
    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    await waitForText(page, '[data-testid=case-comment]', 'a macro');
    assert.equal(await page.locator('[data-testid=case-comment] .md strong').first().textContent(), 'WINWORD.EXE');
    assert.equal(await page.locator('[data-testid=case-comment] .md img').count(), 0, 'no HTML from a comment');
    await waitForText(page, '[data-testid=case-comment] li', '<img src=x onerror=alert(1)>');
    await page.getByRole('tab', { name: /Tasks/ }).click();
    await page.getByLabel('New task').fill('Isolate WS-042');
    await page.getByRole('button', { name: 'Add task' }).click();
    await waitForText(page, '.panel', 'Isolate WS-042');
    await page.getByRole('tab', { name: /Attachments/ }).click();
    await page.getByLabel('File to attach').setInputFiles({ name: 'triage-notes.txt', mimeType: 'text/plain', buffer: Buffer.from('parent: WINWORD.EXE\n') });
    await page.getByRole('button', { name: 'Upload' }).click();
    await waitForText(page, 'table[aria-label=Attachments]', 'triage-notes.txt');
    await page.getByRole('tab', { name: /Observables/ }).click();
    await waitForText(page, 'table[aria-label=Observables]', 'ws-042');
    await screenshot('04-case');

    // Close the alert with a disposition, then resolve the case.
    const caseUrl = page.url();
    await page.getByRole('tab', { name: /Overview/ }).click();
    await page.locator('table[aria-label="Case alerts"] a').first().click();
    await page.waitForURL(/\/alerts\//);
    await page.getByRole('button', { name: 'Close…' }).click();
    await page.keyboard.press('1');
    await page.getByRole('button', { name: 'Close alert' }).click();
    await waitForText(page, '.title-line', 'closed');
    await waitForText(page, '.title-line', 'true positive');
    await page.goto(caseUrl);
    await page.getByRole('button', { name: 'Resolve…' }).click();
    await page.getByLabel('Summary').fill('Macro blocked, host reimaged.');
    await page.getByRole('button', { name: 'Resolve', exact: true }).click();
    await waitForText(page, '[data-testid=case-resolution]', 'true positive');
    await waitForText(page, '.title-line', 'resolved');
    await screenshot('05-case-resolved');

    // The dashboard and the wallboard count it.
    await page.goto(`${server.http}/`);
    await waitForText(page, '[data-testid=stat-alerts]', '1');
    await waitForText(page, '[data-testid=metric-mttr]', '1 alerts');
    await screenshot('06-dashboard');
    await page.goto(`${server.http}/screen`);
    await waitForText(page, '[data-testid="counter-Closed today"]', '1');
    await screenshot('07-wallboard');

    // The browser reports the deliberate wrong password's 401; nothing else may appear.
    const wrongPassword = /\/api\/session\/login: .*status of 401/;
    assert.equal(errors.filter((e) => wrongPassword.test(e)).length, 1, errors.join('\n'));
    assert.deepEqual(errors.filter((e) => !wrongPassword.test(e)), [], 'no other errors in the browser console');
    const size = entrySize();
    t.diagnostic(`time to first render (login form painted, from navigation start): ${Math.round(firstRender)} ms`);
    t.diagnostic(`first load: ${size.files} files, ${size.rawKb} KB, ${size.gzipKb} KB gzip; all JavaScript ${size.total} KB gzip (charts load on first use)`);
  });

  test('event search: syntax errors in place, zoom by dragging, fields, drawer, export, saved searches', async (t) => {
    const server = await startServerProcess(t, await tempDir(t), { VIGIL_ADMIN_PASSWORD: PASSWORD });
    const now = Date.now();
    const lines = [sysmonEvent(now - 60_000), ...Array.from({ length: 40 }, (_, i) => ({
      '@timestamp': new Date(now - (i + 2) * 600_000).toISOString(), host: { name: i % 2 ? 'web-01' : 'db-01' }, user: { name: i % 3 ? 'alice' : 'bob' }, message: `login ${i}`,
    }))];
    await post(server, '/api/ingest', lines.map((l) => JSON.stringify(l)).join('\n'), 'application/x-ndjson');
    // Stored events become searchable once their WAL segment is loaded (about a second): wait
    // for that through the API, so the page's first search sees them all.
    await eventually(async () => {
      const response = await fetch(`${server.http}/api/events/search?from=now-24h&limit=1`, { headers: { authorization: basic } });
      return ((await response.json()) as { total: number }).total === 41;
    }, 'the 41 events to be searchable');
    const { page, errors, screenshot } = await openBrowser(t);
    await page.goto(`${server.http}/login?next=${encodeURIComponent('/events?range=24h')}`);
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/events\?range=24h$/);
    await waitForText(page, '.panel-header h2', '41 events', 30_000);

    // A syntax error is underlined where the API says it is, and explained.
    await page.getByLabel('Query').fill('user.name:(alice OR');
    await page.keyboard.press('Enter');
    await waitForText(page, '.querybar-error', /at position 17/);
    assert.equal(await page.locator('[data-testid=query-error-mark] mark').textContent(), 'OR');
    await screenshot('10-search-syntax-error');

    // Filter in from the field sidebar's top values.
    await page.getByLabel('Query').fill('');
    await page.keyboard.press('Enter');
    await waitForText(page, '.panel-header h2', '41 events');
    await page.locator('.field-item > button', { hasText: /^user\.name/ }).click();
    await page.getByRole('button', { name: 'Filter for alice' }).click();
    await waitForText(page, '.panel-header h2', '26 events');
    assert.match(decodeURIComponent(page.url()), /q=user\.name:"alice"/);

    // Drag across the histogram: the range becomes custom (from/to in the URL).
    const chart = page.getByRole('img', { name: /Events over time/ });
    const box = (await chart.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.55, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.98, box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
    await page.waitForURL(/from=\d+&.*to=\d+|to=\d+.*from=\d+/);
    assert.doesNotMatch(page.url(), /range=/);

    // The event drawer, and the Sysmon event found by its command line.
    await page.goto(`${server.http}/events?range=24h&q=${encodeURIComponent('winlog.event_data.CommandLine:*-enc*')}`);
    await waitForText(page, '.panel-header h2', /^1 event$/m);
    await page.locator('table[aria-label=Events] tbody tr').first().click();
    await waitForText(page, 'table[aria-label="Event fields"]', 'WINWORD.EXE');
    await screenshot('11-event-drawer');
    await page.keyboard.press('Escape');

    // Export: NDJSON holds the event with every field.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'NDJSON' }).click()]);
    const exported = readFileSync((await download.path())!, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(exported.length, 1);
    assert.equal(exported[0]!['winlog.event_data.ParentImage'], 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE');

    // Saved search: saved, then opened from the menu on a blank search.
    await page.getByRole('button', { name: 'Save…' }).click();
    await page.locator('[role=dialog] input').fill('Encoded PowerShell');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await waitForText(page, '.toast', 'Saved "Encoded PowerShell"');
    await page.goto(`${server.http}/events`);
    await page.getByRole('button', { name: 'Saved' }).click();
    await page.getByRole('menuitem', { name: 'Encoded PowerShell' }).click();
    await waitForText(page, '.panel-header h2', /^1 event$/m);
    assert.match(decodeURIComponent(page.url()), /CommandLine:\*-enc\*/);

    // Only the deliberate syntax error's two requests (search and histogram) failed.
    assert.deepEqual(errors.filter((e) => !/status of 400/.test(e)), []);
    assert.equal(errors.length, 2, errors.join('\n'));
  });
  test('rules: filters, a rule with its YAML and hits, disable and enable, a test run, ATT&CK coverage', async (t) => {
    const server = await startServerProcess(t, await tempDir(t), { VIGIL_ADMIN_PASSWORD: PASSWORD });
    await post(server, '/api/ingest', JSON.stringify(sysmonEvent(Date.now() - 5000)), 'application/x-ndjson');
    const { page, errors, screenshot } = await openBrowser(t);
    await page.goto(`${server.http}/login?next=${encodeURIComponent('/rules?level=high')}`);
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/rules\?level=high$/);
    await waitForText(page, 'table[aria-label=Rules]', RULE_TITLE);
    await screenshot('20-rules');

    await page.getByRole('link', { name: RULE_TITLE }).click();
    await page.waitForURL(/\/rules\/bacb4fc0-/);
    await waitForText(page, '[data-testid=rule-yaml]', 'CommandLine|windash|contains');
    await waitForText(page, 'table[aria-label="Recent hits"]', 'WS-042', 30_000);
    await page.getByRole('button', { name: 'Disable' }).click();
    await waitForText(page, '[data-testid=rule-state]', 'disabled');
    await page.getByRole('button', { name: 'Enable' }).click();
    await waitForText(page, '[data-testid=rule-state]', 'enabled');
    await screenshot('21-rule');

    // The rule's own YAML on a pasted event and a raw log line: one match, its field shown.
    await page.getByRole('link', { name: 'Test…' }).click();
    await page.waitForURL(/\/rules\/test\?rule=/);
    await page.getByLabel(/^Events/).fill(`${JSON.stringify({ 'winlog.channel': 'Microsoft-Windows-Sysmon/Operational', 'winlog.event_id': 1, 'winlog.event_data.Image': 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'winlog.event_data.CommandLine': 'powershell -enc AAAA' })}\nNov 22 04:52:15 web01 sshd[42]: Accepted password for bob from 10.0.0.1 port 22 ssh2`);
    await page.getByRole('button', { name: 'Run test' }).click();
    await waitForText(page, '[data-testid=rule-test-result] h2', '1 of 2 events match');
    await waitForText(page, '[data-testid=rule-test-result] tr.matched', 'powershell -enc AAAA');

    await page.goto(`${server.http}/rules/coverage`);
    const execution = page.locator('.matrix-col', { hasText: 'Execution' });
    await waitForText(page, '.matrix', 'T1059.001');
    assert.match((await execution.textContent()) ?? '', /T1059\.001\s*1 rule · 1 alert/);
    await screenshot('22-coverage');
    assert.deepEqual(errors, []);
  });
});
