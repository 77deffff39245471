"""The care app's records: intake and consent, plans of care, session notes, the home
programme and the nudges that keep a client on their plan."""

from .notes import NoteAmendment, SessionNote
from .plans import Nudge, PlanOfCare, PlanStatusChange
from .programme import ExerciseLog, Prescription
from .records import Consent, Intake, VisitConsent

__all__ = [
    "Consent",
    "ExerciseLog",
    "Intake",
    "NoteAmendment",
    "Nudge",
    "PlanOfCare",
    "PlanStatusChange",
    "Prescription",
    "SessionNote",
    "VisitConsent",
]
