from django.urls import path
from rest_framework.routers import SimpleRouter

from yimei.accounts.api import preferences, views

router = SimpleRouter()
router.register("org-units", views.OrgUnitViewSet, basename="org-unit")
router.register("positions", views.PositionViewSet, basename="position")
router.register("staff", views.StaffViewSet, basename="staff")
router.register("roles", views.RoleViewSet, basename="role")
router.register("saved-filters", preferences.SavedFilterViewSet, basename="saved-filter")

urlpatterns = [
    path("auth/csrf/", views.CsrfView.as_view(), name="auth-csrf"),
    path("auth/login/", views.LoginView.as_view(), name="auth-login"),
    path("auth/logout/", views.LogoutView.as_view(), name="auth-logout"),
    path("auth/password/", views.PasswordChangeView.as_view(), name="auth-password"),
    path("me/", views.MeView.as_view(), name="me"),
    path("permissions/", views.PermissionCatalogView.as_view(), name="permission-catalog"),
    path("table-preferences/", preferences.TablePreferenceView.as_view(), name="table-preference"),
    *router.urls,
]
