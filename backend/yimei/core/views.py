"""Plain Django views: the single-page console shell and the JSON error pages."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

# Scripts only from our own origin; inline styles are allowed because Ant Design writes its CSS at run time;
# images may be data:/blob: URLs (the watermark is drawn on a canvas).
CONSOLE_CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

@lru_cache(maxsize=1)
def _index_html(path: Path, mtime: float) -> bytes:
    return path.read_bytes()


@require_safe
def console(request: HttpRequest) -> HttpResponse:
    """The staff console's index.html for every client-side route; the browser router takes it from there."""
    index = settings.FRONTEND_DIST / "index.html"
    if not index.exists():
        return HttpResponse(
            "前端尚未构建：请运行 make run（或 cd frontend && npm run build）。\n"
            "The console has not been built yet: run `make run`.",
            status=503, content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(_index_html(index, index.stat().st_mtime), content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = CONSOLE_CSP
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: the one JSON error shape instead of Django's HTML page."""
    from django.http import JsonResponse

    from yimei.core.errors import error_body

    return JsonResponse(error_body("csrf_failed", "页面已过期或来源不可信，请刷新页面后重试。"), status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    from django.http import JsonResponse

    from yimei.core.errors import error_body

    if request.path.startswith("/api/"):
        return JsonResponse(error_body("server_error", "系统出现异常，请稍后重试；如多次出现请联系系统管理员。"),
                            status=500)
    return HttpResponse("系统出现异常，请稍后重试。", status=500, content_type="text/plain; charset=utf-8")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    from django.http import JsonResponse

    from yimei.core.errors import error_body

    return JsonResponse(error_body("not_found", "请求的地址不存在。"), status=404)
