"""The public verification of a carbon label: what its QR code says, and whether it still holds.

``/verify?code=PCF1.…`` (the QR payload) or the form's pasted payload is checked by the
spaces room (``Spaces.verify_label``): against the footprints the platform publishes and
the registry's standing of the rule version. A payload that is not one, or was altered,
is said so in the page's language; nothing is written, so the form is a plain GET.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from pcfrules.errors import PcfrulesError
from pcfrules.interchange.pact import PACT_UNITS
from pcfrules.registry import workflow
from pcfrules.spaces.labels import VERDICTS
from pcfrules.web.deps import Svc, Visitor, csrf_protect
from pcfrules.web.templating import page

router = APIRouter(dependencies=[Depends(csrf_protect)])
PAYLOAD_CHARS = 2000  # a label's payload is some 300; more is not one


def pact_unit(name: str) -> str:
    """PACT's declared unit (``kilogram``, ``cubic meter``) as its symbol (``kg``, ``m³``)."""
    return PACT_UNITS.get(name, name).replace("**3", "³").replace("**2", "²")


@router.get("/verify", response_class=HTMLResponse)
def verify(
    request: Request,
    svc: Svc,
    visitor: Visitor,
    code: Annotated[str, Query(max_length=PAYLOAD_CHARS)] = "",
) -> HTMLResponse:
    """The form, and the check of the payload given."""
    context: dict[str, object] = {
        "code": code.strip(),
        "verdicts": VERDICTS,
        "states_named": workflow.STATES,
        "pact_unit": pact_unit,
    }
    status = 200
    if code.strip():
        try:
            context["check"] = svc.spaces.verify_label(code)
        except PcfrulesError as exc:
            context["error"] = exc
            status = 422
    return page(request, "verify.html", context, status)
