"""SOAP notes as plain values: region codes, techniques, the template, clashes, the map.

Pure code, no database: hand-worked examples first, then properties (hypothesis).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from easeplan.care.notes import regions as body_map
from easeplan.care.notes import rules as soap
from easeplan.screening.rules import contraindications as ci

pytestmark = pytest.mark.once  # independent of the database

CODES = sorted(body_map.REGION_CHOICES)
TECHNIQUES = [t.code for t in soap.TECHNIQUES]
BLOCKABLE = sorted(ci.FAIR_POSITION | ci.NO_DEEP_OR_FORCEFUL | ci.NO_DEEP_ON_LEGS)
codes = st.lists(st.sampled_from(CODES), max_size=12)
techniques = st.lists(st.sampled_from(TECHNIQUES), max_size=8)
pressures = st.sampled_from(["", *soap.PRESSURES])
blocked = st.frozensets(st.sampled_from(BLOCKABLE))
areas = st.frozensets(
    st.sampled_from(["left calf", "lower back", "right buttock", "thigh", "hip", "neck", "sacrum"])
)
unknown = st.text(min_size=1, max_size=20).filter(lambda s: s not in body_map.REGION_CHOICES)


# Region codes -----------------------------------------------------------------------------


def test_a_region_code_says_view_region_and_the_clients_side() -> None:
    piriformis = body_map.REGION_CHOICES["back:piriformis:left"]
    assert (piriformis.region.key, piriformis.side) == ("piriformis", "left")
    assert piriformis.label == "Piriformis and deep hip rotators, left"
    assert piriformis.dom_id == "region-back-piriformis-left"
    assert body_map.region_code("piriformis", "left") == "back:piriformis:left"
    assert body_map.region_code("sacrum") == "back:sacrum"
    assert body_map.region_code("quadriceps", "right") == "front:quadriceps:right"


def test_the_map_covers_the_regions_of_piriformis_care() -> None:
    keys = {region.key for region in body_map.REGIONS}
    assert {
        "glutes",
        "piriformis",
        "low_back",
        "hip",
        "hamstrings",
        "it_band",
        "quadriceps",
        "adductors",
        "calf",
    } <= keys


def test_a_sided_region_needs_a_side() -> None:
    with pytest.raises(ValueError, match="sided"):
        body_map.region_code("glutes")


def test_only_the_buttock_regions_need_gluteal_consent() -> None:
    keys = {body_map.REGION_CHOICES[c].region.key for c in body_map.GLUTEAL_CODES}
    assert keys == {"glutes", "glute_med", "piriformis"}
    chosen = ["back:low_back:left", "back:piriformis:right", "back:glutes:left"]
    assert soap.gluteal_regions(chosen) == ["back:glutes:left", "back:piriformis:right"]


def test_unknown_codes_are_refused_with_the_code_named() -> None:
    with pytest.raises(soap.UnknownCode) as refused:
        soap.check_regions(["back:piriformis:left", "back:spleen:left"])
    assert (refused.value.kind, refused.value.code) == ("body region", "back:spleen:left")
    with pytest.raises(soap.UnknownCode):
        soap.check_techniques(["cupping"])
    with pytest.raises(soap.UnknownCode):
        soap.check_pressure("crushing")
    assert soap.check_pressure("") == ""


@given(codes)
def test_checked_regions_are_each_known_once_in_map_order(chosen: list[str]) -> None:
    checked = soap.check_regions(chosen)
    assert set(checked) == set(chosen)
    assert len(checked) == len(set(checked))
    assert checked == [code for code in body_map.REGION_CHOICES if code in checked]
    assert soap.check_regions(checked) == checked


@given(codes, unknown)
def test_one_unknown_code_refuses_the_lot(chosen: list[str], bad: str) -> None:
    with pytest.raises(soap.UnknownCode):
        soap.check_regions([*chosen, bad])


@given(techniques)
def test_checked_techniques_keep_the_lists_order(chosen: list[str]) -> None:
    checked = soap.check_techniques(chosen)
    assert checked == [code for code in TECHNIQUES if code in set(chosen)]


def test_stretches_reuse_the_contraindication_codes() -> None:
    for code in (ci.FIGURE_4_STRETCH, ci.KNEE_TO_OPPOSITE_SHOULDER, ci.FAIR_POSITION_STRETCH):
        assert soap.TECHNIQUES_BY_CODE[code].ruled_out_by == frozenset({code})


# The body map ----------------------------------------------------------------------------


def test_left_is_the_clients_left_seen_from_behind_and_from_the_front() -> None:
    """From behind the client's left hip is on the viewer's left; from the front, right."""
    back = {d.choice.code: d.shape for d in body_map.drawing("back")}
    front = {d.choice.code: d.shape for d in body_map.drawing("front")}
    assert back["back:hip:left"].cx < body_map.WIDTH / 2 < back["back:hip:right"].cx
    assert front["back:hip:left"].cx > body_map.WIDTH / 2 > front["back:hip:right"].cx


def test_a_region_seen_from_both_sides_ticks_the_same_box() -> None:
    on_back = {d.choice.code for d in body_map.drawing("back")}
    on_front = {d.choice.code for d in body_map.drawing("front")}
    assert "front:it_band:left" in on_back and "front:it_band:left" in on_front
    assert "back:piriformis:left" in on_back and "back:piriformis:left" not in on_front


def test_every_region_choice_is_drawn_and_small_ones_are_painted_last() -> None:
    drawn = [d for view in body_map.VIEWS for d in body_map.drawing(view)]
    assert {d.choice.code for d in drawn} == set(body_map.REGION_CHOICES)
    back = [d.choice.region.key for d in body_map.drawing("back")]
    assert back.index("piriformis") > back.index("glutes")


@given(st.sampled_from(body_map.REGIONS))
def test_mirrored_shapes_stay_in_the_box(region: body_map.Region) -> None:
    for shape in (region.shape, region.shape.mirrored()):
        if isinstance(shape, body_map.Polygon):
            assert all(
                0 <= x <= body_map.WIDTH and 0 <= y <= body_map.HEIGHT for x, y in shape.points
            )
            assert shape.mirrored().mirrored() == shape
        else:
            assert shape.cx - shape.rx >= 0
            assert shape.cx + shape.rx <= body_map.WIDTH


def test_polygon_points_read_as_an_svg_attribute() -> None:
    shape = body_map.polygon("93,48 92.5,60")
    assert shape.points == ((93.0, 48.0), (92.5, 60.0))
    assert shape.svg_points == "93,48 92.5,60"


# Areas in the client's words ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("area", "expected"),
    [
        ("left calf", ["back:calf:left"]),
        ("Lower back", ["back:low_back:left", "back:low_back:right"]),
        ("upper back", ["back:upper_back:left", "back:upper_back:right"]),
        ("back of the right thigh", ["back:hamstrings:right"]),
        ("sacrum", ["back:sacrum"]),
        ("right buttock", ["back:glute_med:right", "back:glutes:right", "back:piriformis:right"]),
        ("tummy", []),
        ("", []),
    ],
)
def test_an_area_to_leave_alone_names_regions(area: str, expected: list[str]) -> None:
    assert soap.regions_matching(area) == expected


def test_thigh_names_every_thigh_region_to_err_towards_warning() -> None:
    keys = {body_map.REGION_CHOICES[c].region.key for c in soap.regions_matching("thigh")}
    assert keys == {"hamstrings", "quadriceps", "adductors", "it_band"}


@given(st.sampled_from(body_map.REGIONS), st.sampled_from(["left", "right"]))
def test_each_word_for_a_region_names_it_on_the_side_said(
    region: body_map.Region, side: str
) -> None:
    for word in region.words:
        found = soap.regions_matching(f"{side} {word}")
        mine = {c for c in found if body_map.REGION_CHOICES[c].region == region}
        assert mine, word
        assert all(body_map.REGION_CHOICES[c].side in (side, None) for c in found)


@given(st.text(alphabet="xyzqkvw ,.-", max_size=30))
def test_words_that_name_no_place_match_nothing(text: str) -> None:
    assert soap.regions_matching(text) == []


# Clashes with contraindications -----------------------------------------------------------


def test_deep_pressure_and_friction_clash_with_blood_thinners() -> None:
    found = soap.conflicts(
        regions=["back:piriformis:left"],
        techniques=["friction", "effleurage", "trigger_point"],
        pressure="deep",
        blocked=ci.NO_DEEP_OR_FORCEFUL,
        avoided_areas=(),
    )
    assert [(c.kind, c.code) for c in found] == [
        ("technique", "trigger_point"),
        ("technique", "friction"),
        ("pressure", "deep"),
    ]


def test_a_posterior_hip_replacement_rules_out_the_figure_4_stretch() -> None:
    found = soap.conflicts(
        regions=[],
        techniques=[ci.FIGURE_4_STRETCH, "muscle_energy"],
        pressure="firm",
        blocked=ci.FAIR_POSITION,
        avoided_areas=(),
    )
    assert [(c.code, c.because) for c in found] == [(ci.FIGURE_4_STRETCH, ci.FIGURE_4_STRETCH)]


def test_deep_work_on_the_legs_clashes_after_a_clot_or_with_poor_circulation() -> None:
    found = soap.conflicts(
        regions=["back:calf:left", "back:piriformis:left"],
        techniques=["trigger_point", "effleurage"],
        pressure="deep",
        blocked=frozenset({ci.DEEP_WORK_LEGS}),
        avoided_areas=(),
    )
    assert [(c.kind, c.code, c.because) for c in found] == [
        ("technique", "trigger_point", ci.DEEP_WORK_LEGS),
        ("pressure", "deep", ci.DEEP_WORK_LEGS),
    ]
    assert found[1].label == "Deep pressure on calf, left"
    # deep work elsewhere, or light work on the legs, is fine
    for regions, pressure in ((["back:piriformis:left"], "deep"), (["back:calf:left"], "light")):
        assert not soap.conflicts(
            regions=regions,
            techniques=[],
            pressure=pressure,
            blocked=frozenset({ci.DEEP_WORK_LEGS}),
            avoided_areas=(),
        )


def test_a_region_clashes_with_an_area_to_leave_alone_on_that_side_only() -> None:
    found = soap.conflicts(
        regions=["back:calf:left", "back:calf:right"],
        techniques=[],
        pressure="",
        blocked=(),
        avoided_areas={"left calf"},
    )
    assert [(c.kind, c.code, c.because) for c in found] == [
        ("region", "back:calf:left", "left calf")
    ]


@given(codes, techniques, pressures)
def test_nothing_clashes_without_contraindications(
    regions: list[str], chosen: list[str], pressure: str
) -> None:
    found = soap.conflicts(
        regions=regions, techniques=chosen, pressure=pressure, blocked=(), avoided_areas=()
    )
    assert found == []


@given(codes, techniques, pressures, blocked, areas)
def test_clashes_are_only_about_what_was_chosen(
    regions: list[str], chosen: list[str], pressure: str, out: frozenset[str], avoid: frozenset[str]
) -> None:
    found = soap.conflicts(
        regions=regions, techniques=chosen, pressure=pressure, blocked=out, avoided_areas=avoid
    )
    for conflict in found:
        picked = {"region": regions, "technique": chosen, "pressure": [pressure]}[conflict.kind]
        assert conflict.code in picked
        assert conflict.because in out | avoid


@given(codes, techniques, pressures, blocked, blocked, areas)
def test_more_contraindications_never_hide_a_clash(
    regions: list[str],
    chosen: list[str],
    pressure: str,
    out: frozenset[str],
    more: frozenset[str],
    avoid: frozenset[str],
) -> None:
    def found(ruled_out: frozenset[str]) -> set[tuple[str, str]]:
        clashes = soap.conflicts(
            regions=regions,
            techniques=chosen,
            pressure=pressure,
            blocked=ruled_out,
            avoided_areas=avoid,
        )
        return {(c.kind, c.code) for c in clashes}

    assert found(out) <= found(out | more)


@given(blocked)
def test_allowed_techniques_are_exactly_the_ones_that_do_not_clash(out: frozenset[str]) -> None:
    allowed = set(soap.allowed_techniques(out))
    clashing = {
        c.code
        for c in soap.conflicts(
            regions=[], techniques=TECHNIQUES, pressure="", blocked=out, avoided_areas=()
        )
    }
    assert allowed == set(TECHNIQUES) - clashing


# The template ---------------------------------------------------------------------------


def test_the_piriformis_template_prompts_each_section_and_ticks_nothing_by_default() -> None:
    template = soap.template_for("piriformis")
    assert all(template.prompts()[section] for section in soap.SECTIONS)
    assert "Palpation (piriformis, sciatic notch tenderness):" in template.objective
    assert template.regions == ()
    assert "back:piriformis:left" in template.suggested_regions
    assert "trigger_point" in template.suggested_techniques


def test_glute_work_every_session_ticks_the_glutes_of_the_affected_side() -> None:
    template = soap.template_for(
        "piriformis", glute_work_every_session=True, sides=frozenset({"left"})
    )
    assert template.regions == ("back:glutes:left", "back:piriformis:left")
    both = soap.template_for("low_back", glute_work_every_session=True)
    assert set(both.regions) == {
        "back:glutes:left",
        "back:glutes:right",
        "back:piriformis:left",
        "back:piriformis:right",
    }


def test_other_conditions_get_plain_soap_sections() -> None:
    template = soap.template_for("low_back")
    assert template.prompts() == dict.fromkeys(soap.SECTIONS, "")
    assert template.suggested_techniques == ()


@given(blocked)
def test_the_template_never_suggests_a_technique_ruled_out(out: frozenset[str]) -> None:
    template = soap.template_for("piriformis", blocked=out)
    assert set(template.suggested_techniques) <= set(soap.allowed_techniques(out))


def test_a_prompt_left_as_it_is_is_not_content() -> None:
    template = soap.template_for("piriformis")
    for section in soap.SECTIONS:
        assert not soap.has_content(section, template.prompts()[section])
        assert not soap.has_content(section, "  \n\n")
    assert soap.has_content("subjective", template.subjective + "Sat through a film.")
    assert soap.has_content("subjective", "Sitting (how long before the pain starts): 40 min")
    assert soap.has_content("plan", "Since the last visit:")  # another section's prompt


@given(st.text(max_size=200))
def test_any_line_beyond_the_prompts_counts(text: str) -> None:
    template = soap.template_for("piriformis")
    prompt_lines = {line.strip() for line in template.subjective.splitlines()}
    expected = any(line.strip() and line.strip() not in prompt_lines for line in text.splitlines())
    assert soap.has_content("subjective", template.subjective + text) == expected


@pytest.mark.parametrize(
    ("results", "sides"),
    [
        ({"active_piriformis": {"result": "positive", "side": "left"}}, {"left"}),
        ({"fair": {"result": "positive", "side": "both"}}, {"left", "right"}),
        ({"fair": {"result": "negative", "side": "left"}}, {"left", "right"}),
        ({}, {"left", "right"}),
        (
            {
                "fair": {"result": "positive", "side": "right"},
                "seated": {"result": "positive", "side": ""},
            },
            {"right"},
        ),
    ],
)
def test_affected_sides_come_from_the_positive_tests(results, sides) -> None:  # type: ignore[no-untyped-def]
    assert soap.affected_sides(results) == sides


def test_region_labels_put_both_sides_of_a_region_together() -> None:
    chosen = ["back:glutes:right", "back:sacrum", "back:glutes:left", "back:calf:left", "x:y"]
    assert soap.region_labels(chosen) == [
        "Sacrum and sacroiliac joints",
        "Gluteus maximus (buttock), left and right",
        "Calf, left",
    ]
