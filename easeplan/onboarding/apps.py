from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "easeplan.onboarding"
    label = "onboarding"
    verbose_name = "Setting up a practice"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from easeplan.practice.models import Practice

        from . import first_run

        post_save.connect(first_run.practice_saved, sender=Practice, dispatch_uid="first_run")
        post_delete.connect(first_run.practice_deleted, sender=Practice, dispatch_uid="first_run")
