// A small UK record written for the viewer's test (by this project, not taken from
// elsewhere): the resources the person's record shares, with an NHS number, a
// medicine with what it is for, a stopped one, a carer, advance wishes and readings.

const SNOMED = 'http://snomed.info/sct';
const LOINC = 'http://loinc.org';
const VITALS = [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }];
const patientRef = { reference: 'urn:uuid:5f0e8a56-0b7e-4d2c-9a51-1f0c2b7d9e01' };

function bp(id, when, sys, dia) {
  return {
    fullUrl: `urn:uuid:${id}`,
    resource: {
      resourceType: 'Observation', id, status: 'final', category: VITALS,
      code: { coding: [{ system: LOINC, code: '85354-9', display: 'Blood pressure panel' }] },
      subject: patientRef, effectiveDateTime: when,
      component: [
        { code: { coding: [{ system: LOINC, code: '8480-6' }] }, valueQuantity: { value: sys, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' } },
        { code: { coding: [{ system: LOINC, code: '8462-4' }] }, valueQuantity: { value: dia, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' } },
      ],
    },
  };
}

function weight(id, when, kg) {
  return {
    fullUrl: `urn:uuid:${id}`,
    resource: {
      resourceType: 'Observation', id, status: 'final', category: VITALS,
      code: { coding: [{ system: LOINC, code: '29463-7', display: 'Body weight' }] },
      subject: patientRef, effectiveDateTime: when,
      valueQuantity: { value: kg, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' },
    },
  };
}

export const ukBundle = {
  resourceType: 'Bundle',
  type: 'document',
  timestamp: '2026-11-30T10:00:00Z',
  entry: [
    {
      fullUrl: 'urn:uuid:0c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d5e',
      resource: {
        resourceType: 'Composition', id: '0c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d5e', status: 'final',
        type: { coding: [{ system: LOINC, code: '60591-5' }] }, subject: patientRef,
        date: '2026-11-30T10:00:00Z', title: 'Summary from my Person Held Record', author: [patientRef],
        section: [{
          title: 'Advance directives',
          code: { coding: [{ system: LOINC, code: '42348-3' }] },
          text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml"><p>Alex wants to be cared for at home if possible.</p><script>window.__pwned=1</script></div>' },
        }],
      },
    },
    {
      fullUrl: patientRef.reference,
      resource: {
        resourceType: 'Patient', id: '5f0e8a56-0b7e-4d2c-9a51-1f0c2b7d9e01',
        identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9434765919' }],
        name: [{ use: 'official', given: ['Alex'], family: 'Morgan' }],
        birthDate: '1958-03-14', gender: 'other',
      },
    },
    {
      fullUrl: 'urn:uuid:1a2b3c4d-0000-4000-8000-000000000001',
      resource: {
        resourceType: 'AllergyIntolerance', id: '1a2b3c4d-0000-4000-8000-000000000001', patient: patientRef,
        code: { coding: [{ system: SNOMED, code: '256349002', display: 'Peanut' }] }, criticality: 'high',
        reaction: [{ manifestation: [{ coding: [{ system: SNOMED, code: '39579001', display: 'Anaphylaxis' }] }], severity: 'severe' }],
      },
    },
    {
      fullUrl: 'urn:uuid:1a2b3c4d-0000-4000-8000-000000000002',
      resource: {
        resourceType: 'Condition', id: '1a2b3c4d-0000-4000-8000-000000000002', subject: patientRef,
        code: { coding: [{ system: SNOMED, code: '38341003', display: 'High blood pressure' }] },
        clinicalStatus: { coding: [{ code: 'active' }] }, onsetDateTime: '2015-06',
      },
    },
    {
      fullUrl: 'urn:uuid:1a2b3c4d-0000-4000-8000-000000000003',
      resource: {
        resourceType: 'MedicationStatement', id: '1a2b3c4d-0000-4000-8000-000000000003', status: 'active', subject: patientRef,
        medicationCodeableConcept: { text: 'Ramipril 5mg capsules' },
        reasonReference: [{ reference: 'Condition/1a2b3c4d-0000-4000-8000-000000000002' }],
        dosage: [{ text: 'One each morning' }],
      },
    },
    {
      fullUrl: 'urn:uuid:1a2b3c4d-0000-4000-8000-000000000004',
      resource: {
        resourceType: 'MedicationRequest', id: '1a2b3c4d-0000-4000-8000-000000000004', status: 'stopped', intent: 'order', subject: patientRef,
        medicationCodeableConcept: { coding: [{ system: SNOMED, code: '325278007', display: 'Metformin 500mg tablets' }] },
        reasonCode: [{ text: 'Type 2 diabetes' }],
      },
    },
    {
      fullUrl: 'urn:uuid:1a2b3c4d-0000-4000-8000-000000000005',
      resource: {
        resourceType: 'MedicationStatement', id: '1a2b3c4d-0000-4000-8000-000000000005', status: 'active', subject: patientRef,
        medicationCodeableConcept: { text: '<img src=x onerror=window.__pwned=1>' },
      },
    },
    {
      fullUrl: 'urn:uuid:1a2b3c4d-0000-4000-8000-000000000006',
      resource: {
        resourceType: 'RelatedPerson', id: '1a2b3c4d-0000-4000-8000-000000000006', patient: patientRef,
        name: [{ given: ['Sam'], family: 'Morgan' }],
        relationship: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0131', code: 'C' }, { system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'SPS' }] }],
        telecom: [{ system: 'phone', value: '07700 900123' }],
      },
    },
    {
      fullUrl: 'urn:uuid:1a2b3c4d-0000-4000-8000-000000000007',
      resource: {
        resourceType: 'Consent', id: '1a2b3c4d-0000-4000-8000-000000000007', status: 'active', patient: patientRef,
        scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'adr' }] },
        category: [{ text: 'Do not attempt CPR' }], dateTime: '2025-02-01',
        policyRule: { text: 'Agreed with my GP and recorded on a ReSPECT form.' },
      },
    },
    bp('2b3c4d5e-0000-4000-8000-000000000001', '2026-11-20T08:00:00Z', 146, 90),
    bp('2b3c4d5e-0000-4000-8000-000000000002', '2026-11-25T08:00:00Z', 138, 84),
    bp('2b3c4d5e-0000-4000-8000-000000000003', '2026-11-29T08:00:00Z', 142, 88),
    weight('2b3c4d5e-0000-4000-8000-000000000004', '2026-10-01', 84.2),
    weight('2b3c4d5e-0000-4000-8000-000000000005', '2026-11-01', 83.1),
  ],
};
