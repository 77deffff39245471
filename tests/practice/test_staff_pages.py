"""Owners run their practice from the staff pages: services, team, hours, time off."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from easeplan.accounts.models import AuditEvent, Membership, User
from easeplan.practice.models import Service, Therapist, WorkingHours

from ..conftest import World, page_text, signed_in
from ..factories import AppointmentFactory, ClientFactory, ContactMessageFactory

pytestmark = pytest.mark.django_db

SERVICE = {
    "name": "Sports massage",
    "description": "For runners.",
    "duration_minutes": "45",
    "buffer_after_minutes": "15",
    "price": "55.00",
    "bookable_online": "on",
    "is_active": "on",
}


def test_an_owner_adds_a_service(world: World, as_owner) -> None:
    response = as_owner.post(reverse("practice:service_add"), SERVICE)
    assert response["Location"] == reverse("practice:services")
    service = world.practice.services.get(name="Sports massage")
    assert service.duration == dt.timedelta(minutes=45)
    assert service.bookable_online
    listing = as_owner.get(reverse("practice:services")).content.decode()
    assert "Sports massage" in listing
    assert AuditEvent.objects.filter(action="practice.service.added").exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("duration_minutes", "", "Give the length of the visit in minutes."),
        ("duration_minutes", "2", "greater than or equal to 5"),
        ("price", "-1", "greater than or equal to 0"),
        ("name", "treatment, 60 MINUTES", "You already have a service with this name."),
    ],
)
def test_bad_service_input_says_what_is_wrong_and_saves_nothing(
    world: World, as_owner, field, value, message
) -> None:
    before = Service.objects.count()
    response = as_owner.post(reverse("practice:service_add"), {**SERVICE, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Service.objects.count() == before


def test_an_owner_edits_a_service(world: World, as_owner) -> None:
    service = world.practice.services.get()
    as_owner.post(
        reverse("practice:service", args=[service.code]),
        {**SERVICE, "name": service.name, "price": "65.00"},
    )
    service.refresh_from_db()
    assert str(service.price) == "65.00"


def hours_post(therapist: Therapist, rows: list[tuple[int, str, str]], **extra) -> dict:
    existing = list(therapist.working_hours.all())
    data = {
        "display_name": therapist.display_name,
        "bio": "Runner's glutes.",
        "is_active": "on",
        "hours-TOTAL_FORMS": str(len(existing) + len(rows)),
        "hours-INITIAL_FORMS": str(len(existing)),
        "hours-MIN_NUM_FORMS": "0",
        "hours-MAX_NUM_FORMS": "1000",
    }
    for i, h in enumerate(existing):
        data |= {
            f"hours-{i}-id": str(h.pk),
            f"hours-{i}-weekday": str(h.weekday),
            f"hours-{i}-starts": h.starts.strftime("%H:%M"),
            f"hours-{i}-ends": h.ends.strftime("%H:%M"),
        }
    for j, (day, a, b) in enumerate(rows, start=len(existing)):
        data |= {f"hours-{j}-weekday": str(day), f"hours-{j}-starts": a, f"hours-{j}-ends": b}
    return data | extra


def test_an_owner_sets_several_working_intervals_on_one_day(world: World, as_owner) -> None:
    therapist = world.therapist
    url = reverse("practice:therapist", args=[therapist.code])
    response = as_owner.post(
        url, hours_post(therapist, [(2, "09:00", "13:00"), (2, "14:00", "18:00")])
    )
    assert response.status_code == 302
    wednesday = therapist.working_hours.filter(weekday=2).order_by("starts")
    assert [(h.starts, h.ends) for h in wednesday] == [
        (dt.time(9), dt.time(13)),
        (dt.time(14), dt.time(18)),
    ]
    page = as_owner.get(url).content.decode()
    assert "14:00" in page


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([(2, "09:00", "13:00"), (2, "12:00", "15:00")], "Two intervals on Wednesday overlap"),
        ([(3, "17:00", "09:00")], "The end time must be after the start time."),
    ],
)
def test_bad_working_hours_are_refused_and_nothing_changes(
    world: World, as_owner, rows, message
) -> None:
    therapist = world.therapist
    before = list(WorkingHours.objects.values_list("weekday", "starts", "ends"))
    response = as_owner.post(
        reverse("practice:therapist", args=[therapist.code]),
        hours_post(therapist, rows, bio="Changed"),
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert list(WorkingHours.objects.values_list("weekday", "starts", "ends")) == before
    therapist.refresh_from_db()
    assert therapist.bio == ""


def test_time_off_is_added_and_removed(world: World, as_owner) -> None:
    url = reverse("practice:time_off_add", args=[world.therapist.code])
    response = as_owner.post(
        url, {"starts_at": "2030-08-01T09:00", "ends_at": "2030-08-15T18:00", "reason": "Holiday"}
    )
    assert response.status_code == 302
    entry = world.therapist.time_off.get()
    assert entry.starts_at.utcoffset() == dt.timedelta(0)  # stored in UTC
    assert entry.starts_at.hour == 8  # 09:00 in London summer time
    as_owner.post(reverse("practice:time_off_delete", args=[world.therapist.code, entry.code]))
    assert not world.therapist.time_off.exists()


def test_time_off_that_ends_before_it_starts_is_refused(world: World, as_owner) -> None:
    response = as_owner.post(
        reverse("practice:time_off_add", args=[world.therapist.code]),
        {"starts_at": "2030-08-15T09:00", "ends_at": "2030-08-01T09:00"},
    )
    assert response.status_code == 400
    assert "The end must be after the start." in response.content.decode()
    assert not world.therapist.time_off.exists()


def test_an_owner_adds_a_therapist_who_sets_a_password_from_the_email(
    world: World, as_owner, client, django_capture_on_commit_callbacks, settings
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = as_owner.post(
            reverse("practice:member_add"),
            {
                "full_name": "Nia Brooks",
                "email": "nia@example.org",
                "role": "therapist",
                "is_therapist": "on",
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="nia@example.org")
    assert Membership.objects.get(user=user).role == "therapist"
    assert Therapist.objects.get(user=user).display_name == "Nia Brooks"
    assert not user.has_usable_password()
    assert mail.outbox[0].to == ["nia@example.org"]
    link = next(w for w in mail.outbox[0].body.split() if "/password/reset/key/" in w)
    assert link.startswith(settings.SITE_URL)
    page = client.get(link.removeprefix(settings.SITE_URL), follow=True)
    assert page.status_code == 200
    client.post(
        page.redirect_chain[-1][0],
        {"password1": "a-new-long-password", "password2": "a-new-long-password"},
    )
    user.refresh_from_db()
    assert user.check_password("a-new-long-password")
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "nia@example.org", "password": "a-new-long-password"}
    )
    assert response["Location"] == reverse("home_for_user")


def test_a_team_member_name_longer_than_a_therapist_profile_takes_gets_a_message(
    world: World, as_owner
) -> None:
    response = as_owner.post(
        reverse("practice:member_add"),
        {"full_name": "N" * 121, "email": "nia@example.org", "role": "therapist"},
    )
    assert "Please shorten this name to 120 characters or fewer (it has 121)." in (
        response.content.decode()
    )
    assert not User.objects.filter(email="nia@example.org").exists()


def test_adding_someone_already_on_the_team_is_refused(world: World, as_owner) -> None:
    response = as_owner.post(
        reverse("practice:member_add"),
        {"full_name": "Again", "email": world.front_desk.email.upper(), "role": "owner"},
    )
    assert "already on your team" in response.content.decode()
    assert Membership.objects.get(user=world.front_desk).role == "front_desk"


@pytest.mark.parametrize(
    "page",
    ["practice:dashboard", "practice:clients", "practice:team", "practice:services", "site:inbox"],
)
def test_staff_pages_run_a_constant_number_of_queries(
    world: World, as_owner, django_assert_max_num_queries, page
) -> None:
    from django.utils import timezone

    def add(n: int) -> None:
        for i in range(n):
            client = ClientFactory(practice=world.practice)
            AppointmentFactory(
                practice=world.practice,
                client=client,
                starts_at=timezone.now() + dt.timedelta(minutes=i),
            )
            ContactMessageFactory(practice=world.practice)

    add(3)
    with django_assert_max_num_queries(12):
        assert as_owner.get(reverse(page)).status_code == 200
    add(30)  # ten times the data, the same number of queries
    with django_assert_max_num_queries(12):
        assert as_owner.get(reverse(page)).status_code == 200


def test_switching_practice_for_someone_in_two(world: World) -> None:
    Membership.objects.create(user=world.owner, practice=world.other_practice, role="owner")
    browser = signed_in(world.owner)
    browser.post(reverse("practice:switch"), {"practice": world.other_practice.slug})
    assert world.other_practice.name in browser.get(reverse("practice:dashboard")).content.decode()


def test_an_owner_changes_a_role(world: World, as_owner) -> None:
    member = world.practice.memberships.get(user=world.front_desk)
    response = as_owner.post(reverse("practice:member", args=[member.code]), {"role": "owner"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.role == "owner"
    assert AuditEvent.objects.filter(action="practice.member.role_changed").exists()


def test_the_last_owner_cannot_step_down_or_leave(world: World, as_owner) -> None:
    mine = world.practice.memberships.get(user=world.owner)
    url = reverse("practice:member", args=[mine.code])
    response = as_owner.post(url, {"role": "therapist"})
    assert "A practice needs at least one owner" in response.content.decode()
    response = as_owner.post(url, {"remove": "1"}, follow=True)
    assert "A practice needs at least one owner" in response.content.decode()
    mine.refresh_from_db()
    assert mine.role == "owner"


def test_a_removed_therapist_loses_access_and_takes_no_bookings(world: World, as_owner) -> None:
    member = world.practice.memberships.get(user=world.therapist_user)
    as_owner.post(reverse("practice:member", args=[member.code]), {"remove": "1"})
    assert not Membership.objects.filter(pk=member.pk).exists()
    world.therapist.refresh_from_db()
    assert not world.therapist.is_active
    assert signed_in(world.therapist_user).get(reverse("practice:dashboard")).status_code == 404


def test_an_owner_edits_the_practice_details(world: World, as_owner) -> None:
    data = {
        "name": "Riverside Massage",
        "tagline": "",
        "time_zone": "America/New_York",
        "country": "US",
        "currency": "USD",
        "address": "1 Main St",
        "phone": "(212) 555-0123",
        "email": "desk@example.org",
        "cancellation_notice_hours": "48",
        "min_booking_notice_hours": "2",
        "booking_horizon_days": "60",
        "reminder_hours_before": "24",
        "plan_abandoned_after_days": "42",
        "record_retention_years": "8",
    }
    assert as_owner.post(reverse("practice:settings"), data).status_code == 302
    world.practice.refresh_from_db()
    assert (world.practice.time_zone, world.practice.cancellation_notice_hours) == (
        "America/New_York",
        48,
    )
    assert world.practice.phone == "+12125550123"  # read as a number of its country
    assert world.practice.currency == "USD"
    wrong = as_owner.post(reverse("practice:settings"), {**data, "currency": "DOGE"})
    assert "“DOGE” is not a currency we know" in page_text(wrong)
    response = as_owner.post(reverse("practice:settings"), {**data, "time_zone": "Mars/Olympus"})
    assert "Select a valid choice" in response.content.decode()
    world.practice.refresh_from_db()
    assert world.practice.time_zone == "America/New_York"


def test_a_therapist_photo_is_uploaded_and_shown_on_the_home_page(
    world: World, as_owner, settings, tmp_path, client
) -> None:
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    buffer = BytesIO()
    Image.new("RGB", (40, 40), "teal").save(buffer, "PNG")
    photo = SimpleUploadedFile("me.png", buffer.getvalue(), content_type="image/png")
    data = hours_post(world.therapist, []) | {"photo": photo}
    response = as_owner.post(reverse("practice:therapist", args=[world.therapist.code]), data)
    assert response.status_code == 302
    world.therapist.refresh_from_db()
    assert world.therapist.photo.name.startswith("therapists/")
    assert f'alt="Photo of {world.therapist.display_name}"' in client.get("/").content.decode()


def test_a_file_that_is_not_an_image_is_refused(world: World, as_owner) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("me.png", b"not an image", content_type="image/png")
    data = hours_post(world.therapist, []) | {"photo": fake}
    response = as_owner.post(reverse("practice:therapist", args=[world.therapist.code]), data)
    assert "Upload a valid image" in response.content.decode()
    world.therapist.refresh_from_db()
    assert not world.therapist.photo


def test_the_database_keeps_service_names_and_client_emails_unique_in_any_case(
    world: World,
) -> None:
    from django.db import IntegrityError, transaction

    from easeplan.practice.models import Client

    with pytest.raises(IntegrityError), transaction.atomic():
        Service.objects.bulk_create(
            [
                Service(
                    practice=world.practice,
                    duration_minutes=60,
                    price=1,
                    name="TREATMENT, 60 minutes",
                )
            ]
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Client.objects.bulk_create(
            [
                Client(
                    practice=world.practice,
                    first_name="A",
                    last_name="B",
                    email=world.client.email.upper(),
                )
            ]
        )
    # Another practice may use the same name and email.
    Service.objects.create(
        practice=world.other_practice, duration_minutes=60, price=1, name="Treatment, 60 minutes"
    )
