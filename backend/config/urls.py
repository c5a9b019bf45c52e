from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from yimei.core import views as core_views
from yimei.core.api_views import PingView
from yimei.followups.h5 import care_page

api_v1 = [
    path("ping/", PingView.as_view(), name="ping"),
    path("", include("yimei.accounts.api.urls")),
    path("", include("yimei.audit.api.urls")),
    path("", include("yimei.customers.api.urls")),
    path("", include("yimei.dataimport.api.urls")),
    path("", include("yimei.catalog.api.urls")),
    path("", include("yimei.sales.api.urls")),
    path("", include("yimei.appointments.api.urls")),
    path("", include("yimei.notify.api.urls")),
    path("", include("yimei.followups.api.urls")),
    path("", include("yimei.workbench.api.urls")),
]

urlpatterns = [
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    # The customer's aftercare page, opened from a WeChat or SMS message (public, by unguessable token).
    re_path(r"^h5/care/(?P<token>[^/]{1,100})/?$", care_page, name="care-page"),
    # Everything else that is not an API or a static asset is a route of the staff console.
    re_path(r"^(?!api/|assets/).*$", core_views.console, name="console"),
]

handler404 = "yimei.core.views.not_found"
handler500 = "yimei.core.views.server_error"
