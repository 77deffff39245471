"""Tenancy in one place: a practice's rows are found with `for_practice`.

Staff views read practice data as `Model.objects.for_practice(request.practice)`, then narrow
it (`get_object_or_404(..., code=code)`), so a record of another practice answers 404 like an
unknown one (DESIGN.md invariant 3) and no view spells the practice filter itself. The models
that `Practice` names (`practice.clients`, `practice.services`, `practice.therapists`,
`practice.memberships`, `practice.contact_messages`) may also be reached through those
accessors: they are the same query.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self, TypeVar

from django.db import models
from django.db.models import OuterRef

if TYPE_CHECKING:
    from .models import Practice

_M = TypeVar("_M", bound=models.Model)


class PracticeQuerySet(models.QuerySet[_M]):
    """Rows that belong to one practice; `practice_field` is the lookup from a row to it."""

    practice_field = "practice"

    def for_practice(self, practice: Practice | OuterRef) -> Self:
        """Only the rows of this practice (or of the outer query's, in a subquery)."""
        return self.filter(**{self.practice_field: practice})


class TherapistRowQuerySet(PracticeQuerySet[_M]):
    """Rows of a therapist (time off, working hours): their practice is the therapist's."""

    practice_field = "therapist__practice"
