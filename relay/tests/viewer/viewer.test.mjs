// The professionals' viewer in headless Chromium against a real relay: upload
// encrypted bundles (encrypted here with Node's crypto: alg dir, enc A256GCM, with and
// without zip DEF), build the shlink, open it, and read what a professional sees. An
// independent SHL client (kill-the-clipboard) also resolves a link from the relay. And the
// whole path a person takes: `phr share create` on a demo record, opened in the browser.
//
// Run by scripts/test-viewer.sh, which sets:
//   PHR_BIN                    the `phr` command (its `relay serve` and `share create`)
//   PHR_CHECKERS_NODE_MODULES  where playwright-core is (scripts/setup-checkers.sh)
//   PHR_CHROMIUM               Debian's chromium (scripts/setup-browser.sh)
//   PHR_FIXTURES_DIR           optional; else ../shared/fixtures beside the repository
// Prints "N passed, N failed" last.

import { execFileSync, spawn } from 'node:child_process';
import { createCipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { ukBundle } from './uk_bundle.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
const require = createRequire(import.meta.url);
const { chromium } = require(join(process.env.PHR_CHECKERS_NODE_MODULES || '', 'playwright-core'));

const RECIPIENT = 'Dr Shah at Parkside Medical Practice';
const b64url = (buf) => Buffer.from(buf).toString('base64url');

function fixturesDir() {
  const candidates = [process.env.PHR_FIXTURES_DIR, join(repo, '../shared/fixtures'), join(repo, '../../shared/fixtures')];
  const found = candidates.find((d) => d && existsSync(join(d, 'fhir/shl/IPS_IG-bundle-01.json')));
  if (!found) throw new Error('the shared fixtures are not found: set PHR_FIXTURES_DIR to the fixtures folder');
  return join(found, 'fhir/shl');
}

/** A compact JWE as the record's exporter writes it. */
function encrypt(plaintext, key, { zip = false } = {}) {
  const header = { alg: 'dir', enc: 'A256GCM', cty: 'application/fhir+json' };
  if (zip) header.zip = 'DEF';
  const protectedHeader = b64url(JSON.stringify(header));
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(protectedHeader, 'ascii'));
  const body = zip ? deflateRawSync(Buffer.from(plaintext)) : Buffer.from(plaintext);
  const ct = Buffer.concat([cipher.update(body), cipher.final()]);
  return `${protectedHeader}..${b64url(iv)}.${b64url(ct)}.${b64url(cipher.getAuthTag())}`;
}

function shlink(base, url, key, flag, label) {
  const payload = { url, key: b64url(key), v: 1 };
  if (flag) payload.flag = flag;
  if (label) payload.label = label;
  return `${base}/viewer/#shlink:/${b64url(JSON.stringify(payload))}`;
}

async function startRelay() {
  const dir = mkdtempSync(join(tmpdir(), 'phr-viewer-relay-'));
  const child = spawn(process.env.PHR_BIN, ['relay', 'serve', '--listen', '127.0.0.1:0', '--db', `sqlite://${join(dir, 'relay.db')}`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = await new Promise((ok, fail) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/PHR_RELAY_URL=(\S+)/);
      if (m) ok(m[1]);
    });
    child.on('exit', (code) => fail(new Error(`the relay exited with ${code}`)));
    setTimeout(() => fail(new Error('the relay did not start in 30 s')), 30_000);
  });
  return { base, stop: () => { child.kill('SIGINT'); rmSync(dir, { recursive: true, force: true }); } };
}

async function createLink(base, body) {
  const r = await fetch(`${base}/links`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (r.status !== 201) throw new Error(`create link: ${r.status} ${await r.text()}`);
  return r.json();
}

// --- the browser ------------------------------------------------------------

const userData = mkdtempSync(join(tmpdir(), 'phr-viewer-chromium-'));
const browser = await chromium.launchPersistentContext(userData, {
  executablePath: process.env.PHR_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

/** Opens `url`, answers the form, waits for the record or a problem; returns the page. */
async function openLink(url, { recipient = RECIPIENT, passcode } = {}) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.errors = errors;
  await page.goto(url);
  await page.waitForFunction(() => !document.getElementById('ask').hidden || document.getElementById('problem').textContent);
  if (await page.locator('#ask').isVisible()) {
    await page.getByLabel('Your name and where you work').fill(recipient);
    if (passcode !== undefined) await page.getByLabel('Passcode').fill(passcode);
    await page.getByRole('button', { name: 'Open the record' }).click();
    await page.waitForFunction(() => !document.getElementById('record').hidden || document.getElementById('problem').textContent);
  }
  return page;
}

const problemOf = (page) => page.locator('#problem').textContent();
const recordText = (page) => page.locator('#record').innerText();

// --- the cases --------------------------------------------------------------

const results = [];
async function test(name, fn) {
  try {
    await fn();
    results.push([name, true]);
    console.log(`ok - ${name}`);
  } catch (e) {
    results.push([name, false]);
    console.log(`not ok - ${name}\n  ${String(e?.stack || e).split('\n').join('\n  ')}`);
  }
}
function expect(cond, what) {
  if (!cond) throw new Error(what);
}

const shl = fixturesDir();
const ipsText = readFileSync(join(shl, 'IPS_IG-bundle-01.json'), 'utf8');
// The IPS example is Dutch; give its patient an NHS number as a UK record would.
const ips = JSON.parse(ipsText);
const ipsPatient = ips.entry.find((e) => e.resource.resourceType === 'Patient').resource;
ipsPatient.identifier.push({ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9434765919' });

const relay = await startRelay();
const { base } = relay;

/** `phr` on a record of its own in `dir`, with the cheap key derivation for tests. */
function phr(dir, args) {
  const env = { ...process.env, PHR_PASSPHRASE: 'correct horse battery', PHR_KDF: 'fast', HOME: dir };
  return execFileSync(process.env.PHR_BIN, ['--record', join(dir, 'record.db'), ...args], { env, encoding: 'utf8' });
}

try {
  await test('a share made by `phr share create` opens for the practice, refuses a wrong passcode, and ends when revoked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'phr-viewer-record-'));
    try {
      phr(dir, ['demo']);
      const share = JSON.parse(phr(dir, ['--json', 'share', 'create', '--to', 'Parkside Medical Practice', '--kind', 'gp_practice',
        '--sections', 'health', '--passcode', 'sesame-42', '--relay', base]));
      expect(share.viewer_link.startsWith(`${base}/viewer/#shlink:/`), `the viewer link: ${share.viewer_link}`);
      let page = await openLink(share.viewer_link, { passcode: 'not-it' });
      expect((await problemOf(page)) === 'That passcode is not right. 4 tries left.', `said: ${await problemOf(page)}`);
      await page.close();
      page = await openLink(share.viewer_link, { passcode: 'sesame-42' });
      expect((await problemOf(page)) === '', `problem: ${await problemOf(page)}`);
      const text = await recordText(page);
      for (const want of ['Alex Morgan', '943 476 5919', 'Penicillin']) expect(text.includes(want), `on screen: ${want}`);
      for (const secret of ['bus driver', 'Private physiotherapy', 'Acupuncture']) expect(!text.includes(secret), `a private entry on screen: ${secret}`);
      expect(page.errors.length === 0, `page errors: ${page.errors}`);
      await page.close();
      // An independent SHL client resolves the same link.
      const { SHLViewer } = await import(join(process.env.PHR_CHECKERS_NODE_MODULES, 'kill-the-clipboard/dist/index.esm.js'));
      const got = await new SHLViewer({ shlinkURI: share.link }).resolveSHL({ recipient: RECIPIENT, passcode: 'sesame-42' });
      const resources = got.fhirResources.flatMap((r) => (r.resourceType === 'Bundle' ? r.entry.map((e) => e.resource) : [r]));
      expect(resources.some((r) => r.resourceType === 'AllergyIntolerance'), 'kill-the-clipboard: the allergies');
      const log = phr(dir, ['share', 'log']);
      expect(log.includes(`viewed by ${RECIPIENT}`), `phr share log: ${log}`);
      phr(dir, ['share', 'revoke', share.id]);
      page = await openLink(share.viewer_link, { passcode: 'sesame-42' });
      expect((await problemOf(page)) === 'This link has been withdrawn or has expired.', `said: ${await problemOf(page)}`);
      await page.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  await test('an IPS bundle from others shows the patient, NHS number and allergies', async () => {
    const key = randomBytes(32);
    const link = await createLink(base, { files: [{ contentType: 'application/fhir+json', jwe: encrypt(JSON.stringify(ips), key) }] });
    const page = await openLink(shlink(base, link.url, key, 'L', 'Summary for Dr Shah'));
    expect((await problemOf(page)) === '', `problem: ${await problemOf(page)}`);
    const text = await recordText(page);
    if (process.env.PHR_VIEWER_SCREENSHOT) await page.screenshot({ path: process.env.PHR_VIEWER_SCREENSHOT, fullPage: true });
    expect(text.includes('Martha DeLarosa'), 'the patient name');
    expect(text.includes('943 476 5919'), `the NHS number, spaced 3-3-4, in: ${text.slice(0, 300)}`);
    expect(text.includes('1 May 1972'), 'the date of birth in plain words');
    expect(/penicillin/i.test(text), 'the penicillin allergy');
    expect(/no known food allergies/i.test(text), 'the IPS "no known food allergies" entry');
    expect(/anastrozole/i.test(text), 'the medication');
    expect(/Malignant tumor of breast/i.test(text), 'a condition');
    expect(text.includes('Martha Mum'), 'the emergency contact from Patient.contact');
    expect(await page.locator('#label').textContent() === 'Summary for Dr Shah', 'the label');
    expect(page.errors.length === 0, `page errors: ${page.errors}`);
    const log = await (await fetch(`${base}/links/${link.id}/log`, { headers: { authorization: `Bearer ${link.managementToken}` } })).json();
    expect(log.entries.length === 1 && log.entries[0].recipient === RECIPIENT && log.entries[0].outcome === 'ok', 'the access log names who looked');
    await page.close();
  });

  await test('a wrong passcode is refused with the attempts left, then the right one opens (zip DEF)', async () => {
    const key = randomBytes(32);
    const link = await createLink(base, {
      files: [{ contentType: 'application/fhir+json', jwe: encrypt(JSON.stringify(ips), key, { zip: true }) }],
      passcode: '2468', maxAttempts: 5,
    });
    const url = shlink(base, link.url, key, 'P');
    let page = await openLink(url, { passcode: '1111' });
    expect((await problemOf(page)) === 'That passcode is not right. 4 tries left.', `said: ${await problemOf(page)}`);
    expect(await page.locator('#record').isHidden(), 'nothing shown');
    await page.getByLabel('Passcode').fill('2468');
    await page.getByRole('button', { name: 'Open the record' }).click();
    await page.waitForFunction(() => !document.getElementById('record').hidden || document.getElementById('problem').textContent === '');
    await page.locator('#record h2').waitFor();
    expect((await recordText(page)).includes('Martha DeLarosa'), 'opened after the right passcode');
    await page.close();
  });

  await test('after DELETE /links/{id} the page says the link was withdrawn', async () => {
    const key = randomBytes(32);
    const link = await createLink(base, { files: [{ contentType: 'application/fhir+json', jwe: encrypt(JSON.stringify(ips), key) }] });
    const r = await fetch(`${base}/links/${link.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${link.managementToken}` } });
    expect(r.status === 204, `revoke: ${r.status}`);
    const page = await openLink(shlink(base, link.url, key, ''));
    expect((await problemOf(page)) === 'This link has been withdrawn or has expired.', `said: ${await problemOf(page)}`);
    expect(await page.locator('#record').isHidden(), 'nothing shown');
    await page.close();
  });

  await test('the published encrypted IPS file opens as a U link with the IG key', async () => {
    const jwe = readFileSync(join(shl, 'IPS_IG-bundle-01-enc.txt'), 'utf8').trim();
    const key = Buffer.from(JSON.parse(readFileSync(join(shl, 'IPS_IG-bundle-01-shl-details.json'), 'utf8')).shlinkJsonPayload.key, 'base64url');
    const link = await createLink(base, { files: [{ contentType: 'application/fhir+json', jwe }], direct: true });
    const page = await openLink(shlink(base, link.url, key, 'LU'));
    expect((await problemOf(page)) === '', `problem: ${await problemOf(page)}`);
    expect((await recordText(page)).includes('Martha DeLarosa'), 'decrypted in the browser');
    await page.close();
  });

  await test('a file that does not decrypt says the link is damaged', async () => {
    const link = await createLink(base, { files: [{ contentType: 'application/fhir+json', jwe: encrypt(ipsText, randomBytes(32), { zip: true }) }] });
    const page = await openLink(shlink(base, link.url, randomBytes(32), ''));
    expect((await problemOf(page)).startsWith('This link is damaged'), `said: ${await problemOf(page)}`);
    await page.close();
    const bad = await openLink(`${base}/viewer/#shlink:/not-a-payload`);
    expect((await problemOf(bad)).startsWith('This link is damaged'), `said: ${await problemOf(bad)}`);
    await bad.close();
  });

  await test('a UK record shows what each medicine is for, stopped medicines, contacts, wishes and readings', async () => {
    const key = randomBytes(32);
    const link = await createLink(base, { files: [{ contentType: 'application/fhir+json', jwe: encrypt(JSON.stringify(ukBundle), key, { zip: true }) }] });
    const page = await openLink(shlink(base, link.url, key, ''));
    expect((await problemOf(page)) === '', `problem: ${await problemOf(page)}`);
    const text = await recordText(page);
    for (const want of ['Alex Morgan', '943 476 5919', 'Peanut', 'Anaphylaxis', 'severe', 'Ramipril', 'for High blood pressure',
      'Metformin', 'for Type 2 diabetes', 'stopped', 'Sam Morgan', 'emergency contact', '07700 900123',
      'Do not attempt CPR', 'wants to be cared for at home', 'Blood pressure', '142/88 mmHg', 'Weight']) {
      expect(text.includes(want), `on screen: ${want}`);
    }
    expect(await page.locator('svg.chart').count() === 2, 'one chart per kind of reading');
    expect(await page.locator('#record table').first().getByRole('cell', { name: '138/84 mmHg' }).count() === 1, 'values in a table too');
    // Untrusted text shows as text and never runs.
    expect(text.includes('<img src=x onerror=window.__pwned=1>'), 'markup in the record is shown as text');
    expect(await page.evaluate(() => window.__pwned === undefined), 'markup in the record did not run');
    if (process.env.PHR_VIEWER_SCREENSHOT) await page.screenshot({ path: process.env.PHR_VIEWER_SCREENSHOT.replace(/\.png$/, '-uk.png'), fullPage: true });
    // On paper: the record only, no form and no buttons.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: 'Print' }).isHidden(), 'no Print button on paper');
    expect(await page.locator('#record h2').isVisible(), 'the record prints');
    if (process.env.PHR_VIEWER_SCREENSHOT) await page.screenshot({ path: process.env.PHR_VIEWER_SCREENSHOT.replace(/\.png$/, '-print.png'), fullPage: true });
    await page.close();
  });

  await test('an independent SHL client (kill-the-clipboard) resolves links from the relay', async () => {
    const { SHLViewer } = await import(join(process.env.PHR_CHECKERS_NODE_MODULES, 'kill-the-clipboard/dist/index.esm.js'));
    const key = randomBytes(32);
    const link = await createLink(base, {
      files: [{ contentType: 'application/fhir+json', jwe: encrypt(JSON.stringify(ips), key, { zip: true }) }],
      passcode: '1357',
    });
    const uri = shlink(base, link.url, key, 'P').split('#')[1];
    for (const embeddedLengthMax of [undefined, 1_000_000]) {
      const got = await new SHLViewer({ shlinkURI: uri }).resolveSHL({ recipient: RECIPIENT, passcode: '1357', embeddedLengthMax });
      const patient = got.fhirResources.flatMap((r) => (r.resourceType === 'Bundle' ? r.entry.map((e) => e.resource) : [r]))
        .find((r) => r.resourceType === 'Patient');
      expect(patient?.name?.[0]?.family === 'DeLarosa', `embeddedLengthMax ${embeddedLengthMax}: the patient`);
    }
    let refused = null;
    try {
      await new SHLViewer({ shlinkURI: uri }).resolveSHL({ recipient: RECIPIENT, passcode: '0000' });
    } catch (e) {
      refused = e;
    }
    expect(refused && /passcode/i.test(`${refused.name} ${refused.message}`), `a wrong passcode is refused: ${refused}`);
  });

  await test('the viewer never parses data as HTML', async () => {
    for (const file of ['viewer.js', 'shl.js', 'summary.js', 'render.js']) {
      const src = readFileSync(join(repo, 'relay/viewer', file), 'utf8');
      expect(!/innerHTML|outerHTML|insertAdjacentHTML|document\.write/.test(src), `${file} uses an HTML sink`);
    }
  });
} finally {
  await browser.close();
  rmSync(userData, { recursive: true, force: true });
  relay.stop();
}

const passed = results.filter(([, ok]) => ok).length;
const failed = results.length - passed;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
