// The summary drawn as one printable screen. Everything from the record goes in as
// text nodes (textContent, createTextNode): the record is untrusted input, so no
// HTML from it is ever parsed into the page.

const SVG = 'http://www.w3.org/2000/svg';
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

/** An element with attributes and children (strings become text nodes). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== undefined && v !== null && v !== false) node.setAttribute(k, String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === '') continue;
    node.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return node;
}

/** "1972-05-01" -> "1 May 1972", "2015-03" -> "March 2015", times dropped. */
export function plainDate(value) {
  const m = String(value || '').match(/^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/);
  if (!m) return String(value || '');
  const [, y, mo, d] = m;
  if (!mo) return y;
  const month = MONTHS[Number(mo) - 1] || mo;
  return d ? `${Number(d)} ${month} ${y}` : `${month} ${y}`;
}

function age(birthDate, now = new Date()) {
  const m = String(birthDate || '').match(/^(\d{4})-(\d{2})-(\d{2})/);
  if (!m) return null;
  let years = now.getFullYear() - Number(m[1]);
  const before = now.getMonth() + 1 < Number(m[2]) || (now.getMonth() + 1 === Number(m[2]) && now.getDate() < Number(m[3]));
  if (before) years -= 1;
  return years >= 0 && years < 130 ? years : null;
}

function section(id, title, ...content) {
  return el('section', { class: `card ${id}`, 'aria-labelledby': `h-${id}` }, el('h3', { id: `h-${id}` }, title), ...content);
}

function list(items, fn) {
  return el('ul', {}, items.map((x) => el('li', {}, fn(x))));
}

function patientBlock(p) {
  if (!p) return el('p', { class: 'missing' }, 'This record does not say who it is about.');
  const years = age(p.birthDate);
  const rows = [
    ['Date of birth', p.birthDate ? `${plainDate(p.birthDate)}${years !== null ? ` (${years} years)` : ''}` : 'Not given'],
    ['NHS number', p.nhsNumber || 'Not given'],
  ];
  if (p.gender) rows.push(['Gender', p.gender]);
  if (p.phones.length) rows.push(['Phone', p.phones.join(', ')]);
  return el('section', { class: 'patient', 'aria-labelledby': 'h-patient' },
    el('h2', { id: 'h-patient' }, p.name),
    el('dl', {}, rows.map(([k, v]) => [el('dt', {}, k), el('dd', { class: k === 'NHS number' ? 'nhs' : undefined }, v)])));
}

function allergyBlock(items) {
  const content = items.length
    ? list(items, (a) => [
        el('strong', {}, a.substance),
        a.reactions.length ? ` causes ${a.reactions.join(', ')}` : '',
        a.severity ? ` (${a.severity})` : '',
        a.highRisk ? el('span', { class: 'flag' }, ' high risk') : '',
      ])
    : el('p', {}, 'No allergies are recorded in what was shared.');
  return section('allergies', 'Allergies', content);
}

function medicationBlock(items) {
  if (!items.length) return null;
  return section('medication', 'Medication', list(items, (m) => [
    el('strong', {}, m.name),
    m.dose ? `: ${m.dose}` : '',
    m.reasons.length ? el('span', { class: 'reason' }, ` for ${m.reasons.join(', ')}`) : '',
    m.status ? el('span', { class: m.stopped ? 'flag stopped' : 'flag' }, ` ${m.status}`) : '',
    m.prescribed ? el('span', { class: 'muted' }, ' (prescribed)') : '',
  ]));
}

function conditionBlock(items) {
  if (!items.length) return null;
  return section('conditions', 'Conditions', list(items, (c) => [
    el('strong', {}, c.name),
    c.status ? ` (${c.status})` : '',
    c.onset ? el('span', { class: 'muted' }, ` since ${plainDate(c.onset)}`) : '',
  ]));
}

function contactBlock(items) {
  if (!items.length) return null;
  return section('contacts', 'Emergency contacts', list(items, (c) => [
    el('strong', {}, c.name),
    c.relationship ? ` (${c.relationship})` : '',
    c.phones.length ? `: ${c.phones.join(', ')}` : '',
  ]));
}

function wishBlock(items) {
  if (!items.length) return null;
  return section('wishes', 'Advance wishes', list(items, (w) => [
    el('strong', {}, w.title),
    w.text ? `: ${w.text}` : '',
    w.date ? el('span', { class: 'muted' }, ` (${plainDate(w.date)})`) : '',
  ]));
}

function svg(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

/** A small line chart; decorative for screen readers, who get the table. */
function chart(points) {
  const w = 240;
  const h = 70;
  const pad = 6;
  const values = points.flatMap((p) => (p.value2 === undefined ? [p.value] : [p.value, p.value2]));
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const span = hi - lo || 1;
  const x = (i) => pad + (points.length === 1 ? (w - 2 * pad) / 2 : (i * (w - 2 * pad)) / (points.length - 1));
  const y = (v) => h - pad - ((v - lo) * (h - 2 * pad)) / span;
  const root = svg('svg', { viewBox: `0 0 ${w} ${h}`, width: w, height: h, 'aria-hidden': 'true', focusable: 'false', class: 'chart' });
  const line = (key, cls) => {
    const pts = points.map((p, i) => `${x(i).toFixed(1)},${y(p[key]).toFixed(1)}`).join(' ');
    root.append(svg('polyline', { points: pts, class: cls, fill: 'none' }));
    points.forEach((p, i) => root.append(svg('circle', { cx: x(i).toFixed(1), cy: y(p[key]).toFixed(1), r: 2.5, class: cls })));
  };
  line('value', 'series1');
  if (points.some((p) => p.value2 !== undefined)) line('value2', 'series2');
  return root;
}

function readingBlock(groups) {
  if (!groups.length) return null;
  return section('readings', 'Recent readings', groups.map((g) => {
    const last = g.points[g.points.length - 1];
    const shown = (p) => (p.value2 !== undefined ? `${p.value}/${p.value2}` : String(p.value)) + (g.unit ? ` ${g.unit}` : '');
    return el('figure', { class: 'reading' },
      el('figcaption', {}, el('strong', {}, g.name), `: latest ${shown(last)}`, last.date ? ` on ${plainDate(last.date)}` : ''),
      chart(g.points),
      el('table', {},
        el('caption', { class: 'visually-hidden' }, `${g.name} readings`),
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Date'), el('th', { scope: 'col' }, g.name))),
        el('tbody', {}, g.points.map((p) => el('tr', {}, el('td', {}, plainDate(p.date)), el('td', {}, shown(p)))))));
  }));
}

function resultBlock(items) {
  if (!items.length) return null;
  return section('results', 'Test results', list(items, (r) => [
    el('strong', {}, r.name), `: ${r.value}`,
    r.date ? el('span', { class: 'muted' }, ` (${plainDate(r.date)})`) : '',
    r.note ? ` ${r.note}` : '',
  ]));
}

/** The whole record view for one summary. */
export function renderSummary(s) {
  return el('div', { class: 'summary' },
    patientBlock(s.patient),
    el('div', { class: 'grid' },
      allergyBlock(s.allergies),
      medicationBlock(s.medications),
      conditionBlock(s.conditions),
      contactBlock(s.contacts),
      wishBlock(s.wishes),
      readingBlock(s.readings),
      resultBlock(s.results)),
    s.title || s.date ? el('p', { class: 'muted source' }, s.title || 'Summary', s.date ? `, written ${plainDate(s.date)}` : '') : null);
}
