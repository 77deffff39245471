"""Plans of care: the therapist's plan page (the hub of a course of treatment) and the
client's view of their plan."""

from django.urls import path

from . import views as plan_views

app_name = "plans"

urlpatterns = [
    path("staff/clients/<str:code>/plans/new/", plan_views.new_plan, name="new"),
    path("staff/plans/<str:code>/", plan_views.plan_detail, name="detail"),
    path("staff/plans/<str:code>/edit/", plan_views.edit_plan, name="edit"),
    path("staff/plans/<str:code>/status/", plan_views.plan_status, name="status"),
    path("staff/plans/<str:code>/review/", plan_views.plan_review, name="review"),
    path("account/plans/<str:code>/", plan_views.my_plan, name="mine"),
]
