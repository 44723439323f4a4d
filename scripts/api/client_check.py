"""What an integrator does first with a client generated from openapi/openapi.json.

Staff sign-in, patient search and read, the portal config read and updated with its ETag, and
errors decoded as ProblemDetails. Run by scripts/api-check.sh against a demo server; every step
asserts on the generated client's typed models, so a document that loses a schema or a response
fails here.
"""

import os
import sys
import uuid

from portico_client import AuthenticatedClient, Client
from portico_client.api.patients import get_patient, search_patients
from portico_client.api.portal_config import get_portal_config, update_portal_config
from portico_client.api.staff_auth import staff_login
from portico_client.models import (
    ErrorCode,
    LoginRequest,
    PagePatientSummary,
    Patient,
    PortalConfig,
    ProblemDetails,
    TokenResponse,
)

BASE = os.environ["PORTICO_URL"]
PASSWORD = os.environ["PORTICO_DEMO_PASSWORD"]


def step(what: str) -> None:
    print(f"  client: {what}", flush=True)


def main() -> int:
    anonymous = Client(base_url=BASE)

    step("a wrong password comes back as ProblemDetails with code invalid_credentials")
    wrong = staff_login.sync_detailed(
        client=anonymous, body=LoginRequest(email="admin@riverside.example", password="not the password")
    )
    assert wrong.status_code == 401, wrong.status_code
    assert isinstance(wrong.parsed, ProblemDetails), wrong.parsed
    assert wrong.parsed.code == ErrorCode.INVALID_CREDENTIALS, wrong.parsed.code
    assert wrong.parsed.status == 401 and wrong.parsed.detail

    step("staff sign-in returns a bearer token")
    login = staff_login.sync_detailed(
        client=anonymous, body=LoginRequest(email="admin@riverside.example", password=PASSWORD)
    )
    assert login.status_code == 200, login.status_code
    assert isinstance(login.parsed, TokenResponse)
    assert "portico_staff_refresh" in login.headers.get("set-cookie", "")
    staff = AuthenticatedClient(base_url=BASE, token=login.parsed.access_token)

    step("patient search pages through PagePatientSummary")
    page = search_patients.sync(client=staff, limit=5)
    assert isinstance(page, PagePatientSummary), page
    assert 0 < len(page.items) <= 5
    assert page.next_cursor, "the demo has more than five patients"
    second = search_patients.sync(client=staff, limit=5, cursor=page.next_cursor)
    assert isinstance(second, PagePatientSummary)
    assert not {p.id for p in page.items} & {p.id for p in second.items}

    step("a patient reads back as Patient, with a real date of birth")
    patient = get_patient.sync(client=staff, id=page.items[0].id)
    assert isinstance(patient, Patient)
    assert patient.id == page.items[0].id and patient.date_of_birth.year >= 1900

    step("a bad query parameter comes back as 422 naming the field")
    bad = search_patients.sync_detailed(client=staff, limit=1000)
    assert bad.status_code == 422, bad.status_code
    assert isinstance(bad.parsed, ProblemDetails) and bad.parsed.code == ErrorCode.VALIDATION_FAILED
    assert any(e.field == "limit" for e in bad.parsed.errors), bad.parsed.errors

    step("the portal config is read with its ETag and updated with If-Match")
    read = get_portal_config.sync_detailed(client=staff)
    assert read.status_code == 200 and isinstance(read.parsed, PortalConfig)
    etag = read.headers["etag"]
    config = read.parsed
    config.waitlist_enabled = not config.waitlist_enabled
    updated = update_portal_config.sync_detailed(client=staff, body=config, if_match=etag)
    assert updated.status_code == 200, (updated.status_code, updated.content)
    assert isinstance(updated.parsed, PortalConfig)
    assert updated.parsed.waitlist_enabled == config.waitlist_enabled
    assert updated.headers["etag"] != etag

    step("the stale ETag is refused with 412 precondition_failed")
    stale = update_portal_config.sync_detailed(client=staff, body=config, if_match=etag)
    assert stale.status_code == 412, stale.status_code
    assert isinstance(stale.parsed, ProblemDetails) and stale.parsed.code == ErrorCode.PRECONDITION_FAILED

    step("an id that is not one of the practice's patients is simply not found")
    missing = get_patient.sync_detailed(client=staff, id=uuid.UUID("0193b1a4-6c1e-7a52-9f3e-2d1c0b9a8e77"))
    assert missing.status_code == 404 and isinstance(missing.parsed, ProblemDetails)
    assert missing.parsed.code == ErrorCode.NOT_FOUND
    return 0


if __name__ == "__main__":
    sys.exit(main())
