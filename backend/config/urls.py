from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from yimei.core import views as core_views
from yimei.core.api_views import PingView

api_v1 = [
    path("ping/", PingView.as_view(), name="ping"),
    path("", include("yimei.accounts.api.urls")),
    path("", include("yimei.audit.api.urls")),
    path("", include("yimei.customers.api.urls")),
    path("", include("yimei.dataimport.api.urls")),
    path("", include("yimei.catalog.api.urls")),
    path("", include("yimei.sales.api.urls")),
    path("", include("yimei.appointments.api.urls")),
]

urlpatterns = [
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    # Everything else that is not an API or a static asset is a route of the staff console.
    re_path(r"^(?!api/|assets/).*$", core_views.console, name="console"),
]

handler404 = "yimei.core.views.not_found"
handler500 = "yimei.core.views.server_error"
