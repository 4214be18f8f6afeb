// SMART Health Links in the browser: read the link from the page address, fetch the
// files from the relay, decrypt them with WebCrypto. Nothing here touches the page.

/** Errors whose message is a plain sentence for the person using the viewer. */
export class Plain extends Error {}

/** The sentence for a file or link that cannot be read. */
export const DAMAGED = 'This link is damaged: the record in it cannot be opened.';
export const WITHDRAWN = 'This link has been withdrawn or has expired.';

// Largest record the viewer will inflate (a patient summary is far smaller).
const MAX_INFLATED = 20 * 1024 * 1024;

/** base64url (with or without padding) to bytes; throws on anything else. */
export function fromBase64Url(text) {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*={0,2}$/.test(text)) {
    throw new Plain(DAMAGED);
  }
  const b64 = text.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  const padded = b64 + '='.repeat((4 - (b64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * The SHL payload in a page address (`...#shlink:/<base64url JSON>`), checked:
 * `url`, `key` (32 bytes), `flag`, `exp`, `label`, `v`. Returns null when the address
 * holds no link at all.
 */
export function linkFromAddress(href) {
  const at = href.indexOf('shlink:/');
  if (at < 0) return null;
  let payload;
  try {
    const encoded = href.slice(at + 'shlink:/'.length).split(/[?#&\s]/)[0];
    payload = JSON.parse(new TextDecoder().decode(fromBase64Url(encoded)));
  } catch {
    throw new Plain(DAMAGED);
  }
  if (!payload || typeof payload !== 'object' || typeof payload.url !== 'string') {
    throw new Plain(DAMAGED);
  }
  let url;
  try {
    url = new URL(payload.url);
  } catch {
    throw new Plain(DAMAGED);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Plain(DAMAGED);
  const key = typeof payload.key === 'string' ? fromBase64Url(payload.key) : null;
  if (!key || key.length !== 32) throw new Plain(DAMAGED);
  const flag = typeof payload.flag === 'string' ? payload.flag : '';
  if (!/^[A-Z]*$/.test(flag)) throw new Plain(DAMAGED);
  // exp is in seconds since 1970 (some published examples wrongly use milliseconds
  // or a string; read both, so a good link is not refused).
  let exp = Number(payload.exp);
  if (!Number.isFinite(exp)) exp = null;
  else if (exp > 1e11) exp = Math.floor(exp / 1000);
  return {
    url: url.href,
    key,
    passcode: flag.includes('P'),
    direct: flag.includes('U'),
    longTerm: flag.includes('L'),
    exp,
    label: typeof payload.label === 'string' ? payload.label.slice(0, 80) : '',
  };
}

async function readJson(response) {
  try {
    return await response.json();
  } catch {
    return {};
  }
}

/** Turns a refused request into a plain sentence. */
async function refusal(response) {
  if (response.status === 401) {
    const body = await readJson(response);
    const n = Number(body.remainingAttempts);
    if (Number.isFinite(n)) {
      const tries = n === 1 ? '1 try left' : `${n} tries left`;
      return new Plain(`That passcode is not right. ${tries}.`);
    }
    return new Plain('That passcode is not right.');
  }
  if (response.status === 404) return new Plain(WITHDRAWN);
  if (response.status === 429) {
    const wait = Number(response.headers.get('retry-after'));
    const when = Number.isFinite(wait) && wait > 0 ? ` in ${Math.ceil(wait)} seconds` : ' later';
    return new Plain(`Too many tries just now. Please try again${when}.`);
  }
  if (response.status === 400) {
    const body = await readJson(response);
    if (typeof body.error === 'string') return new Plain(body.error);
  }
  return new Plain('The record could not be fetched just now. Please try again later.');
}

async function fetchOrSay(url, init) {
  try {
    return await fetch(url, { ...init, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' });
  } catch {
    throw new Plain('The record could not be fetched. Check the connection and try again.');
  }
}

/**
 * Fetches every file of the link: `[{contentType, jwe}]`. For a `U` link one GET;
 * otherwise the manifest, then each `location`.
 */
export async function fetchFiles(link, recipient, passcode) {
  if (link.direct) {
    const u = new URL(link.url);
    u.searchParams.set('recipient', recipient);
    const r = await fetchOrSay(u.href, { method: 'GET' });
    if (!r.ok) throw await refusal(r);
    return [{ contentType: 'application/fhir+json', jwe: (await r.text()).trim() }];
  }
  const body = { recipient, embeddedLengthMax: 1_000_000 };
  if (link.passcode) body.passcode = passcode;
  const r = await fetchOrSay(link.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!r.ok) throw await refusal(r);
  const manifest = await readJson(r);
  if (!Array.isArray(manifest.files)) throw new Plain(DAMAGED);
  const files = [];
  for (const f of manifest.files) {
    if (typeof f.embedded === 'string') {
      files.push({ contentType: String(f.contentType), jwe: f.embedded });
    } else if (typeof f.location === 'string') {
      const got = await fetchOrSay(f.location, { method: 'GET' });
      if (!got.ok) throw await refusal(got);
      files.push({ contentType: String(f.contentType), jwe: (await got.text()).trim() });
    }
  }
  return files;
}

async function inflateRaw(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  const reader = stream.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > MAX_INFLATED) {
      await reader.cancel();
      throw new Plain(DAMAGED);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Decrypts a compact JWE (`alg: dir`, `enc: A256GCM`, optional `zip: DEF`) with the
 * link's key. The additional data is the protected-header segment exactly as
 * received; the tag is the last part. Returns the plaintext as text.
 */
export async function decryptJwe(jwe, keyBytes) {
  const parts = String(jwe).split('.');
  if (parts.length !== 5 || parts[1] !== '') throw new Plain(DAMAGED);
  let header;
  try {
    header = JSON.parse(new TextDecoder().decode(fromBase64Url(parts[0])));
  } catch {
    throw new Plain(DAMAGED);
  }
  if (header.alg !== 'dir' || header.enc !== 'A256GCM') throw new Plain(DAMAGED);
  if (header.zip !== undefined && header.zip !== 'DEF') throw new Plain(DAMAGED);
  if (header.crit !== undefined) throw new Plain(DAMAGED);
  const iv = fromBase64Url(parts[2]);
  const ciphertext = fromBase64Url(parts[3]);
  const tag = fromBase64Url(parts[4]);
  if (iv.length !== 12 || tag.length !== 16) throw new Plain(DAMAGED);
  const sealed = new Uint8Array(ciphertext.length + tag.length);
  sealed.set(ciphertext);
  sealed.set(tag, ciphertext.length);
  let plain;
  try {
    const key = await crypto.subtle.importKey('raw', keyBytes, { name: 'AES-GCM' }, false, ['decrypt']);
    plain = new Uint8Array(
      await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(parts[0]), tagLength: 128 },
        key,
        sealed,
      ),
    );
  } catch {
    throw new Plain(DAMAGED);
  }
  if (header.zip === 'DEF') {
    try {
      plain = await inflateRaw(plain);
    } catch (e) {
      throw e instanceof Plain ? e : new Plain(DAMAGED);
    }
  }
  try {
    return { header, text: new TextDecoder('utf-8', { fatal: true }).decode(plain) };
  } catch {
    throw new Plain(DAMAGED);
  }
}

/**
 * The FHIR Bundles inside a decrypted file: the file itself for
 * `application/fhir+json`, the cards' bundles for `application/smart-health-card`
 * (their signatures are not checked here).
 */
export async function bundlesIn(contentType, text) {
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Plain(DAMAGED);
  }
  if (contentType === 'application/smart-health-card') {
    const out = [];
    for (const jws of Array.isArray(json.verifiableCredential) ? json.verifiableCredential : []) {
      const parts = String(jws).split('.');
      if (parts.length !== 3) continue;
      try {
        const header = JSON.parse(new TextDecoder().decode(fromBase64Url(parts[0])));
        let payload = fromBase64Url(parts[1]);
        if (header.zip === 'DEF') payload = await inflateRaw(payload);
        const card = JSON.parse(new TextDecoder().decode(payload));
        const bundle = card?.vc?.credentialSubject?.fhirBundle;
        if (bundle && bundle.resourceType === 'Bundle') out.push(bundle);
      } catch {
        // A card that does not parse is skipped; the others still show.
      }
    }
    return out;
  }
  if (json && json.resourceType === 'Bundle') return [json];
  return [];
}
