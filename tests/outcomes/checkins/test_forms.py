"""The check-in form: questions from the instruments, answers as the scoring takes them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from easeplan.outcomes import instruments as inst
from easeplan.outcomes import measures
from easeplan.outcomes.checkins.forms import SKIP, CheckInForm, name_of

PSFS = measures.psfs_for(["Sit through a film", "Run 5 km"])
PLAN = measures.for_plan("low_back", ["Sit through a film", "Run 5 km"])


def required_answers() -> dict[str, str]:
    return {
        "nprs-now__nprs-now": "3",
        "nprs-worst-24h__nprs-worst-24h": "6",
        "sleep__sleep": "2",
        "mood__mood": "1",
        "groc__groc": "-2",
    }


def test_it_asks_every_item_of_the_plans_instruments_in_sections() -> None:
    form = CheckInForm(instruments=PLAN)
    sections = form.sections()
    assert [s.heading for s in sections] == [
        "Your pain",
        "Pain with everyday activities",
        "Your activities",
        "Sleep and mood",
        "Your back today",
        "Since your treatment began",
    ]
    rows = {s.key: [r.item.code for r in s.rows] for s in sections}
    assert rows["pain"] == ["nprs-now", "nprs-worst-24h"]
    assert rows["activities"] == [f"nprs-{code}" for code in measures.NPRS_ACTIVITIES]
    assert rows["psfs"] == ["sit-through-a-film", "run-5-km"]
    back = sections[4]
    assert back.rows == [] and back.ticks is not None and len(list(back.ticks)) == 24
    assert back.attributions == [measures.RMDQ_24.attribution]
    assert sections[2].attributions == [measures.PSFS_ATTRIBUTION]


def test_only_activities_can_be_skipped() -> None:
    form = CheckInForm(instruments=PLAN)
    skippable = {name for name, field in form.fields.items() if not field.required}
    assert skippable == {
        *(f"nprs-{code}__nprs-{code}" for code in measures.NPRS_ACTIVITIES),
        "psfs__sit-through-a-film",
        "psfs__run-5-km",
        "rmdq-24",  # a tick list: unticked is no
    }


def test_a_skipped_activity_is_unanswered_and_an_unticked_sentence_is_no() -> None:
    data = required_answers() | {
        "nprs-running__nprs-running": SKIP,
        "nprs-sitting__nprs-sitting": "0",
        "psfs__run-5-km": "7",
        "rmdq-24": ["q3", "q24"],
    }
    form = CheckInForm(data, instruments=PLAN)
    assert form.is_valid(), form.errors
    answers = form.answers()
    assert answers["nprs-running"] == {"nprs-running": None}
    assert answers["nprs-sitting"] == {"nprs-sitting": 0}  # a 0 is an answer
    assert answers["nprs-bending"] == {"nprs-bending": None}  # left blank: skipped too
    assert answers["psfs"] == {"sit-through-a-film": None, "run-5-km": 7}
    assert answers["groc"] == {"groc": -2}
    rmdq = answers["rmdq-24"]
    assert len(rmdq) == 24 and rmdq["q3"] == rmdq["q24"] == 1 and sum(rmdq.values()) == 2
    assert inst.score(measures.RMDQ_24, rmdq).value == 2


def test_out_of_range_or_missing_answers_say_which_question() -> None:
    form = CheckInForm(
        required_answers() | {"nprs-now__nprs-now": "11", "rmdq-24": ["q99"]}, instruments=PLAN
    )
    del form.data["mood__mood"]
    assert not form.is_valid()
    messages = dict(form.error_list())
    assert messages["id_nprs-now__nprs-now"] == (
        "Choose a number from 0 to 10 for “How bad is your pain right now?”."
    )
    assert messages["id_mood__mood"].endswith(
        "“How much did the pain affect your mood this week?”."
    )
    assert messages["id_rmdq-24"] == "Reload the page and tick the sentences again."


def test_the_groc_shows_its_published_labels() -> None:
    row = next(s for s in CheckInForm(instruments=PLAN).sections() if s.key == "groc").rows[0]
    labels = [choice.choice_label for choice in row.scale]
    assert labels[0] == "-7 A very great deal worse"
    assert labels[7] == "0 About the same"
    assert labels[-1] == "+7 A very great deal better"
    assert row.labelled and row.skip is None


@given(
    ratings=st.fixed_dictionaries(
        {item.code: st.integers(0, 10) | st.none() for item in PSFS.items}
    ),
    pain=st.integers(0, 10),
)
def test_the_answers_are_what_was_chosen(ratings: dict[str, int | None], pain: int) -> None:
    data = {"nprs-now__nprs-now": str(pain)}
    for item in PSFS.items:
        value = ratings[item.code]
        data[name_of(PSFS, item)] = SKIP if value is None else str(value)
    form = CheckInForm(data, instruments=[measures.INSTRUMENTS["nprs-now"], PSFS])
    assert form.is_valid(), form.errors
    assert form.answers() == {"nprs-now": {"nprs-now": pain}, "psfs": ratings}
