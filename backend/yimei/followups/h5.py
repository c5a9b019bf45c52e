"""The customer's aftercare page (``/h5/care/<token>``), opened from the WeChat template message or the SMS link.

Public (the customer has no login): the token is 128 random bits, and the page shows only the item's name and
its instructions — no name, phone or date that would tell a finder whose treatment it was. A reversed deduction
closes the page.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from yimei.accounts.models import OrgUnit
from yimei.followups.choices import CareStatus
from yimei.followups.models import CareDelivery

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; " \
      "frame-ancestors 'none'"


@require_safe
def care_page(request: HttpRequest, token: str) -> HttpResponse:
    delivery = CareDelivery.objects.filter(token=token).only("item_name", "instructions", "rich", "status").first()
    found = delivery is not None and delivery.status == CareStatus.SCHEDULED
    # Who sends it: the hospital (the root of the organisation), so the customer knows the page is their clinic's.
    hospital = OrgUnit.objects.filter(parent__isnull=True).order_by("pk").values_list("name", flat=True).first()
    html = render_to_string("followups/care.html", {"delivery": delivery if found else None,
                                                    "hospital": hospital or ""}, request=request)
    response = HttpResponse(html, status=200 if found else 404, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = CSP
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
