"""A client's functional tests as a FHIR R4 Bundle of Observations (issue 28, point 3),
validated with fhir.resources: maintained pydantic models of the FHIR resources. Its R4B
models are used: R4B is the 4.3 technical correction of R4 (4.0.1) and leaves Bundle and
Observation unchanged, while the library's R4-only releases (6.x) need pydantic 1. The
official R4 JSON schema is not on PyPI; these models check more (types, cardinality,
required elements, the resources inside the bundle)."""

from datetime import date
from decimal import Decimal

import pytest
from fhir.resources.R4B.bundle import Bundle

from api import fhir
from assessments.models import AssessmentResult
from assessments.services import record_result
from coaching.models import CoachLink
from tests.api.conftest import NOW, TODAY, token_client


@pytest.fixture
def results(world):
    wendy, cora = world["person"], world["coach"]
    record_result(wendy, "tug", {"seconds": "13.2"}, by=cora, today=TODAY)
    record_result(wendy, "chair-stand", {"stands": 9, "sex": "female"}, by=wendy, today=TODAY)
    record_result(wendy, "backward-walk", {"walks": ["6.1", "5.8"]}, by=wendy, today=TODAY)
    record_result(wendy, "balance", {"held": ["10", "10", "6.5", "0"]}, by=cora, today=TODAY)
    return world


def download(world):
    url = f"/api/v1/clients/{world['person'].public_id}/tests/fhir/"
    return token_client(world["coach"], "coach_read").get(url)


def test_the_bundle_validates_as_fhir(results):
    response = download(results)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    data = response.json()
    bundle = Bundle.model_validate(data)
    assert bundle.type == "collection"
    assert len(bundle.entry) == 4
    assert {entry.resource.__resource_type__ for entry in bundle.entry} == {"Observation"}


def test_loinc_codes_where_loinc_has_one_and_the_apps_own_otherwise(results):
    observations = {
        e["resource"]["code"]["text"]: e["resource"] for e in download(results).json()["entry"]
    }
    tug = observations["Timed Up and Go"]
    assert tug["code"]["coding"][0] == {
        "system": "http://loinc.org",
        "code": "89423-8",
        "display": "Time to rise from chair, walk 10 feet and back, and return to sitting [TUG]",
    }
    assert tug["valueQuantity"] == {
        "value": 13.2,
        "unit": "s",
        "system": "http://unitsofmeasure.org",
        "code": "s",
    }
    assert tug["interpretation"][0]["coding"][0]["code"] == "A"
    chair = observations["30-second chair stand"]
    assert chair["code"]["coding"][0]["code"] == "66247-8"
    assert chair["valueQuantity"]["value"] == 9
    walk = observations["3-metre backward walk"]
    assert walk["code"]["coding"][0]["system"].endswith(fhir.LOCAL_PATH)
    assert [c["valueQuantity"]["value"] for c in walk["component"]] == [6.1, 5.8]
    assert walk["valueQuantity"]["value"] == 5.8
    balance = observations["4-stage balance test"]
    assert len(balance["component"]) == 4
    assert "valueQuantity" not in balance


def test_the_same_result_keeps_its_address_in_every_download(results):
    first = [e["fullUrl"] for e in download(results).json()["entry"]]
    assert first == [e["fullUrl"] for e in download(results).json()["entry"]]
    assert all(url.startswith("urn:uuid:") for url in first)


def test_without_the_clients_consent_nothing_from_before_the_link(world):
    wendy, cora = world["person"], world["coach"]
    AssessmentResult.objects.create(
        client=wendy,
        kind="tug",
        taken_on=date(2026, 10, 1),
        value=Decimal("9"),
        values={"seconds": "9"},
        reading="typical",
        recorded_by=wendy,
        created_at=NOW,
    )
    assert download(world).json()["entry"] == []
    CoachLink.objects.filter(coach=cora, client=wendy).update(shares_history=True)
    assert len(download(world).json()["entry"]) == 1
    assert len(token_client(cora).get(f"/api/v1/clients/{wendy.public_id}/tests/").json()) == 1
