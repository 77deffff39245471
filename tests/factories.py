"""factory_boy factories for tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from easeplan.accounts.models import Membership, User
from easeplan.booking.models import Appointment
from easeplan.practice.models import Client, Practice, Service, Therapist, TimeOff, WorkingHours
from easeplan.site.models import ContactMessage

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        from allauth.account.models import EmailAddress

        if create:
            obj.save()
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class PracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Practice

    slug = factory.Sequence(lambda n: f"practice-{n}")
    name = factory.Sequence(lambda n: f"Practice {n}")
    time_zone = "Europe/London"
    email = factory.Sequence(lambda n: f"desk{n}@practice.example.org")
    created_at = factory.Sequence(lambda n: timezone.now() + dt.timedelta(seconds=n))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    practice = factory.SubFactory(PracticeFactory)
    role = Membership.Role.THERAPIST


class TherapistFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Therapist

    practice = factory.SubFactory(PracticeFactory)
    display_name = factory.Faker("name")


class WorkingHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingHours

    therapist = factory.SubFactory(TherapistFactory)
    weekday = 0
    starts = dt.time(9)
    ends = dt.time(17)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    practice = factory.SubFactory(PracticeFactory)
    name = factory.Sequence(lambda n: f"Treatment {n}")
    duration_minutes = 60
    buffer_after_minutes = 15
    price = Decimal("60.00")


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    practice = factory.SubFactory(PracticeFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"client{n}@example.org")


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appointment

    practice = factory.SubFactory(PracticeFactory)
    therapist = factory.SubFactory(TherapistFactory, practice=factory.SelfAttribute("..practice"))
    client = factory.SubFactory(ClientFactory, practice=factory.SelfAttribute("..practice"))
    service = factory.SubFactory(ServiceFactory, practice=factory.SelfAttribute("..practice"))
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=1))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + o.service.duration)
    blocked_until = factory.LazyAttribute(lambda o: o.ends_at + o.service.buffer_after)


class ContactMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactMessage

    practice = factory.SubFactory(PracticeFactory)
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"visitor{n}@example.org")
    message = "My buttock hurts when I sit at work. Can massage help?"


class TimeOffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimeOff

    therapist = factory.SubFactory(TherapistFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(days=2))
    reason = "Course"


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "screening.Assessment"

    practice = factory.SubFactory(PracticeFactory)
    client = factory.SubFactory(ClientFactory, practice=factory.SelfAttribute("..practice"))
    assessed_on = factory.LazyFunction(timezone.localdate)
    version = "assessment/2026-11"
    results = factory.LazyFunction(
        lambda: {"active_piriformis": {"result": "positive", "side": "left"}}
    )
    features = factory.LazyFunction(lambda: ["buttock_pain", "worse_sitting"])


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "screening.Referral"

    practice = factory.SubFactory(PracticeFactory)
    assessment = factory.SubFactory(AssessmentFactory, practice=factory.SelfAttribute("..practice"))
    reason = "Pain down the leg for six weeks, not easing."


def a_free_time(world, service) -> dt.datetime:  # type: ignore[no-untyped-def]
    """The first time the world's therapist is free for `service` in the coming week."""
    from easeplan.booking.availability import free_times

    now = timezone.now()
    return free_times(world.therapist, service, now, now + dt.timedelta(days=7), now=now)[0]


def confirm_url(service, therapist, start: dt.datetime | str) -> str:  # type: ignore[no-untyped-def]
    """The online booking's confirm page for one time."""
    from urllib.parse import urlencode

    from django.urls import reverse

    start = start if isinstance(start, str) else start.astimezone(dt.UTC).isoformat()
    query = urlencode({"service": service.code, "therapist": therapist.code, "start": start})
    return f"{reverse('booking:confirm')}?{query}"


class PlanOfCareFactory(factory.django.DjangoModelFactory):
    """An active 5-visit weekly piriformis plan starting today."""

    class Meta:
        model = "care.PlanOfCare"

    practice = factory.SubFactory(PracticeFactory)
    client = factory.SubFactory(ClientFactory, practice=factory.SelfAttribute("..practice"))
    condition = "piriformis"
    goals = factory.LazyFunction(lambda: ["Sit through a film", "Run 5 km"])
    visits_planned = 5
    weeks = 4
    frequency_days = 7
    starts_on = factory.LazyFunction(timezone.localdate)
    review_on = factory.LazyAttribute(lambda o: o.starts_on + dt.timedelta(weeks=o.weeks))
    status = "active"


class SessionNoteFactory(factory.django.DjangoModelFactory):
    """A draft note of a visit."""

    class Meta:
        model = "care.SessionNote"

    appointment = factory.SubFactory(AppointmentFactory)
    practice = factory.SelfAttribute("appointment.practice")
    client = factory.SelfAttribute("appointment.client")
    subjective = "Sitting pain 5/10, better after the stretches."


class PrescriptionFactory(factory.django.DjangoModelFactory):
    """A daily figure-4 stretch in a plan."""

    class Meta:
        model = "care.Prescription"

    plan = factory.SubFactory(PlanOfCareFactory)
    practice = factory.SelfAttribute("plan.practice")
    exercise = "figure_4_stretch"
    hold_seconds = 30
    reps = 3
    sets = 1
