"""One handler per kind of import."""

from __future__ import annotations

from yimei.dataimport.choices import ImportKind
from yimei.dataimport.engine import Handler


def handler_for(kind: str) -> type[Handler]:
    from yimei.dataimport.kinds.customers import CustomerHandler
    from yimei.dataimport.kinds.records import ConsultationHandler, VisitHandler
    from yimei.dataimport.kinds.tags import TagHandler

    return {
        ImportKind.CUSTOMERS: CustomerHandler,
        ImportKind.VISITS: VisitHandler,
        ImportKind.CONSULTATIONS: ConsultationHandler,
        ImportKind.TAGS: TagHandler,
    }[kind]
