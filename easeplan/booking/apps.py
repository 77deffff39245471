from django.apps import AppConfig


class BookingConfig(AppConfig):
    name = "easeplan.booking"
    label = "booking"
    verbose_name = "Booking"

    def ready(self) -> None:
        from . import signals, waitlist

        signals.time_freed.connect(waitlist.offer_on_freed, dispatch_uid="waitlist-offer")
