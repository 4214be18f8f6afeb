// A FHIR R4 Bundle (an International Patient Summary, or any bundle of the resources
// the record shares) turned into the few plain facts a professional needs first.
// Pure functions over untrusted JSON: every field may be missing or of the wrong type.

export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
const LOINC = 'http://loinc.org';
const ADVANCE_DIRECTIVES_SECTION = '42348-3';

const arr = (v) => (Array.isArray(v) ? v : []);
const str = (v) => (typeof v === 'string' ? v.trim() : '');

/** "no-known-food-allergies" -> "no known food allergies" */
function humanise(code) {
  return str(code).replace(/[-_]+/g, ' ');
}

/** The words for a CodeableConcept: its text, a coding's display, or its code. */
export function concept(cc) {
  if (!cc || typeof cc !== 'object') return '';
  if (str(cc.text)) return str(cc.text);
  for (const c of arr(cc.coding)) if (str(c?.display)) return str(c.display);
  for (const c of arr(cc.coding)) if (str(c?.code)) return humanise(c.code);
  return '';
}

function codes(cc) {
  return arr(cc?.coding).map((c) => str(c?.code)).filter(Boolean);
}

function loincCode(cc) {
  const c = arr(cc?.coding).find((x) => x?.system === LOINC && str(x.code));
  return c ? c.code : codes(cc)[0] || '';
}

export function humanName(names) {
  const list = arr(names);
  const n = list.find((x) => x?.use === 'official') || list.find((x) => x?.use === 'usual') || list[0];
  if (!n) return '';
  if (str(n.text)) return str(n.text);
  return [...arr(n.prefix), ...arr(n.given), n.family].map(str).filter(Boolean).join(' ');
}

/** "9434765919" -> "943 476 5919"; anything else as it is. */
export function formatNhsNumber(value) {
  const digits = str(value).replace(/\s+/g, '');
  return /^\d{10}$/.test(digits) ? `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}` : str(value);
}

/** Finds bundle entries by the references other resources make to them. */
function indexOf(bundle) {
  const byRef = new Map();
  const resources = [];
  for (const e of arr(bundle?.entry)) {
    const r = e?.resource;
    if (!r || typeof r !== 'object' || typeof r.resourceType !== 'string') continue;
    resources.push(r);
    if (str(e.fullUrl)) byRef.set(e.fullUrl, r);
    if (str(r.id)) {
      byRef.set(`${r.resourceType}/${r.id}`, r);
      byRef.set(`urn:uuid:${r.id}`, r);
    }
  }
  const resolve = (ref) => {
    const reference = str(ref?.reference);
    if (!reference) return null;
    if (byRef.has(reference)) return byRef.get(reference);
    const m = reference.match(/([A-Za-z]+\/[A-Za-z0-9\-.]+)(\/_history\/.*)?$/);
    return m ? byRef.get(m[1]) || null : null;
  };
  return { resources, resolve };
}

const of = (resources, type) => resources.filter((r) => r.resourceType === type);

function phones(telecom) {
  return arr(telecom)
    .filter((t) => (t?.system === 'phone' || t?.system === 'sms') && str(t.value))
    .map((t) => (t.use ? `${str(t.value)} (${str(t.use)})` : str(t.value)));
}

const RELATIONSHIPS = {
  C: 'emergency contact', N: 'next of kin', E: 'employer', O: 'other', U: 'unknown',
  MTH: 'mother', FTH: 'father', PRN: 'parent', SPS: 'spouse', HUSB: 'husband', WIFE: 'wife',
  DOMPART: 'partner', SIGOTHR: 'partner', CHILD: 'child', DAU: 'daughter', SON: 'son',
  SIB: 'sibling', SIS: 'sister', BRO: 'brother', GRMTH: 'grandmother', GRFTH: 'grandfather',
  FRND: 'friend', NBOR: 'neighbour', GUARD: 'guardian', POWATT: 'power of attorney',
};

function relationship(ccs) {
  const words = [];
  for (const cc of arr(ccs)) {
    if (str(cc?.text)) words.push(str(cc.text));
    for (const c of arr(cc?.coding)) {
      const w = str(c?.display) || RELATIONSHIPS[str(c?.code)] || '';
      if (w && !words.includes(w.toLowerCase())) words.push(w.toLowerCase());
    }
  }
  return words.join(', ');
}

function dosage(list) {
  const d = arr(list)[0];
  if (!d) return '';
  if (str(d.text)) return str(d.text);
  const parts = [];
  const q = arr(d.doseAndRate)[0]?.doseQuantity;
  if (q && q.value !== undefined) parts.push(`${q.value} ${str(q.unit)}`.trim());
  const rep = d.timing?.repeat;
  if (rep && rep.frequency && rep.period && rep.periodUnit) {
    const unit = { h: 'hour', d: 'day', wk: 'week', mo: 'month' }[rep.periodUnit] || rep.periodUnit;
    const per = rep.period === 1 ? `a ${unit}` : `every ${rep.period} ${unit}s`;
    parts.push(rep.frequency === 1 ? `once ${per}` : rep.frequency === 2 ? `twice ${per}` : `${rep.frequency} times ${per}`);
  }
  const route = concept(d.route);
  if (route) parts.push(route.toLowerCase());
  return parts.join(', ');
}

const MEDICATION_STATUS = {
  stopped: 'stopped', 'not-taken': 'not taken', completed: 'finished', 'on-hold': 'on hold',
  cancelled: 'stopped', intended: 'planned', draft: 'planned',
};

function medications(resources, resolve) {
  const out = [];
  for (const m of [...of(resources, 'MedicationStatement'), ...of(resources, 'MedicationRequest')]) {
    if (m.status === 'entered-in-error') continue;
    const med = resolve(m.medicationReference);
    const name = concept(m.medicationCodeableConcept) || concept(med?.code) || str(m.medicationReference?.display);
    const reasons = [
      ...arr(m.reasonCode).map(concept),
      ...arr(m.reasonReference).map((ref) => concept(resolve(ref)?.code) || str(ref?.display)),
    ].filter(Boolean);
    out.push({
      name: name || 'A medicine (not named)',
      dose: dosage(m.dosage || m.dosageInstruction),
      reasons,
      status: MEDICATION_STATUS[m.status] || '',
      stopped: m.status === 'stopped' || m.status === 'cancelled',
      prescribed: m.resourceType === 'MedicationRequest',
    });
  }
  // Current medicines first, stopped ones last.
  return out.sort((a, b) => Number(a.stopped) - Number(b.stopped));
}

function allergies(resources) {
  return of(resources, 'AllergyIntolerance')
    .filter((a) => a.verificationStatus?.coding?.[0]?.code !== 'entered-in-error')
    .map((a) => {
      const reactions = arr(a.reaction);
      const severities = reactions.map((r) => str(r?.severity)).filter(Boolean);
      const order = ['severe', 'moderate', 'mild'];
      const severity = order.find((s) => severities.includes(s)) || '';
      return {
        substance: concept(a.code) || 'An allergy (substance not named)',
        reactions: reactions.flatMap((r) => arr(r?.manifestation).map(concept)).filter(Boolean),
        severity,
        highRisk: a.criticality === 'high',
        status: concept(a.clinicalStatus),
        category: arr(a.category).map(str).join(', '),
      };
    });
}

function dateOf(o) {
  return str(o.effectiveDateTime) || str(o.effectivePeriod?.start) || str(o.effectiveInstant) || str(o.issued);
}

const READING_NAMES = {
  '85354-9': 'Blood pressure', '8867-4': 'Heart rate', '29463-7': 'Weight', '8302-2': 'Height',
  '39156-5': 'Body mass index', '8310-5': 'Temperature', '9279-1': 'Breathing rate',
  '59408-5': 'Oxygen saturation', '2708-6': 'Oxygen saturation', '14743-9': 'Blood glucose',
  '15074-8': 'Blood glucose', '2339-0': 'Blood glucose', '41653-7': 'Blood glucose',
};

function quantity(q) {
  return q && typeof q.value === 'number' ? { value: q.value, unit: str(q.unit) || str(q.code) } : null;
}

function isCategory(o, code) {
  return arr(o.category).some((c) => codes(c).includes(code));
}

function readings(resources) {
  const groups = new Map();
  for (const o of of(resources, 'Observation')) {
    if (!isCategory(o, 'vital-signs') || o.status === 'entered-in-error') continue;
    const code = loincCode(o.code);
    const name = READING_NAMES[code] || concept(o.code) || 'Reading';
    let point = null;
    if (code === '85354-9' || arr(o.component).length) {
      const comp = (c) => quantity(arr(o.component).find((x) => codes(x?.code).includes(c))?.valueQuantity);
      const sys = comp('8480-6');
      const dia = comp('8462-4');
      if (sys && dia) point = { date: dateOf(o), value: sys.value, value2: dia.value, unit: sys.unit };
    }
    if (!point) {
      const q = quantity(o.valueQuantity);
      if (q) point = { date: dateOf(o), value: q.value, unit: q.unit };
    }
    if (!point) continue;
    const key = `${name}|${point.unit}`;
    if (!groups.has(key)) groups.set(key, { name, unit: point.unit, points: [] });
    groups.get(key).points.push(point);
  }
  return [...groups.values()].map((g) => {
    g.points.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    g.points = g.points.slice(-12);
    return g;
  });
}

function results(resources) {
  return of(resources, 'Observation')
    .filter((o) => isCategory(o, 'laboratory') && o.status !== 'entered-in-error')
    .map((o) => {
      const q = quantity(o.valueQuantity);
      const value = q ? `${q.value} ${q.unit}`.trim() : concept(o.valueCodeableConcept) || str(o.valueString);
      return { name: concept(o.code), value, date: dateOf(o), note: arr(o.note).map((n) => str(n?.text)).filter(Boolean).join(' ') };
    })
    .filter((r) => r.name && r.value)
    .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0))
    .slice(0, 8);
}

/** Plain text of a narrative `div`, parsed inertly (nothing in it runs or loads). */
export function narrativeText(div) {
  if (!str(div)) return '';
  const doc = new DOMParser().parseFromString(div, 'text/html');
  for (const hidden of doc.querySelectorAll('script, style, template')) hidden.remove();
  return (doc.body.textContent || '').replace(/\s+/g, ' ').trim();
}

function wishes(resources) {
  const out = [];
  for (const c of of(resources, 'Consent')) {
    if (c.status === 'entered-in-error' || c.status === 'inactive' || c.status === 'rejected') continue;
    const what = arr(c.category).map(concept).filter(Boolean).join(', ') || concept(c.scope) || 'Consent';
    const provision = c.provision?.type === 'deny' ? 'Does not want' : c.provision?.type === 'permit' ? 'Wants' : '';
    const actions = arr(c.provision?.action).map(concept).filter(Boolean);
    const details = [provision && actions.length ? `${provision}: ${actions.join(', ')}` : '',
      str(c.policyRule?.text), str(c.sourceAttachment?.title)].filter(Boolean);
    out.push({ title: what, text: details.join('. '), date: str(c.dateTime) });
  }
  for (const comp of of(resources, 'Composition')) {
    for (const s of arr(comp.section)) {
      if (!codes(s?.code).includes(ADVANCE_DIRECTIVES_SECTION)) continue;
      const text = narrativeText(s.text?.div);
      if (text) out.push({ title: str(s.title) || 'Advance directives', text, date: '' });
    }
  }
  return out;
}

function contacts(resources, patient) {
  const out = [];
  for (const rp of of(resources, 'RelatedPerson')) {
    if (rp.active === false) continue;
    out.push({ name: humanName(rp.name) || 'Unnamed', relationship: relationship(rp.relationship), phones: phones(rp.telecom) });
  }
  for (const c of arr(patient?.contact)) {
    const name = humanName(c?.name ? [c.name] : []) || str(c?.organization?.display);
    out.push({ name: name || 'Unnamed', relationship: relationship(c?.relationship), phones: phones(c?.telecom) });
  }
  return out;
}

function conditions(resources) {
  return of(resources, 'Condition')
    .filter((c) => c.verificationStatus?.coding?.[0]?.code !== 'entered-in-error')
    .map((c) => ({
      name: concept(c.code) || 'A condition (not named)',
      status: concept(c.clinicalStatus),
      onset: str(c.onsetDateTime) || str(c.onsetPeriod?.start) || str(c.onsetString),
    }));
}

/** The summary of one Bundle. */
export function summarise(bundle) {
  const { resources, resolve } = indexOf(bundle);
  const composition = of(resources, 'Composition')[0];
  const patient = resolve(composition?.subject) || of(resources, 'Patient')[0] || null;
  const ids = arr(patient?.identifier);
  const nhs = ids.find((i) => i?.system === NHS_NUMBER_SYSTEM && str(i.value));
  return {
    title: str(composition?.title),
    date: str(composition?.date) || str(bundle?.timestamp),
    patient: patient && {
      name: humanName(patient.name) || 'Name not given',
      birthDate: str(patient.birthDate),
      gender: str(patient.gender),
      nhsNumber: nhs ? formatNhsNumber(nhs.value) : '',
      phones: phones(patient.telecom),
    },
    allergies: allergies(resources),
    medications: medications(resources, resolve),
    conditions: conditions(resources),
    contacts: contacts(resources, patient),
    wishes: wishes(resources),
    readings: readings(resources),
    results: results(resources),
  };
}
