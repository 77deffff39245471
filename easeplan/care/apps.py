from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "easeplan.care"
    label = "care"
    verbose_name = "Intake and consent"

    def ready(self) -> None:
        from easeplan.booking import emails

        from .intake.emails import confirmation_links

        emails.add_confirmation_links(confirmation_links)
