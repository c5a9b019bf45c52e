"""Filter backends shared by the API."""

from __future__ import annotations

from typing import Any

from rest_framework.filters import SearchFilter

from yimei.core import crypto
from yimei.core.personal import normalize_mobile


class PersonalSearchFilter(SearchFilter):
    """``?search=`` that also finds an encrypted phone number: four digits match the last four, a full mobile
    number matches the blind index; nothing is decrypted. Views name the field in ``phone_search_field``."""

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        field = getattr(view, "phone_search_field", None)
        term = request.query_params.get(self.search_param, "").strip()
        if field and term.isdigit() and len(term) == 4:
            return queryset.filter(**{f"{field}_last4": term})
        if field and term.lstrip("+").isdigit() and len(term) >= 11:
            try:
                number = normalize_mobile(term)
            except ValueError:
                return super().filter_queryset(request, queryset, view)
            return queryset.filter(**{f"{field}_hash": crypto.blind_index(number)})
        return super().filter_queryset(request, queryset, view)
