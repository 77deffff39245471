"""The body map's regions, the techniques and the pressures in the page's language.

regions.py and rules.py are pure and keep their labels in English (marked with
`gettext_noop`); this module translates them, and the sentences made of them, when a page
or a message shows them.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from ..models import SessionNote
from . import regions as body_map
from . import rules as soap


def region_name(region: body_map.Region) -> str:
    """'Calf'."""
    return gettext(region.label)


def choice_label(choice: body_map.RegionChoice) -> str:
    """'Calf, left', or the region alone for an unsided one."""
    if choice.side is None:
        return region_name(choice.region)
    return gettext(body_map.SIDE_LABELS[choice.side]) % {"region": region_name(choice.region)}


def region_labels(codes: Iterable[str]) -> list[str]:
    """Labels of known region codes in the body map's order, both sides of a region
    together ('Calf, left and right'); unknown codes are skipped (as soap.region_labels)."""
    chosen = set(codes)
    labels = []
    for region in body_map.REGIONS:
        choices = [c for c in body_map.choices_of(region) if c.code in chosen]
        if len(choices) == 1:
            labels.append(choice_label(choices[0]))
        elif choices:
            both = gettext(body_map.BOTH_SIDES_LABEL)
            labels.append(both % {"region": region_name(region)})
    return labels


def technique_label(technique: soap.Technique) -> str:
    return gettext(technique.label)


def technique_labels(codes: Iterable[str]) -> list[str]:
    """Labels of known technique codes, in the list's order (unknown codes skipped)."""
    chosen = set(codes)
    return [technique_label(t) for t in soap.TECHNIQUES if t.code in chosen]


def pressure_label(code: str) -> str:
    """'Deep'; 'Not recorded' for no pressure."""
    if not code:
        return gettext("Not recorded")
    return str(SessionNote.Pressure(code).label)


def conflict_label(conflict: soap.Conflict) -> str:
    """What a warning names: the region, the technique or the pressure, and for deep work
    on the legs where ('Deep pressure on calf, left')."""
    if conflict.kind == "region":
        return choice_label(body_map.REGION_CHOICES[conflict.code])
    if conflict.kind == "technique":
        what = technique_label(soap.TECHNIQUES_BY_CODE[conflict.code])
    else:
        what = gettext(soap.PRESSURE_NAMES[conflict.code])
    if not conflict.where:
        return what
    where = ", ".join(region_labels(conflict.where)).lower()
    return gettext("%(what)s on %(where)s") % {"what": what, "where": where}


def template_name(template: soap.Template) -> str:
    """The template's name, as a sentence names it ('the piriformis syndrome template')."""
    return gettext(template.name).lower()


def template_prompts(template: soap.Template) -> dict[str, str]:
    """The template's prompts in the page's language, section by section."""
    if not template.subjective:  # plain SOAP: no prompts
        return template.prompts()
    return {
        section: soap.prompt_text(gettext(line) for line in lines)
        for section, lines in soap.PIRIFORMIS_PROMPT_LINES.items()
    }


def prompt_lines(section: str) -> set[str]:
    """The section's prompt lines in every language the site speaks, so a prompt left
    unfilled never counts as written, whatever language the note was started in."""
    lines = soap.PIRIFORMIS_PROMPT_LINES.get(section, ())
    found: set[str] = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            found |= {gettext(line) for line in lines}
    return found
