"""easeplan's URL map."""

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from easeplan.accounts import views as account_views
from easeplan.booking.feeds import therapist_feed

# The Django admin signs in through allauth, so two-factor authentication applies there too.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "easeplan operators"

urlpatterns = [
    path("", include("easeplan.site.urls")),
    path("", include("easeplan.care.intake.urls")),
    path("", include("easeplan.care.consent.urls")),
    path("", include("easeplan.care.summary.urls")),
    path("", include("easeplan.screening.assessments.urls")),
    path("", include("easeplan.screening.holds.urls")),
    path("", include("easeplan.care.plans.urls")),
    path("", include("easeplan.care.notes.urls")),
    path("", include("easeplan.care.programme.urls")),
    path("", include("easeplan.care.nudges.urls")),
    path("", include("easeplan.outcomes.checkins.urls")),
    path("", include("easeplan.outcomes.progress.urls")),
    path("", include("easeplan.outcomes.reports.urls")),
    path("", include("easeplan.outcomes.dashboard.urls")),
    path("", include("easeplan.portal.urls")),
    path("", include("easeplan.privacy.urls")),
    path("", include("easeplan.care.series.urls")),
    path("book/", include("easeplan.booking.public.urls")),
    path("self-check/", include("easeplan.screening.self_check.urls")),
    path("staff/visits/", include("easeplan.booking.staff.urls")),
    path("staff/", include("easeplan.staff.urls")),
    path("account/", include("easeplan.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("home/", account_views.home_for_user, name="home_for_user"),
    path("feeds/<str:token>.ics", therapist_feed, name="therapist_feed"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# 500, or 503 with Retry-After while the database is unreachable.
handler500 = "easeplan.lib.errors.server_error"
