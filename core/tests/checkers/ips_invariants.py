"""Checks IPS document Bundles against the invariants of the IPS IG 2.0.0 profiles,
evaluated with PyPI fhirpathpy (the R4 model), and the IPS's required sections.

    PHR_CHECKERS_NODE_MODULES=... $PHR_CHECKERS_PYTHON ips_invariants.py FILE...

The profiles come from the npm package hl7.fhir.uv.ips 2.0.0 (its StructureDefinitions'
snapshots, which carry the R4 base invariants too). For the Bundle, its entries (each
against the IPS profile of its type, where the IPS has exactly one), and the
Composition's section slices (matched by their LOINC pattern), every constraint of
severity error is evaluated as `PATH.all(EXPRESSION)`; a slice's minimum count is
checked too. ele-1 (on every element) is left to the structural checkers. An
expression fhirpathpy cannot evaluate is reported on stderr and counted, not a problem.
Prints FILE<TAB>OK, or FILE<TAB>problem per broken rule; exits 0 when every file is OK,
1 when some are not, 2 when it cannot run.
"""

import glob
import json
import os
import sys

try:
    from fhirpathpy import compile as fhirpath_compile
    from fhirpathpy.models import models
except ImportError as error:
    print(f"fhirpathpy is not installed: {error}", file=sys.stderr)
    sys.exit(2)

MODULES = os.environ.get("PHR_CHECKERS_NODE_MODULES")
if not MODULES:
    print("PHR_CHECKERS_NODE_MODULES is not set (scripts/setup-checkers.sh)", file=sys.stderr)
    sys.exit(2)

IPS = os.path.join(MODULES, "hl7.fhir.uv.ips")
MODEL = models["r4"]


def load_profiles():
    by_type = {}
    for path in glob.glob(os.path.join(IPS, "StructureDefinition-*.json")):
        with open(path, encoding="utf-8") as f:
            sd = json.load(f)
        if sd.get("kind") == "resource" and sd.get("derivation") == "constraint":
            by_type.setdefault(sd["type"], []).append(sd)
    if "Bundle" not in by_type or "Composition" not in by_type:
        print(f"no IPS profiles under {IPS}", file=sys.stderr)
        sys.exit(2)
    # Only types with exactly one IPS profile: which of several applies is the
    # creator's claim, not something to guess here.
    return {t: sds[0] for t, sds in by_type.items() if len(sds) == 1}


PROFILES = load_profiles()
COMPILED = {}
SKIPPED = []


# Constraints that call trace() would print to stdout, which carries the verdicts.
QUIET = {"traceFn": lambda *_: None}


def evaluate(resource, expression):
    if expression not in COMPILED:
        COMPILED[expression] = fhirpath_compile(expression, MODEL, QUIET)
    return COMPILED[expression](resource, {"resource": resource, "rootResource": resource})


def slice_filter(element):
    """A FHIRPath filter for a slice given by a CodeableConcept pattern on `code`."""
    pattern = element.get("patternCodeableConcept")
    if not pattern:
        return None
    codings = [
        f"(system = '{c['system']}' and code = '{c['code']}')" for c in pattern.get("coding", [])
    ]
    return f"code.coding.where({' or '.join(codings)}).exists()"


def slice_filters(sd):
    """sliceName -> filter, for slices discriminated by a code pattern."""
    filters = {}
    for element in sd["snapshot"]["element"]:
        name = element["id"].split(":")[-1].split(".")[0] if ":" in element["id"] else None
        if name and element["id"].endswith(f":{name}.code"):
            found = slice_filter(element)
            if found:
                filters[name] = found
    return filters


def context_path(element_id, filters):
    """Composition.section:sectionProblems.entry -> a FHIRPath selecting those nodes."""
    parts = []
    for part in element_id.split("."):
        name, _, slice_name = part.partition(":")
        if slice_name:
            if slice_name not in filters:
                return None  # a slice this checker cannot select
            parts.append(f"{name}.where({filters[slice_name]})")
        else:
            parts.append(name)
    return ".".join(parts)


def check(resource, sd, where, problems):
    filters = slice_filters(sd)
    for element in sd["snapshot"]["element"]:
        path = context_path(element["id"], filters)
        if path is None:
            continue
        if ":" in element["id"].split(".")[-1] and element.get("min", 0) > 0:
            count = evaluate(resource, f"{path}.count()")
            if count and count[0] < element["min"]:
                problems.append(f"{where}: {element['id']} appears {count[0]} times, at least {element['min']} needed")
        for constraint in element.get("constraint", []):
            if constraint.get("severity") != "error" or constraint["key"] == "ele-1":
                continue
            expression = constraint.get("expression")
            if not expression:
                continue
            try:
                result = evaluate(resource, f"{path}.all({expression})")
            except Exception as error:  # fhirpathpy's own limits
                SKIPPED.append(f"{constraint['key']} ({type(error).__name__})")
                continue
            if result != [True]:
                problems.append(f"{where}: {constraint['key']} at {element['id']}: {constraint.get('human', '')}")


def problems_of(path):
    with open(path, encoding="utf-8") as f:
        bundle = json.load(f)
    if bundle.get("resourceType") != "Bundle" or bundle.get("type") != "document":
        return ["not a document Bundle"]
    problems = []
    check(bundle, PROFILES["Bundle"], "Bundle", problems)
    for index, entry in enumerate(bundle.get("entry", [])):
        resource = entry.get("resource", {})
        sd = PROFILES.get(resource.get("resourceType"))
        if sd:
            check(resource, sd, f"entry[{index}] {resource['resourceType']}", problems)
    return problems


failed = False
for path in sys.argv[1:]:
    try:
        found = problems_of(path)
    except Exception as error:
        found = [f"could not be checked: {type(error).__name__}: {error}"]
    failed = failed or bool(found)
    for line in found or ["OK"]:
        print(f"{path}\t{' '.join(line.split())}")
if SKIPPED:
    print(f"{len(SKIPPED)} evaluations skipped: {sorted(set(SKIPPED))}", file=sys.stderr)
sys.exit(1 if failed else 0)
