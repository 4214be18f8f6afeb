// The viewer's page flow: read the link, ask who is looking (and the passcode),
// fetch, decrypt in this browser, show. The key never leaves the page: it is in the
// address fragment, which browsers do not send to any server.

import { DAMAGED, Plain, bundlesIn, decryptJwe, fetchFiles, linkFromAddress } from './shl.js';
import { summarise } from './summary.js';
import { el, plainDate, renderSummary } from './render.js';

const $ = (id) => document.getElementById(id);

function say(text) {
  $('problem').textContent = '';
  $('status').textContent = text;
}

function problem(text) {
  $('status').textContent = '';
  $('problem').textContent = text;
}

async function open(link, form) {
  const recipient = $('recipient').value.trim();
  const passcode = link.passcode ? $('passcode').value : undefined;
  if (!recipient) {
    problem('Please say who you are and where you work.');
    $('recipient').focus();
    return;
  }
  if (link.passcode && !passcode) {
    problem('Please type the passcode the person gave you.');
    $('passcode').focus();
    return;
  }
  form.querySelector('button').disabled = true;
  say('Fetching the record…');
  try {
    const files = await fetchFiles(link, recipient, passcode);
    if (!files.length) throw new Plain(DAMAGED);
    say('Opening the record…');
    const record = $('record');
    const views = [];
    for (const f of files) {
      const { text } = await decryptJwe(f.jwe, link.key);
      for (const bundle of await bundlesIn(f.contentType, text)) views.push(renderSummary(summarise(bundle)));
    }
    if (!views.length) throw new Plain('This link holds nothing this viewer can show.');
    record.replaceChildren(...views, el('p', { class: 'muted viewed' },
      `Viewed by ${recipient} on ${plainDate(new Date().toISOString())}. `,
      'The person who shared this record can see who looked at it.'));
    record.hidden = false;
    $('ask').hidden = true;
    $('print').hidden = false;
    say('The record is open.');
    record.querySelector('h2')?.focus();
  } catch (e) {
    problem(e instanceof Plain ? e.message : 'Something went wrong opening this record.');
    if (link.passcode && e instanceof Plain && e.message.startsWith('That passcode')) {
      $('passcode').value = '';
      $('passcode').focus();
    }
  } finally {
    form.querySelector('button').disabled = false;
  }
}

function start() {
  $('print').addEventListener('click', () => window.print());
  let link;
  try {
    link = linkFromAddress(window.location.href);
  } catch (e) {
    problem(e instanceof Plain ? e.message : DAMAGED);
    return;
  }
  if (!link) {
    problem('There is no health link in this address. Open the link the person shared with you.');
    return;
  }
  if (link.label) $('label').textContent = link.label;
  if (link.exp !== null && link.exp * 1000 < Date.now()) {
    problem('This link has been withdrawn or has expired.');
    return;
  }
  if (!window.crypto?.subtle) {
    problem('This browser cannot open the record here: open the link over https.');
    return;
  }
  $('passcode-field').hidden = !link.passcode;
  $('passcode').required = link.passcode;
  const form = $('ask-form');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    open(link, form);
  });
  $('ask').hidden = false;
  $('recipient').focus();
}

start();
