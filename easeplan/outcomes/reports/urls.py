"""The progress report of a plan: the staff's page and PDF, the summary, the client's own."""

from django.urls import path

from . import views as report_views

app_name = "reports"

staff_urlpatterns = [
    path("plans/<str:code>/report/", report_views.plan_report, name="plan"),
    path("plans/<str:code>/report.pdf", report_views.plan_report_pdf, name="plan_pdf"),
    path("plans/<str:code>/report/summary/", report_views.save_summary, name="summary"),
]

account_urlpatterns = [
    path("plans/<str:code>/report/", report_views.my_report, name="mine"),
    path("plans/<str:code>/report.pdf", report_views.my_report_pdf, name="mine_pdf"),
]
