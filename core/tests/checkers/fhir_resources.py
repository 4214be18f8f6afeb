"""Checks FHIR R4 JSON files with PyPI fhir.resources 6.1.0 (R4 4.0.1 models, pydantic 1).

    $PHR_CHECKERS_PYTHON fhir_resources.py FILE...

It checks element names (an unknown element is an error), required elements and
primitive formats; not code bindings, invariants or profiles (SOURCES.md probed this).
Prints FILE<TAB>OK, or FILE<TAB>problem per error; exits 0 when every file is OK, 1 when
some are not, 2 when it cannot run.
"""

import json
import sys

try:
    import fhir.resources
    from fhir.resources import construct_fhir_element
except ImportError as error:  # not the checkers' Python
    print(f"fhir.resources is not installed: {error}", file=sys.stderr)
    sys.exit(2)

if not fhir.resources.__version__.startswith("6.1."):
    print(f"fhir.resources {fhir.resources.__version__}, not 6.1 (R4)", file=sys.stderr)
    sys.exit(2)


def problems(path):
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        construct_fhir_element(data["resourceType"], data)
        return []
    except Exception as error:  # a checker reports, it does not stop
        return [" ".join(line.strip() for line in str(error).splitlines())]


failed = False
for path in sys.argv[1:]:
    found = problems(path)
    failed = failed or bool(found)
    for line in found or ["OK"]:
        print(f"{path}\t{line}")
sys.exit(1 if failed else 0)
