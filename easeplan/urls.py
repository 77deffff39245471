"""easeplan's URL map: the root owns the audience prefixes.

Each app's urls.py lists its routes relative to the prefix of the audience they serve, one list
per audience (`staff_urlpatterns`, `account_urlpatterns`, ...); `app()` includes every list of
an app under its prefix, in the app's one namespace, so `reverse("plans:mine")` and
`reverse("plans:detail")` keep working although they live under different prefixes.
"""

from importlib import import_module

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured
from django.urls import URLPattern, URLResolver, include, path

# The Django admin signs in through allauth, so two-factor authentication applies there too.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "easeplan operators"

# Which list of an app's urls.py goes under which prefix.
AUDIENCES = {
    "public_urlpatterns": "",  # visitors, and links sent by email
    "staff_urlpatterns": "staff/",  # the practice's team
    "account_urlpatterns": "account/",  # signed-in clients
    "book_urlpatterns": "book/",  # online booking and the links of booked visits
}

APPS = (
    "easeplan.site.urls",
    "easeplan.site.webapp.urls",
    "easeplan.accounts.urls",
    "easeplan.staff.urls",
    "easeplan.booking.public.urls",
    "easeplan.booking.staff.urls",
    "easeplan.booking.feeds.urls",
    "easeplan.screening.self_check.urls",
    "easeplan.screening.assessments.urls",
    "easeplan.screening.holds.urls",
    "easeplan.care.intake.urls",
    "easeplan.care.consent.urls",
    "easeplan.care.summary.urls",
    "easeplan.care.plans.urls",
    "easeplan.care.series.urls",
    "easeplan.care.notes.urls",
    "easeplan.care.programme.urls",
    "easeplan.care.nudges.urls",
    "easeplan.outcomes.checkins.urls",
    "easeplan.outcomes.progress.urls",
    "easeplan.outcomes.reports.urls",
    "easeplan.outcomes.dashboard.urls",
    "easeplan.portal.urls",
    "easeplan.portal.home.urls",
    "easeplan.privacy.urls",
    "easeplan.onboarding.urls",
    "easeplan.onboarding.signup.urls",
)


def app(urls_module: str) -> URLResolver:
    """Every route list of one app under its audience's prefix, in the app's namespace."""
    module = import_module(urls_module)
    lists = [
        path(prefix, include(getattr(module, name)))
        for name, prefix in AUDIENCES.items()
        if hasattr(module, name)
    ]
    if not lists:
        raise ImproperlyConfigured(f"{urls_module} has none of the lists {', '.join(AUDIENCES)}.")
    app_name: str | None = getattr(module, "app_name", None)
    return path("", include((lists, app_name) if app_name else lists))


urlpatterns: list[URLPattern | URLResolver] = [
    *(app(name) for name in APPS),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# 500, or 503 with Retry-After while the database is unreachable.
handler500 = "easeplan.lib.errors.server_error"
