"""The home programme's exercise library, dosage in words, and weekly adherence.

Pure code (no Django): plain values in, plain values out.

The library (../shared/CLINICAL.md §5): stretches held 20–30 seconds and repeated (for
example 3 times, daily): the supine figure-4 stretch, knee to opposite shoulder, hip flexor,
hamstring and glute stretches; a muscle-energy technique (push the knee out into your own
hand, into abduction, for 5–7 seconds, 5–7 times); and strengthening of the hip abductors and
external rotators (Tonley JC et al. JOSPT 2010;40(2):103–111, a case report of piriformis
syndrome treated with hip strengthening and movement re-education).

How the piriformis is stretched depends on how far the hip is bent (CLINICAL.md §5): below
90° of hip flexion, by bringing the thigh across the body (adduction) and turning it inwards
(internal rotation); above 90°, by turning it outwards (external rotation).

Contraindications: each exercise lists the technique codes of
easeplan.screening.rules.contraindications that rule it out. A posterior hip replacement not yet
cleared by the surgeon blocks the positions past 90° of hip flexion, across the midline or in
internal rotation (HSS Journal 2019), so the figure-4, knee-to-opposite-shoulder, seated glute
and muscle-energy stretches are blocked for such a client. An anterior hip replacement not yet
cleared blocks hip extension past neutral with external rotation (about 6 weeks; the surgeon's
protocol decides): the half-kneeling hip-flexor lunge and the figure-4 positions.

Steps are written in our own words. Every text a person reads is marked with `gettext_noop`
and kept in English here; the pages translate it when they show it (`translate` and
`ngettext` below are gettext and ngettext there).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from easeplan.screening.rules import contraindications as ci

Translate = Callable[[str], str]
Plural = Callable[[str, str, int], str]


def gettext_noop(text: str) -> str:
    """Marks a text for translation, like Django's own: `makemessages` collects it and the
    pages that show it translate it; the library keeps the English."""
    return text


def _same(text: str) -> str:
    return text


def _english_plural(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


CLINICAL_5 = gettext_noop("the usual piriformis home programme (clinical reference §5)")
TONLEY_2010 = "Tonley et al. 2010, JOSPT 40(2):103–111"
HSS_2019 = "HSS Journal 2019"


class Kind(enum.Enum):
    """What an exercise does."""

    STRETCH = "stretch"
    STRENGTHENING = "strengthening"
    MUSCLE_ENERGY = "muscle energy"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    Kind.STRETCH: gettext_noop("Stretch"),
    Kind.STRENGTHENING: gettext_noop("Strengthening"),
    Kind.MUSCLE_ENERGY: gettext_noop("Muscle-energy technique"),
}


@dataclass(frozen=True)
class Dosage:
    """How much of an exercise: seconds held (or pushed) per repetition, repetitions per
    set, sets per session, sessions a day and days a week."""

    hold_seconds: int | None
    reps: int
    sets: int = 1
    times_per_day: int = 1
    days_per_week: int = 7

    def __post_init__(self) -> None:
        checks = (
            (self.hold_seconds is None or 1 <= self.hold_seconds <= 300, "hold_seconds"),
            (1 <= self.reps <= 50, "reps"),
            (1 <= self.sets <= 10, "sets"),
            (1 <= self.times_per_day <= 5, "times_per_day"),
            (1 <= self.days_per_week <= 7, "days_per_week"),
        )
        for ok, name in checks:
            if not ok:
                raise ValueError(f"{name} is out of range in {self!r}")

    @property
    def sessions_per_week(self) -> int:
        return self.times_per_day * self.days_per_week


@dataclass(frozen=True)
class Exercise:
    """One exercise of the library.

    `purpose` says what it is for, `steps` how to do it (in our own words), `position`
    which hip positions it uses when any of them is a hip-replacement precaution, and
    `blocked_by` the technique codes (easeplan.screening.rules.contraindications) that rule it
    out. `figure` is the static path of its line drawing.
    """

    code: str
    name: str
    kind: Kind
    purpose: str
    steps: tuple[str, ...]
    dosage: Dosage
    source: str
    blocked_by: frozenset[str] = frozenset()
    position: str = ""
    tip: str = ""

    @property
    def figure(self) -> str:
        return f"img/exercises/{self.code}.svg"

    @property
    def dosage_words(self) -> str:
        return dosage_in_words(self.dosage, self.kind)


def _ex(*steps: str) -> tuple[str, ...]:
    return tuple(steps)


STRETCH_DOSAGE = Dosage(hold_seconds=30, reps=3, sets=1, times_per_day=1, days_per_week=7)

LIBRARY: tuple[Exercise, ...] = (
    Exercise(
        code="figure_4_stretch",
        name=gettext_noop("Lying figure-4 stretch"),
        kind=Kind.STRETCH,
        purpose=gettext_noop(
            "Stretches the piriformis and the other deep buttock muscles. The hip is bent "
            "past 90°, where the piriformis is stretched by turning the thigh outwards."
        ),
        steps=_ex(
            gettext_noop("Lie on your back with both knees bent and feet flat."),
            gettext_noop(
                "Rest the ankle of the sore side on the other thigh, just above the knee, so your "
                "legs make a 4."
            ),
            gettext_noop(
                "Hold the back of the other thigh and draw it gently towards your chest until you "
                "feel a stretch deep in the buttock of the sore side."
            ),
            gettext_noop(
                "Keep your head and shoulders relaxed on the floor and breathe slowly while you "
                "hold."
            ),
            gettext_noop("Lower the leg, rest, and repeat."),
        ),
        dosage=STRETCH_DOSAGE,
        source=CLINICAL_5,
        blocked_by=frozenset({ci.FIGURE_4_STRETCH}),
        position=gettext_noop("bends the hip past 90° with the leg crossed"),
        tip=gettext_noop(
            "A stretch, never a sharp or shooting pain. Ease off if it tingles down the leg."
        ),
    ),
    Exercise(
        code="knee_to_opposite_shoulder",
        name=gettext_noop("Knee-to-opposite-shoulder stretch"),
        kind=Kind.STRETCH,
        purpose=gettext_noop(
            "Stretches the piriformis by bending the hip and bringing the thigh across the body."
        ),
        steps=_ex(
            gettext_noop(
                "Lie on your back with both legs straight (bend the other knee if your back "
                "prefers)."
            ),
            gettext_noop("Bend the knee of the sore side and hold it with both hands."),
            gettext_noop(
                "Draw the knee up and across towards the opposite shoulder until you feel a "
                "stretch in the buttock."
            ),
            gettext_noop("Hold without bouncing, then let the leg back down slowly."),
        ),
        dosage=STRETCH_DOSAGE,
        source=CLINICAL_5,
        blocked_by=frozenset({ci.KNEE_TO_OPPOSITE_SHOULDER}),
        position=gettext_noop("bends the hip past 90° and crosses the midline"),
        tip=gettext_noop(
            "Pull only as far as is comfortable; the stretch should ease as you hold it."
        ),
    ),
    Exercise(
        code="piriformis_met",
        name=gettext_noop("Piriformis muscle-energy technique"),
        kind=Kind.MUSCLE_ENERGY,
        purpose=gettext_noop(
            "Relaxes a tight piriformis: a gentle push against your own hand, then a "
            "little more stretch. With the hip bent less than 90°, the stretch comes from "
            "bringing the knee across the body."
        ),
        steps=_ex(
            gettext_noop("Lie on your back with both knees bent and feet flat."),
            gettext_noop(
                "Let the knee of the sore side fall in towards the other leg until you feel a mild "
                "stretch in the buttock."
            ),
            gettext_noop(
                "Put your hand on the outside of that knee and push the knee outwards into your "
                "hand with about a quarter of your strength. Your hand stops it moving."
            ),
            gettext_noop(
                "Push for 5 to 7 seconds, then let go, breathe out and let the knee drift a little "
                "further in."
            ),
            gettext_noop("Repeat from the new position."),
        ),
        dosage=Dosage(hold_seconds=5, reps=5, sets=1, times_per_day=1, days_per_week=7),
        source=CLINICAL_5,
        blocked_by=frozenset({ci.FAIR_POSITION_STRETCH}),
        position=gettext_noop("brings the thigh across the midline and turns it inwards"),
        tip=gettext_noop("Push gently: this is about relaxing the muscle, not strengthening it."),
    ),
    Exercise(
        code="hip_flexor_stretch",
        name=gettext_noop("Half-kneeling hip flexor stretch"),
        kind=Kind.STRETCH,
        purpose=gettext_noop(
            "Stretches the front of the hip, which stiffens with long hours of sitting."
        ),
        steps=_ex(
            gettext_noop(
                "Kneel on the knee of the side to stretch, on a folded towel or cushion, with "
                "the other foot flat in front of you."
            ),
            gettext_noop(
                "Stand tall and tuck your tailbone under, as if flattening your lower back."
            ),
            gettext_noop(
                "Shift your weight forwards until you feel a stretch at the front of the hip on "
                "the kneeling side. Keep your back upright."
            ),
            gettext_noop("Hold, then come back and rest."),
        ),
        dosage=STRETCH_DOSAGE,
        source=CLINICAL_5,
        blocked_by=frozenset({ci.HIP_FLEXOR_LUNGE_STRETCH}),
        position=gettext_noop("takes the hip back behind the body (extension past neutral)"),
        tip=gettext_noop("Hold on to a chair or wall for balance if you need to."),
    ),
    Exercise(
        code="hamstring_stretch",
        name=gettext_noop("Lying hamstring stretch with a towel"),
        kind=Kind.STRETCH,
        purpose=gettext_noop(
            "Stretches the back of the thigh, so the hip moves freely when you bend."
        ),
        steps=_ex(
            gettext_noop("Lie on your back with the other knee bent and that foot flat."),
            gettext_noop("Loop a towel or belt around the foot of the leg to stretch."),
            gettext_noop(
                "Keeping that knee nearly straight, raise the leg with the towel until you feel a "
                "stretch behind the thigh. Stop before the leg is upright."
            ),
            gettext_noop("Hold, relax your shoulders, then lower the leg slowly."),
        ),
        dosage=STRETCH_DOSAGE,
        source=CLINICAL_5,
        tip=gettext_noop(
            "Stop if you feel pain or tingling running down the leg, and tell your therapist."
        ),
    ),
    Exercise(
        code="seated_glute_stretch",
        name=gettext_noop("Seated glute stretch"),
        kind=Kind.STRETCH,
        purpose=gettext_noop(
            "Stretches the buttock muscles, piriformis included, in a position you can use "
            "at work: leaning forward bends the hip past 90°, where turning the thigh out "
            "stretches the piriformis."
        ),
        steps=_ex(
            gettext_noop("Sit upright on a firm chair with both feet flat."),
            gettext_noop("Rest the ankle of the sore side on the other knee."),
            gettext_noop(
                "Keeping your back straight, lean forward from the hips until you feel a stretch "
                "in the buttock."
            ),
            gettext_noop("Hold, then sit back up."),
        ),
        dosage=STRETCH_DOSAGE,
        source=CLINICAL_5,
        blocked_by=frozenset({ci.FIGURE_4_STRETCH, ci.SEATED_PIRIFORMIS_STRETCH}),
        position=gettext_noop("bends the hip past 90° with the leg crossed"),
        tip=gettext_noop("A good one for long days at a desk."),
    ),
    Exercise(
        code="side_lying_leg_raise",
        name=gettext_noop("Side-lying leg raise"),
        kind=Kind.STRENGTHENING,
        purpose=gettext_noop(
            "Strengthens the hip abductors (gluteus medius), which keep the pelvis level "
            "when you walk, run and climb stairs."
        ),
        steps=_ex(
            gettext_noop(
                "Lie on your side with the sore side on top, the bottom knee bent for balance."
            ),
            gettext_noop(
                "Keep the top leg straight and in line with your body, toes pointing forwards, "
                "not up."
            ),
            gettext_noop(
                "Lift the top leg to about the height of your hip, pause, then lower it slowly."
            ),
            gettext_noop("Keep your hips stacked: do not roll backwards."),
        ),
        dosage=Dosage(hold_seconds=None, reps=10, sets=3, times_per_day=1, days_per_week=4),
        source=TONLEY_2010,
        tip=gettext_noop("Slow is better than high. Rest a minute between sets."),
    ),
    Exercise(
        code="clamshell",
        name=gettext_noop("Clamshell"),
        kind=Kind.STRENGTHENING,
        purpose=gettext_noop(
            "Strengthens the hip's outward turners (external rotators) and the gluteus medius."
        ),
        steps=_ex(
            gettext_noop(
                "Lie on your side with the sore side on top, hips and knees bent, feet together."
            ),
            gettext_noop("Keeping your feet touching, open the top knee like a clamshell."),
            gettext_noop(
                "Open only as far as you can without your pelvis rolling back, pause, then close "
                "slowly."
            ),
        ),
        dosage=Dosage(hold_seconds=None, reps=10, sets=3, times_per_day=1, days_per_week=4),
        source=TONLEY_2010,
        tip=gettext_noop("Put a hand on your top hip to feel that it stays still."),
    ),
    Exercise(
        code="bridge",
        name=gettext_noop("Bridge"),
        kind=Kind.STRENGTHENING,
        purpose=gettext_noop(
            "Strengthens the buttock muscles (gluteus maximus) that straighten the hip."
        ),
        steps=_ex(
            gettext_noop("Lie on your back with both knees bent, feet flat and hip-width apart."),
            gettext_noop(
                "Squeeze your buttocks and lift your hips until your body is in a straight line "
                "from knees to shoulders."
            ),
            gettext_noop("Hold for a moment without arching your back, then lower slowly."),
        ),
        dosage=Dosage(hold_seconds=None, reps=10, sets=3, times_per_day=1, days_per_week=4),
        source=TONLEY_2010,
        tip=gettext_noop("Push through your heels; your knees stay in line with your feet."),
    ),
)

BY_CODE: dict[str, Exercise] = {exercise.code: exercise for exercise in LIBRARY}


def find(code: str) -> Exercise | None:
    """The library's exercise with this code, or None."""
    return BY_CODE.get(code)


def allowed(
    exercise: Exercise, blocked_codes: Iterable[str], translate: Translate = _same
) -> str | None:
    """None when the exercise is fine for a client whose findings block `blocked_codes`;
    otherwise the reason it is not, in plain words for the therapist (`translate` gives
    them in the reader's language).

    Hip replacements not yet cleared by the surgeon block exercises: posterior (or an
    unknown approach, treated as posterior; HSS Journal 2019) and anterior (hip-flexor lunge
    and figure-4 positions).
    """
    blocked = frozenset(blocked_codes)
    if not exercise.blocked_by & blocked:
        return None
    if not exercise.position:
        return translate(
            gettext_noop("Not for this client: their contraindications rule out the %(exercise)s.")
        ) % {"exercise": translate(exercise.name)}
    posterior = bool(blocked & (ci.FAIR_POSITION - ci.ANTERIOR_HIP_POSITIONS))
    source = HSS_2019 if posterior else ci.ANTERIOR_HIP
    return translate(
        gettext_noop(
            "Not for this client: it %(position)s, which their hip replacement precautions "
            "rule out until the surgeon clears them (%(source)s)."
        )
    ) % {"position": translate(exercise.position), "source": source}


# -- dosage in words -------------------------------------------------------------------------


def _times(n: int, translate: Translate, ngettext: Plural) -> str:
    if n == 1:
        return translate(gettext_noop("once"))
    if n == 2:
        return translate(gettext_noop("twice"))
    return ngettext("%(n)d time", "%(n)d times", n) % {"n": n}


def _per_day(n: int, translate: Translate, ngettext: Plural) -> str:
    if n == 1:
        return translate(gettext_noop("once a day"))
    if n == 2:
        return translate(gettext_noop("twice a day"))
    return ngettext("%(n)d time a day", "%(n)d times a day", n) % {"n": n}


def dosage_in_words(
    dosage: Dosage,
    kind: Kind = Kind.STRETCH,
    translate: Translate = _same,
    ngettext: Plural = _english_plural,
) -> str:
    """The dosage as the client reads it: "Hold 30 seconds, 3 times, once a day".

    `translate` and `ngettext` (gettext and ngettext) give it in the reader's language.

    >>> dosage_in_words(Dosage(30, 3))
    'Hold 30 seconds, 3 times, once a day'
    >>> dosage_in_words(Dosage(None, 10, 3, 1, 4), Kind.STRENGTHENING)
    '3 sets of 10, once a day, 4 days a week'
    """
    parts: list[str] = []
    if dosage.hold_seconds:
        n = dosage.hold_seconds
        if kind is Kind.MUSCLE_ENERGY:
            hold = ngettext("Push for %(n)d second", "Push for %(n)d seconds", n)
        else:
            hold = ngettext("Hold %(n)d second", "Hold %(n)d seconds", n)
        parts.append(hold % {"n": n})
    if dosage.sets > 1:
        sets = translate(gettext_noop("%(sets)d sets of %(reps)d"))
        parts.append(sets % {"sets": dosage.sets, "reps": dosage.reps})
    else:
        parts.append(_times(dosage.reps, translate, ngettext))
    parts.append(_per_day(dosage.times_per_day, translate, ngettext))
    if dosage.days_per_week < 7:
        n = dosage.days_per_week
        days = ngettext("%(n)d day a week", "%(n)d days a week", n)
        parts.append(days % {"n": n})
    text = ", ".join(parts)
    return text[0].upper() + text[1:]


# -- weekly adherence -----------------------------------------------------------------------


def week_start(day: dt.date) -> dt.date:
    """The Monday of `day`'s ISO week."""
    return day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True)
class Schedule:
    """When and how often one prescription is due: `times_per_day` sessions on
    `days_per_week` days of each week, from `starts_on` (the local day it was prescribed)
    up to, not including, `stops_on` (the local day it was stopped), if it was."""

    times_per_day: int
    days_per_week: int
    starts_on: dt.date
    stops_on: dt.date | None = None

    def active_days(self, monday: dt.date, until: dt.date) -> int:
        """How many days of the week starting `monday` (up to `until`) it was due."""
        first = max(monday, self.starts_on)
        last = min(monday + dt.timedelta(days=6), until)
        if self.stops_on is not None:
            last = min(last, self.stops_on - dt.timedelta(days=1))
        return max((last - first).days + 1, 0)

    def expected(self, monday: dt.date, until: dt.date) -> Fraction:
        """Sessions due that week: the weekly sessions pro-rated by the days it was due
        (a prescription started on a Thursday owes 4/7 of its week)."""
        days = self.active_days(monday, until)
        return Fraction(self.times_per_day * self.days_per_week * days, 7)


@dataclass(frozen=True)
class Week:
    """Adherence in one ISO week: sessions done (at most those due) of sessions due."""

    monday: dt.date
    done: Fraction
    due: Fraction

    @property
    def percent(self) -> int:
        """0–100, rounded down, so 100% means every due session was done."""
        if self.due <= 0:
            return 0
        return min(100, int(100 * min(self.done, self.due) / self.due))


def _ticks_per_week(
    schedule: Schedule, ticks: Iterable[dt.date], until: dt.date
) -> Counter[dt.date]:
    """Sessions ticked per week, at most `times_per_day` a day, on days it ran (from the
    day it started to the day it stopped, never after `until`)."""
    last = until if schedule.stops_on is None else min(until, schedule.stops_on)
    per_day = Counter(day for day in ticks if schedule.starts_on <= day <= last)
    weeks: Counter[dt.date] = Counter()
    for day, count in per_day.items():
        weeks[week_start(day)] += min(count, schedule.times_per_day)
    return weeks


def weekly_adherence(schedule: Schedule, ticks: Iterable[dt.date], *, today: dt.date) -> list[Week]:
    """One Week per ISO week (Monday start) from the week it started to this week (or the
    week it stopped), leaving out weeks in which nothing was due.

    `ticks` holds one date per session ticked off. The current week counts up to `today`,
    today included. Ticks on the day it was stopped still count (capped at what was due)."""
    done = _ticks_per_week(schedule, ticks, today)
    last = today if schedule.stops_on is None else min(today, schedule.stops_on)
    weeks: list[Week] = []
    monday = week_start(schedule.starts_on)
    while monday <= last:
        due = schedule.expected(monday, today)
        if due > 0:
            weeks.append(Week(monday, min(Fraction(done[monday]), due), due))
        monday += dt.timedelta(days=7)
    return weeks


def overall_adherence(per_prescription: Sequence[Sequence[Week]]) -> list[Week]:
    """The weeks of several prescriptions added up: done (each capped at its due) over due,
    so one exercise overdone never hides another left undone."""
    done: dict[dt.date, Fraction] = {}
    due: dict[dt.date, Fraction] = {}
    for weeks in per_prescription:
        for week in weeks:
            done[week.monday] = done.get(week.monday, Fraction(0)) + week.done
            due[week.monday] = due.get(week.monday, Fraction(0)) + week.due
    return [Week(monday, done[monday], due[monday]) for monday in sorted(due)]
