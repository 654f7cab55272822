"""A client's functional tests (domain §8) as a FHIR R4 Bundle of Observation resources.

Codes, looked up on loinc.org (LOINC 2.80):
- Timed Up and Go: LOINC 89423-8 "Time to rise from chair, walk 10 feet and back, and return
  to sitting [TUG]", in seconds (UCUM `s`); a member of the CDC STEADI panel 89422-0.
- 30-second chair stand: LOINC 66247-8 "Sit to stand frequency in 30 seconds" (UCUM
  `{#}/(30.s)`), the STEADI test. Pushing up with the hands scores 0 here, as STEADI scores it
  (S11), so the modified test's code (93125-3) is not used.
- 3-metre backward walk: no LOINC code; this app's own code system (below).
- 4-stage balance test (STEADI): no LOINC code for the test or its stances; this app's own
  code system, with one component per stance (seconds held, 0-10).
The own code system's URL is this installation's address + LOCAL_PATH; its codes are listed in
README.md (API). Interpretation uses HL7's v3 ObservationInterpretation: A (abnormal: the
at-risk range) or N (normal); no reading, no interpretation.

Validated in tests/api/test_fhir.py with fhir.resources (a maintained pydantic model library
of the FHIR resources, which checks every element's type, cardinality and required fields).
"""

import uuid
from datetime import datetime
from decimal import Decimal

from django.conf import settings

from accounts.models import User
from assessments import readings as assessments
from assessments.models import AssessmentResult

MEDIA_TYPE = "application/fhir+json"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
LOCAL_PATH = "/api/v1/fhir/CodeSystem/functional-tests"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"


def local_system() -> str:
    return settings.SITE_URL.rstrip("/") + LOCAL_PATH


# kind -> (system, code, display): LOINC where LOINC has one (cited above).
CODES = {
    assessments.TUG: (
        LOINC,
        "89423-8",
        "Time to rise from chair, walk 10 feet and back, and return to sitting [TUG]",
    ),
    assessments.CHAIR_STAND: (LOINC, "66247-8", "Sit to stand frequency in 30 seconds"),
    assessments.BACKWARD_WALK: (None, "backward-walk-3m", "3-metre backward walk time"),
    assessments.BALANCE: (None, "balance-4-stage", "4-stage balance test"),
}
STANCE_CODES = ("balance-side-by-side", "balance-semi-tandem", "balance-tandem", "balance-one-leg")
SECONDS = {"unit": "s", "system": UCUM, "code": "s"}


def _coding(system, code, display) -> dict:
    return {"system": system or local_system(), "code": code, "display": display}


def _seconds(value) -> dict:
    return {"value": float(Decimal(str(value))), **SECONDS}


def _value(result: AssessmentResult) -> dict:
    if result.kind == assessments.CHAIR_STAND:
        return {
            "valueQuantity": {
                "value": int(result.value),
                "unit": "/30 s",
                "system": UCUM,
                "code": "{#}/(30.s)",
            }
        }
    if result.kind == assessments.BALANCE:
        return {}  # the stances are the components
    return {"valueQuantity": _seconds(result.value)}


def _components(result: AssessmentResult) -> list[dict]:
    if result.kind == assessments.BALANCE:
        return [
            {
                "code": {"coding": [_coding(None, code, str(name))], "text": str(name)},
                "valueQuantity": _seconds(held),
            }
            for code, name, held in zip(
                STANCE_CODES, assessments.STANCES, result.values.get("held", []), strict=False
            )
        ]
    if result.kind == assessments.BACKWARD_WALK:
        return [
            {
                "code": {
                    "coding": [_coding(None, f"backward-walk-3m-trial-{n}", f"Timed walk {n}")]
                },
                "valueQuantity": _seconds(walk),
            }
            for n, walk in enumerate(result.values.get("walks", []), start=1)
        ]
    return []


def _interpretation(result: AssessmentResult) -> list[dict]:
    if result.reading == assessments.AT_RISK:
        code, display = "A", "Abnormal"
    elif result.reading == assessments.TYPICAL:
        code, display = "N", "Normal"
    else:
        return []
    return [{"coding": [{"system": INTERPRETATION, "code": code, "display": display}]}]


def _full_url(result: AssessmentResult) -> str:
    # Stable: the same result has the same address in every download.
    name = f"{settings.SITE_URL}/functional-tests/{result.pk}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def observation(client: User, result: AssessmentResult) -> dict:
    system, code, display = CODES[result.kind]
    reading = assessments.reading_for(result.kind, result.values)
    resource = {
        "resourceType": "Observation",
        "id": f"functional-test-{result.pk}",
        "status": "final",
        "category": [{"coding": [{"system": CATEGORY, "code": "exam", "display": "Exam"}]}],
        "code": {"coding": [_coding(system, code, display)], "text": str(result.kind_name)},
        "subject": {
            "identifier": {
                "system": settings.SITE_URL.rstrip("/") + "/people",
                "value": str(client.public_id),
            },
            "display": client.display_name,
        },
        "effectiveDateTime": result.taken_on.isoformat(),
        "issued": result.created_at.isoformat(),
        **_value(result),
    }
    if interpretation := _interpretation(result):
        resource["interpretation"] = interpretation
    if reading.words:
        resource["note"] = [{"text": str(reading.words)}]
    if components := _components(result):
        resource["component"] = components
    return resource


def bundle(client: User, results: list[AssessmentResult], *, now: datetime) -> dict:
    """A `collection` Bundle: one Observation per result, oldest first."""
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": now.isoformat(),
        "entry": [
            {"fullUrl": _full_url(result), "resource": observation(client, result)}
            for result in results
        ],
    }
