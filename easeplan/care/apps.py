from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "easeplan.care"
    label = "care"
    verbose_name = "Intake and consent"

    def ready(self) -> None:
        from easeplan.booking import emails, extensions

        from .intake.booking import health_questions_link, keep_visitors_self_check
        from .intake.emails import confirmation_links
        from .series.shift import can_shift_rest

        emails.add_confirmation_links(confirmation_links)
        extensions.register(
            after_booking=keep_visitors_self_check,
            done_context=health_questions_link,
            shift_offered=can_shift_rest,
        )
