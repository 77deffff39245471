"""What the product says about the effect of massage stays within what the evidence carries
(CLINICAL.md §4: "many people find", "we'll measure whether it helps you"; never a promise
of relief or a claim about people who stop)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Claims the evidence does not carry, and the kinds of claim they stand for.
BANNED = [
    r"pattern massage often helps",
    r"relief usually (takes|builds)",
    r"relief rarely comes",
    r"(is )?what brings relief",
    r"(people|clients) who (stop|give up|keep going|come back)\b",
    r"slip back",
    r"as much as the visits",
    r"is what makes the difference",
    r"the ones who get better",
    r"makes sure massage is right for you",
    r"(do not|don't|never) get better",
    r"(will|guaranteed to) (relieve|fix|cure)",
    r"gives your body the time it needs",
    # The same claims in French (locale/fr): the translation says no more than the English.
    r"que le massage (soulage|aide) souvent",
    r"le soulagement (demande|vient|prend|s’installe) (généralement|habituellement|en général)",
    r"le soulagement (vient|arrive) rarement",
    r"ce qui (apporte|procure) (le )?soulagement",
    r"(les )?(personnes|clients|patients) qui (arrêtent|abandonnent|continuent|reviennent)\b",
    r"(rechutent|retombent|rechute)",
    r"autant que les séances",
    r"(c’est|c'est) ce qui fait (toute )?la différence",
    r"ceux qui (vont mieux|guérissent|s’améliorent)",
    r"(garantit|assure|s’assure) que le massage (vous )?convient",
    r"(ne|n’)\s?\w+ (jamais|pas) mieux",
    r"(va|vont|garanti|garantie) (de )?(soulager|guérir|réparer)",
    r"donne à votre corps le temps",
]
PATTERN = re.compile("|".join(f"(?:{phrase})" for phrase in BANNED), re.IGNORECASE)


def _files() -> list[Path]:
    found = [*ROOT.glob("templates/**/*.html"), *ROOT.glob("templates/**/*.txt")]
    found += [*ROOT.glob("easeplan/**/*.py"), *ROOT.glob("docs/**/*.md"), ROOT / "README.md"]
    found += [*ROOT.glob("locale/**/*.po")]
    return sorted(found)


def test_the_scan_covers_every_template() -> None:
    names = {path.relative_to(ROOT).as_posix() for path in _files()}

    assert "templates/screening/self_check/result.html" in names
    assert "templates/emails/plan-nudge-body.txt" in names
    assert "templates/site/conditions/piriformis-syndrome.html" in names
    assert "locale/fr/LC_MESSAGES/django.po" in names


@pytest.mark.parametrize(
    "claim",
    [
        "Your answers fit a pattern massage often helps",
        "Relief usually takes a few visits",
        "People who stop after one session often feel a little easier, then slip back.",
        "What you do between visits matters as much as the visits.",
        "A quick self-check makes sure massage is right for you.",
        "A few visits is what brings relief.",
        "Vos réponses correspondent à un tableau que le massage soulage souvent",
        "Le soulagement demande généralement quelques séances",
        "Les personnes qui arrêtent après une séance se sentent un peu mieux, puis rechutent.",
        "Ce que vous faites entre les séances compte autant que les séances.",
        "Une auto-évaluation rapide s’assure que le massage vous convient.",
        "Quelques séances, c’est ce qui fait la différence.",
        "Le massage va soulager votre douleur.",
    ],
)
def test_the_scan_recognises_each_claim(claim: str) -> None:
    assert PATTERN.search(claim)


def test_no_page_email_or_doc_makes_a_claim_the_evidence_does_not_carry() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{n}: {match.group(0)!r}"
        for path in _files()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if (match := PATTERN.search(line)) and path.name != "test_wording.py"
    ]

    assert found == []
