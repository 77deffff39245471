"""The staff area: practice settings, services, team, hours, time off."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from easeplan.accounts.audit import AuditContext, log_action
from easeplan.accounts.models import Membership
from easeplan.practice.http import StaffRequest

from . import forms, services
from .access import own_profile, owner_required, staff_required
from .models import Service, Therapist


@owner_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def practice_settings(request: StaffRequest) -> HttpResponse:
    practice = request.practice
    form = forms.PracticeForm(request.POST or None, instance=practice)
    if request.method == "POST" and form.is_valid():
        form.save()
        log_action(
            request.user, "practice.settings.changed", practice, {"fields": form.changed_data}
        )
        messages.success(request, gettext("Practice details saved."))
        return redirect("practice:settings")
    return render(request, "practice/settings.html", {"form": form, "section": "settings"})


@staff_required()
def service_list(request: StaffRequest) -> HttpResponse:
    services_ = request.practice.services.all()
    return render(request, "practice/services.html", {"services": services_, "section": "services"})


@owner_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def service_edit(request: StaffRequest, code: str | None = None) -> HttpResponse:
    practice = request.practice
    service = get_object_or_404(practice.services, code=code) if code else Service()
    form = forms.ServiceForm(request.POST or None, instance=service, practice=practice)
    if request.method == "POST" and form.is_valid():
        form.save()
        action = "practice.service.changed" if code else "practice.service.added"
        log_action(request.user, action, form.instance, {"fields": form.changed_data})
        messages.success(request, gettext("Saved “%(name)s”.") % {"name": form.instance.name})
        return redirect("practice:services")
    return render(
        request,
        "practice/service_form.html",
        {"form": form, "service": service if code else None, "section": "services"},
    )


@staff_required()
def team(request: StaffRequest) -> HttpResponse:
    practice = request.practice
    members = practice.memberships.select_related("user").order_by("role", "user__full_name")
    therapists = practice.therapists.annotate(hours=Count("working_hours"))
    return render(
        request,
        "practice/team.html",
        {"members": members, "therapists": therapists, "section": "team"},
    )


@owner_required
@require_http_methods(["GET", "POST"])
def member_add(request: StaffRequest) -> HttpResponse:
    practice = request.practice
    form = forms.AddMemberForm(request.POST or None, practice=practice)
    if request.method == "POST" and form.is_valid():
        membership, _ = services.add_member(practice, actor=request.user, **form.cleaned_data)
        messages.success(
            request,
            gettext("Added %(person)s as %(role)s.")
            % {"person": membership.user, "role": membership.get_role_display().lower()},
        )
        return redirect("practice:team")
    return render(request, "practice/member_form.html", {"form": form, "section": "team"})


@owner_required
@require_http_methods(["GET", "POST"])
def member_edit(request: StaffRequest, code: str) -> HttpResponse:
    practice = request.practice
    membership = get_object_or_404(practice.memberships.select_related("user"), code=code)
    form = forms.RoleForm(request.POST or None, initial={"role": membership.role})
    if request.method == "POST" and "remove" in request.POST:
        try:
            services.remove_member(membership, actor=request.user)
        except services.LastOwner as refused:
            messages.error(request, refused.message)
            return redirect("practice:member", code=code)
        messages.success(
            request, gettext("%(person)s is no longer on the team.") % {"person": membership.user}
        )
        if membership.user_id == request.user.pk:
            return redirect("home_for_user")
        return redirect("practice:team")
    if request.method == "POST" and form.is_valid():
        try:
            services.change_role(membership, form.cleaned_data["role"], actor=request.user)
        except services.LastOwner as refused:
            form.add_error("role", refused.message)
        else:
            messages.success(
                request,
                gettext("%(person)s is now %(role)s.")
                % {"person": membership.user, "role": membership.get_role_display().lower()},
            )
            return redirect("practice:team")
    return render(
        request,
        "practice/member_edit.html",
        {"member": membership, "form": form, "section": "team"},
    )


@owner_required
@require_http_methods(["GET", "POST"])
def therapist_edit(request: StaffRequest, code: str) -> HttpResponse:
    practice = request.practice
    therapist = get_object_or_404(practice.therapists, code=code)
    form = forms.TherapistForm(request.POST or None, request.FILES or None, instance=therapist)
    hours = forms.WorkingHoursFormSet(request.POST or None, instance=therapist, prefix="hours")
    if request.method == "POST" and form.is_valid() and hours.is_valid():
        services.save_therapist(
            therapist, form, hours, actor=request.user, audit=AuditContext.of(request)
        )
        messages.success(
            request, gettext("Saved %(name)s's profile and working hours.") % {"name": therapist}
        )
        return redirect("practice:therapist", code=therapist.code)
    time_off = therapist.time_off.filter(ends_at__gte=timezone.now())
    return render(
        request,
        "practice/therapist_form.html",
        {
            "therapist": therapist,
            "form": form,
            "hours": hours,
            "time_off": time_off,
            "time_off_form": forms.TimeOffForm(),
            "section": "team",
        },
    )


@owner_required
@require_POST
@transaction.atomic
def time_off_add(request: StaffRequest, code: str) -> HttpResponse:
    therapist = get_object_or_404(request.practice.therapists, code=code)
    form = forms.TimeOffForm(request.POST)
    if form.is_valid():
        services.add_time_off(
            therapist, **form.cleaned_data, actor=request.user, audit=AuditContext.of(request)
        )
        messages.success(request, gettext("Time off added."))
        return redirect("practice:therapist", code=therapist.code)
    return render(
        request,
        "practice/time_off_form.html",
        {"therapist": therapist, "form": form, "section": "team"},
        status=400,
    )


@owner_required
@require_POST
@transaction.atomic
def time_off_delete(request: StaffRequest, code: str, entry: str) -> HttpResponse:
    therapist = get_object_or_404(request.practice.therapists, code=code)
    time_off = get_object_or_404(therapist.time_off, code=entry)
    time_off.delete()
    log_action(request.user, "practice.time_off.removed", therapist)
    messages.success(request, gettext("Time off removed."))
    return redirect("practice:therapist", code=therapist.code)


@staff_required()
@require_POST
def switch_practice(request: StaffRequest) -> HttpResponse:
    membership = get_object_or_404(
        Membership, user=request.user, practice__slug=request.POST.get("practice", "")
    )
    request.session["practice_id"] = membership.practice_id
    return redirect("practice:dashboard")


@staff_required()
@require_POST
def therapist_feed_reset(request: StaffRequest, code: str) -> HttpResponse:
    """Create or replace a therapist's private calendar link (owners, or the therapist)."""
    therapist = get_object_or_404(request.practice.therapists, code=code)
    is_owner = request.membership.role == Membership.Role.OWNER
    if not is_owner and therapist.user_id != request.user.pk:
        raise Http404("No such page.")
    with transaction.atomic():
        therapist.new_feed_token()
        log_action(request.user, "practice.therapist.feed_reset", therapist)
    messages.success(request, gettext("New calendar link ready. The old link no longer works."))
    if is_owner:
        return redirect("practice:therapist", code=therapist.code)
    return redirect("practice:calendar")


# A therapist's own pages: their profile, hours and time off. `own_profile` hands the view
# the signed-in member's own therapist row, so no other therapist's row can be reached.


@own_profile
@require_http_methods(["GET", "POST"])
def my_profile(request: StaffRequest, therapist: Therapist) -> HttpResponse:
    form = forms.ProfileForm(request.POST or None, request.FILES or None, instance=therapist)
    if request.method == "POST" and form.is_valid():
        services.save_therapist(
            therapist, form, None, actor=request.user, audit=AuditContext.of(request)
        )
        messages.success(
            request, gettext("Your profile is saved. Visitors see it on the public site.")
        )
        return redirect("practice:my_profile")
    return render(
        request,
        "practice/my_profile.html",
        {"therapist": therapist, "form": form, "section": "me"},
    )


@own_profile
@require_http_methods(["GET", "POST"])
def my_hours(request: StaffRequest, therapist: Therapist) -> HttpResponse:
    hours = forms.WorkingHoursFormSet(request.POST or None, instance=therapist, prefix="hours")
    if request.method == "POST" and hours.is_valid():
        services.save_therapist(
            therapist, None, hours, actor=request.user, audit=AuditContext.of(request)
        )
        messages.success(request, gettext("Your working hours are saved."))
        return redirect("practice:my_hours")
    return render(
        request,
        "practice/my_hours.html",
        {"therapist": therapist, "hours": hours, "section": "me"},
    )


@own_profile
@require_http_methods(["GET", "POST"])
def my_time_off(request: StaffRequest, therapist: Therapist) -> HttpResponse:
    form = forms.TimeOffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _, added = services.add_time_off(
            therapist, **form.cleaned_data, actor=request.user, audit=AuditContext.of(request)
        )
        messages.success(
            request,
            gettext("Time off added.") if added else gettext("This time off is already in."),
        )
        return redirect("practice:my_time_off")
    return render(
        request,
        "practice/my_time_off.html",
        {
            "therapist": therapist,
            "form": form,
            "time_off": therapist.time_off.filter(ends_at__gte=timezone.now()),
            "section": "me",
        },
        status=400 if form.errors else 200,
    )


@own_profile
@require_POST
@transaction.atomic
def my_time_off_delete(request: StaffRequest, therapist: Therapist, entry: str) -> HttpResponse:
    found = therapist.time_off.filter(code=entry).first()
    if found is None:
        # Already removed (a double click) or not this therapist's: nothing to show.
        raise Http404("No such time off.")
    found.delete()
    log_action(request.user, "practice.time_off.removed", therapist, audit=AuditContext.of(request))
    messages.success(request, gettext("Time off removed."))
    return redirect("practice:my_time_off")
