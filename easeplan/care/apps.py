from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "easeplan.care"
    label = "care"
    verbose_name = "Intake and consent"

    def ready(self) -> None:
        from easeplan.booking import emails, extensions
        from easeplan.screening.assessments.intake import read_intake_with

        from .consent.panels import visit_gluteal
        from .intake.booking import health_questions_link, keep_visitors_self_check
        from .intake.emails import confirmation_links
        from .intake.screening import reading_for_screening
        from .series.shift import can_shift_rest
        from .summary.booking import client_flags

        emails.add_confirmation_links(confirmation_links)
        extensions.register(
            after_booking=keep_visitors_self_check,
            done_context=health_questions_link,
            shift_offered=can_shift_rest,
            client_flags=client_flags,
            visit_panel=visit_gluteal,
        )
        read_intake_with(reading_for_screening)
