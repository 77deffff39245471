from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "easeplan.outcomes"
    label = "outcomes"
    verbose_name = "Outcomes"

    def ready(self) -> None:
        from easeplan.care.notes.checkins import CheckinReaders, read_checkins_with

        from .checkins import services

        read_checkins_with(CheckinReaders(services.pain_before, services.subjective_line))
