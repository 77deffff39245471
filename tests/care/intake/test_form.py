"""The intake form: what it accepts, what it refuses and why, and the answers it gives."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import QueryDict

from easeplan.care.intake import rules as intake
from easeplan.care.intake.forms import (
    NEW_PAIN_QUESTION,
    SECTIONS,
    IntakeForm,
    initial_from_answers,
    initial_from_draft,
    raw_values,
    summary_lines,
)
from easeplan.screening.rules import contraindications as ci
from easeplan.screening.rules import self_check as rules

pytestmark = pytest.mark.once
TODAY = dt.date(2026, 11, 24)

# Every key easeplan.care.intake documents for Intake.answers.
ANSWER_KEYS = {
    "phone",
    "emergency_contact_name",
    "emergency_contact_phone",
    "emergency_contact_relation",
    "date_of_birth",
    "areas",
    "both_sides",
    "tender_deep_in_buttock",
    "worse_when_hip_stretched",
    "aggravators",
    "onset",
    "duration",
    "started_before_45",
    "inflammatory_signs",
    "new_pain",
    "red_flags",
    "health_history",
    "medications",
    "anticoagulants",
    "conditions",
    "pregnancy",
    *intake.LOCAL_AREAS,
    "hip_replacement",
    "hip_operation",
    "hip_approach",
    "hip_replaced_on",
    "surgeon_cleared_hip",
    "activities",
    "goals",
}

VALID = {
    "phone": "0117 496 0456",
    "date_of_birth": "1984-03-09",
    "emergency_contact_name": "Sam Quillfeather",
    "emergency_contact_phone": "0117 496 0789",
    "emergency_contact_relation": "partner",
    "areas": ["buttock", "down_the_leg"],
    "both_sides": "one",
    "aggravators": ["sitting", "stairs"],
    "tender_deep_in_buttock": "on",
    "onset": "activity",
    "duration": "months",
    "anticoagulants": "no",
    "new_pain": "no",
    "pregnancy": "no",
    "hip_replacement": "none",
    "activities": ["running"],
    "goals": "Run a half marathon in spring without buttock pain.",
}


def form_for(data: dict) -> IntakeForm:
    query = QueryDict(mutable=True)
    for key, value in data.items():
        if isinstance(value, list):
            query.setlist(key, value)
        else:
            query[key] = value
    return IntakeForm(query, today=TODAY)


def test_valid_answers_have_exactly_the_documented_keys_and_plain_types() -> None:
    form = form_for(VALID)
    assert form.is_valid(), form.errors
    answers = form.answers()
    assert set(answers) == ANSWER_KEYS
    assert answers["date_of_birth"] == "1984-03-09"
    assert answers["both_sides"] is False
    assert answers["tender_deep_in_buttock"] is True
    assert answers["worse_when_hip_stretched"] is False
    assert answers["anticoagulants"] is False
    assert answers["areas"] == ["buttock", "down_the_leg"]
    assert answers["hip_replacement"] == "none"
    assert answers["hip_approach"] == "" and answers["hip_replaced_on"] == ""
    assert answers["recent_surgery_areas"] == ""
    assert intake.gaps(answers) == []


def test_every_section_field_is_a_form_field_and_every_field_has_a_section() -> None:
    in_sections = [name for section in SECTIONS for name in section.fields]
    assert sorted(in_sections) == sorted(IntakeForm.base_fields)
    assert set(intake.LOCAL_AREAS) <= set(in_sections)


def test_the_engine_sees_blood_thinners_conditions_and_local_areas() -> None:
    form = form_for(
        {
            **VALID,
            "anticoagulants": "yes",
            "conditions": ["osteoporosis"],
            "varicose_vein_areas": "Left calf",
        }
    )
    assert form.is_valid(), form.errors
    findings = ci.classify(intake.contraindication_answers(form.answers()), today=TODAY)
    codes = {f.code for f in findings}
    assert {"anticoagulants", "osteoporosis", "varicose_veins"} <= codes
    assert ci.DEEP_PRESSURE in ci.blocked_techniques(findings)
    assert ci.avoided_areas(findings) == {"left calf"}


def test_blood_thinners_are_asked_explicitly_and_required() -> None:
    field = IntakeForm.base_fields["anticoagulants"]
    assert "blood thinners" in str(field.label) and "aspirin" in str(field.label)
    form = form_for({k: v for k, v in VALID.items() if k != "anticoagulants"})
    assert not form.is_valid()
    assert "blood thinners" in form.errors["anticoagulants"][0]


def test_each_required_item_missing_gets_its_own_message() -> None:
    form = form_for({"anticoagulants": ""})
    assert not form.is_valid()
    assert set(form.errors) == {
        "date_of_birth",
        "emergency_contact_name",
        "emergency_contact_phone",
        "areas",
        "anticoagulants",
        "new_pain",
        "goals",
    }
    messages = [str(m) for errors in form.errors.values() for m in errors]
    assert "This field is required." not in messages
    assert len(set(messages)) == len(messages)


@pytest.mark.parametrize(
    ("born", "message"),
    [
        ("2026-11-24", "must be in the past"),
        ("2030-01-01", "must be in the past"),
        ("1890-05-01", "more than 120 years ago"),
        ("1984-02-30", "real date"),
        ("soon", "real date"),
    ],
)
def test_an_implausible_date_of_birth_is_refused(born: str, message: str) -> None:
    form = form_for({**VALID, "date_of_birth": born})
    assert not form.is_valid()
    assert message in form.errors["date_of_birth"][0]


def test_a_hip_replacement_needs_an_approach_and_i_dont_know_is_fine() -> None:
    form = form_for({**VALID, "hip_replacement": "right"})
    assert not form.is_valid()
    assert "I don't know" in form.errors["hip_approach"][0]
    form = form_for({**VALID, "hip_replacement": "right", "hip_approach": "unknown"})
    assert form.is_valid(), form.errors
    hip = intake.hip_replacement(form.answers())
    assert hip is not None and hip.approach == "unknown"
    findings = ci.classify(intake.contraindication_answers(form.answers()), today=TODAY)
    assert ci.FAIR in ci.blocked_techniques(findings)  # unknown is treated as posterior


def test_hip_details_without_a_hip_replacement_are_questioned() -> None:
    form = form_for({**VALID, "hip_approach": "posterior", "hip_replaced_on": "2026-10-01"})
    assert not form.is_valid()
    assert "which hip was replaced" in form.errors["hip_replacement"][0]


def test_the_hip_operation_cannot_be_in_the_future() -> None:
    form = form_for(
        {
            **VALID,
            "hip_replacement": "left",
            "hip_approach": "posterior",
            "hip_replaced_on": "2026-12-01",
        }
    )
    assert not form.is_valid()
    assert "can't be in the future" in form.errors["hip_replaced_on"][0]


def test_a_posterior_hip_is_stored_with_its_date_and_clearance() -> None:
    form = form_for(
        {
            **VALID,
            "hip_replacement": "left",
            "hip_approach": "posterior",
            "hip_replaced_on": "2026-10-01",
            "surgeon_cleared_hip": "on",
        }
    )
    assert form.is_valid(), form.errors
    answers = form.answers()
    assert answers["hip_replaced_on"] == "2026-10-01"
    assert answers["surgeon_cleared_hip"] is True


def test_red_flag_questions_cover_every_screening_flag_but_the_age_one() -> None:
    codes = [code for code, _ in IntakeForm.base_fields["red_flags"].choices]  # type: ignore[attr-defined]
    assert codes == [flag.code for flag in rules.RED_FLAGS if flag.code != "new_back_pain_age"]
    assert "walking_pain" in codes and "belly_pulsing" in codes and "tuberculosis" in codes
    form = form_for({**VALID, "red_flags": ["night_pain"]})
    assert form.is_valid()
    assert [f.code for f in intake.red_flags(form.answers())] == ["night_pain"]


@pytest.mark.parametrize(
    ("born", "new_pain", "raised"),
    [
        ("1970-05-01", "yes", True),  # 56: new pain over 50
        ("2008-01-01", "yes", True),  # 18: new pain under 20
        ("1984-03-09", "yes", False),  # 42
        ("1970-05-01", "no", False),  # an old pain
    ],
)
def test_the_age_question_is_answered_from_the_date_of_birth(
    born: str, new_pain: str, raised: bool
) -> None:
    form = form_for({**VALID, "date_of_birth": born, "new_pain": new_pain})
    assert form.is_valid(), form.errors
    flags = [f.code for f in intake.red_flags(form.answers())]
    assert ("new_back_pain_age" in flags) is raised
    assert str(IntakeForm.base_fields["new_pain"].label) == NEW_PAIN_QUESTION
    assert "buttock, hip, leg or back" in NEW_PAIN_QUESTION


def test_the_date_of_birth_overrides_the_self_checks_age_answer() -> None:
    carried = {"red_flags": ["new_back_pain_age"]}
    initial = initial_from_answers(carried)
    assert initial["new_pain"] == "yes"  # the self-check said the pain is new
    assert initial_from_draft({"red_flags": ["new_back_pain_age"]})["new_pain"] == "yes"
    form = form_for({**VALID, "new_pain": initial["new_pain"]})  # born 1984: 42
    assert form.is_valid(), form.errors
    assert intake.red_flags(form.answers()) == ()


def test_inflammatory_back_pain_is_advice_in_the_findings_not_a_red_flag() -> None:
    signs = ["morning_stiffness", "wakes_second_half_night"]
    form = form_for({**VALID, "date_of_birth": "1970-05-01", "inflammatory_signs": signs})
    assert form.is_valid(), form.errors
    assert intake.advice(form.answers()) == ()  # 56 now, and no early start ticked
    form = form_for(
        {
            **VALID,
            "date_of_birth": "1970-05-01",
            "inflammatory_signs": signs,
            "started_before_45": "on",
        }
    )
    assert form.is_valid(), form.errors
    answers = form.answers()
    assert intake.advice(answers) == (rules.INFLAMMATORY_BACK_PAIN,)
    assert intake.red_flags(answers) == ()
    findings = ci.classify(intake.contraindication_answers(answers), today=TODAY)
    assert [(f.code, f.level) for f in findings] == [("inflammatory_back_pain", ci.Level.ADJUST)]
    assert not ci.must_postpone(findings)
    # under 45 today: the pain started before 45 without asking
    young = form_for({**VALID, "inflammatory_signs": signs})  # born 1984
    assert young.is_valid(), young.errors
    assert young.answers()["started_before_45"] is True
    assert intake.advice(young.answers()) == (rules.INFLAMMATORY_BACK_PAIN,)


@pytest.mark.parametrize(
    ("operation", "approach", "blocked", "free"),
    [
        ("hemiarthroplasty", "posterior", {ci.FAIR, ci.BEATTY}, {ci.HIP_FLEXOR_LUNGE_STRETCH}),
        ("fracture_fixation", "anterior", {ci.HIP_FLEXOR_LUNGE_STRETCH}, {ci.FAIR, ci.BEATTY}),
        ("", "unknown", {ci.FAIR, ci.BEATTY}, set()),  # not said: a replacement
    ],
)
def test_a_half_replacement_or_fixed_fracture_is_kept_and_follows_its_approach(
    operation: str, approach: str, blocked: set[str], free: set[str]
) -> None:
    form = form_for(
        {
            **VALID,
            "hip_replacement": "left",
            "hip_operation": operation,
            "hip_approach": approach,
        }
    )
    assert form.is_valid(), form.errors
    answers = form.answers()
    assert answers["hip_operation"] == (operation or "total")
    findings = ci.classify(intake.contraindication_answers(answers), today=TODAY)
    assert blocked <= ci.blocked_techniques(findings)
    assert not free & ci.blocked_techniques(findings)


def test_an_intake_stored_before_the_new_questions_still_reads() -> None:
    old = {  # intake/2026-11: no new_pain, hip_operation, inflammatory or new condition keys
        "date_of_birth": "1960-01-01",
        "areas": ["buttock"],
        "red_flags": ["night_pain"],
        "conditions": ["osteoporosis"],
        "hip_replacement": "right",
        "hip_approach": "posterior",
        "hip_replaced_on": "",
        "anticoagulants": False,
    }
    assert [f.code for f in intake.red_flags(old)] == ["night_pain"]
    assert intake.advice(old) == ()
    hip = intake.hip_replacement(old)
    assert hip is not None and hip.operation == "total"
    findings = ci.classify(intake.contraindication_answers(old), today=TODAY)
    assert {"red_flag", "osteoporosis", "posterior_hip_replacement"} <= {f.code for f in findings}
    initial = initial_from_answers(old)
    assert "new_pain" not in initial
    form = IntakeForm(initial=initial, today=TODAY)
    assert "Warning signs (the safety questions)" in dict(summary_lines(form, ("red_flags",)))


def test_raw_values_keep_invalid_input_and_leave_out_unknown_keys() -> None:
    query = QueryDict(mutable=True)
    query.update({"date_of_birth": "31/02/19", "goals": "sleep", "csrfmiddlewaretoken": "x"})
    query.setlist("areas", ["buttock", "nonsense"])
    raw = raw_values(query)
    assert raw["date_of_birth"] == "31/02/19"
    assert raw["areas"] == ["buttock", "nonsense"]
    assert raw["tender_deep_in_buttock"] == ""
    assert "csrfmiddlewaretoken" not in raw
    assert set(raw) == set(IntakeForm.base_fields)
    form = IntakeForm(initial=initial_from_draft(raw), today=TODAY)
    assert form["date_of_birth"].value() == "31/02/19"


def test_stored_answers_become_the_forms_choices_again() -> None:
    form = form_for(VALID)
    assert form.is_valid()
    initial = initial_from_answers(form.answers())
    assert initial["both_sides"] == "one"
    assert initial["anticoagulants"] == "no"
    again = form_for({k: v for k, v in initial.items() if v not in (False, None)})
    assert again.is_valid(), again.errors
    assert again.answers() == form.answers()


def test_a_summary_says_what_was_answered_in_words() -> None:
    carried = {"areas": ["buttock"], "both_sides": False, "tender_deep_in_buttock": True}
    form = IntakeForm(initial=initial_from_answers(carried), today=TODAY)
    names = ("areas", "both_sides", "tender_deep_in_buttock", "onset", "red_flags")
    lines = dict(summary_lines(form, names))
    assert lines == {
        "Where do you feel it? Choose all that apply.": "Deep in the buttock",
        "On one side or both?": "One side",
        "There is a tender spot deep in the buttock when I press on it": "Yes",
        "Warning signs (the safety questions)": "None",
    }


def test_the_new_pain_question_must_be_answered_so_the_age_flag_is_never_missed() -> None:
    form = form_for({k: v for k, v in VALID.items() if k != "new_pain"})
    assert not form.is_valid()
    assert form.errors["new_pain"] == [
        "Please answer yes or no: is the pain you came with new for you?"
    ]
