from django.apps import AppConfig


class BookingConfig(AppConfig):
    name = "easeplan.booking"
    label = "booking"
    verbose_name = "Booking"
