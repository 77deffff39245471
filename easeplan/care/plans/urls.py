"""Plans of care: the therapist's plan page (the hub of a course of treatment) and the
client's view of their plan."""

from django.urls import path

from . import views as plan_views

app_name = "plans"

staff_urlpatterns = [
    path("clients/<str:code>/plans/new/", plan_views.new_plan, name="new"),
    path("plans/<str:code>/", plan_views.plan_detail, name="detail"),
    path("plans/<str:code>/edit/", plan_views.edit_plan, name="edit"),
    path("plans/<str:code>/status/", plan_views.plan_status, name="status"),
    path("plans/<str:code>/review/", plan_views.plan_review, name="review"),
]

account_urlpatterns = [
    path("plans/<str:code>/", plan_views.my_plan, name="mine"),
]
