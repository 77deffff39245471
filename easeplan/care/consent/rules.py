"""The consent texts a client signs, as versioned data, and the rules for signing them.

Pure: no Django. Each text is a frozen `ConsentText`; a new wording gets a new `version`
("<kind>/<YYYY-MM>") and goes into `TEXTS`, older ones stay there so a signed consent can
always be matched to what it said (the signed row also keeps the exact text). `CURRENT`
holds the text offered today, one per kind.

Gluteal work follows ../shared/CLINICAL.md §6: the gluteal region is a sensitive area under
the College of Massage Therapists of Ontario standard on sensitive areas (written consent
before treating it, renewed for each session, ongoing verbal consent; the client is told
the expected frequency and duration, positioning and draping, risks, benefits and
alternatives, and that they may refuse or stop at any time). Genitals and the gluteal
cleft stay draped at all times (e.g. Texas 16 TAC §117.91, draping). No work in the cleft
and no internal work is ever offered.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

TREATMENT = "treatment"
PRIVACY = "privacy"
GLUTEAL = "gluteal"
KINDS = (TREATMENT, PRIVACY, GLUTEAL)

# Gluteal choices (Consent.choice and VisitConsent.choice hold these codes).
DIRECT = "direct"
OVER_SHEET = "over_sheet"
NO_GLUTEAL_WORK = "none"


@dataclass(frozen=True)
class Option:
    """One way a client may agree to (or decline) a kind of work."""

    code: str
    label: str
    detail: str


@dataclass(frozen=True)
class ConsentText:
    """One version of one consent text, exactly as the client reads and signs it."""

    kind: str
    version: str
    title: str
    paragraphs: tuple[str, ...]
    options: tuple[Option, ...] = ()

    def option(self, code: str) -> Option | None:
        return next((o for o in self.options if o.code == code), None)

    def as_text(self) -> str:
        """The plain text stored with a signature: title, paragraphs and the choices."""
        parts = [self.title, *self.paragraphs]
        if self.options:
            parts.append("\n".join(f"- {o.label}: {o.detail}" for o in self.options))
        return "\n\n".join(parts) + f"\n\n({self.version})"


TREATMENT_2026_11 = ConsentText(
    kind=TREATMENT,
    version="treatment/2026-11",
    title="Consent to massage treatment",
    paragraphs=(
        "Massage therapy means your therapist works on muscles and other soft tissues "
        "with their hands, using pressure, gentle stretching and movement of your joints. "
        "At your first visit they ask about your health and your pain, look at how you "
        "move, and explain what they suggest before they start.",
        "You stay covered with a sheet or towel. Only the area being worked on is "
        "uncovered, and you can keep your underwear on.",
        "Massage often eases pain and stiffness, but no result can be promised. Afterwards "
        "you may feel sore for a day or two, and now and then a bruise can appear. Some "
        "people feel tired or light-headed for a short while, and symptoms can flare for a "
        "few days before they settle. Tell your therapist if any of this worries you.",
        "Your therapist does not diagnose. If what they find suggests that you should see "
        "a doctor, they will tell you, and massage does not replace medical care.",
        "You can ask for lighter or firmer pressure, ask for any part to be left out, or "
        "stop the treatment at any time, without giving a reason.",
        "Please tell your therapist about changes in your health before each visit: new "
        "symptoms, new medicines (blood thinners especially), an operation or injury, a "
        "pregnancy, or anything a doctor has told you since your last visit.",
    ),
)

PRIVACY_2026_11 = ConsentText(
    kind=PRIVACY,
    version="privacy/2026-11",
    title="How we keep your health information",
    paragraphs=(
        "To treat you safely we keep a record about you: your contact details, the health "
        "questions you answer before treatment (your health history, medicines and "
        "conditions), your pain and progress scores, your therapist's notes and plan of "
        "care, your visits, and the consents you sign.",
        "Inside the practice, your health information is seen only by the practice's "
        "clinicians: the massage therapists and the practice owner. Front-desk staff see "
        "your contact details and your appointments so they can book visits for you. We "
        "do not sell your information or use it for advertising. We share it with someone "
        "outside the practice, such as your doctor, only when you ask us to or when the law "
        "requires it.",
        "We keep your record for as long as the practice has to keep health records, which "
        "is usually some years after your last visit. After that it is deleted.",
        "You can ask to see your record at any time, to download a copy, to correct "
        "anything that is wrong, and to have it deleted. If part of it must be kept for a "
        "time, we tell you which part and why.",
        "You can withdraw this consent at any time. We then stop using your health "
        "information for new treatment; what is already recorded is kept as explained "
        "above.",
    ),
)

GLUTEAL_2026_11 = ConsentText(
    kind=GLUTEAL,
    version="gluteal/2026-11",
    title="Consent to treatment of the gluteal area (buttock)",
    paragraphs=(
        "The gluteal muscles and the piriformis lie deep in the buttock. When they are "
        "tight or irritated they can cause pain in the buttock, hip and down the leg, and "
        "working on them directly is often part of treating this kind of pain. Because "
        "the buttock is a sensitive area, we ask for your written agreement first, and "
        "your therapist asks you again at the start of every visit where they would "
        "work on it.",
        "How often and how long: if you agree, gluteal work is usually part of most "
        "visits in your plan of care, for part of each session rather than all of it. "
        "Your therapist tells you before each visit what they plan to do and for how long.",
        "Position: you lie on your side with pillows for support, or face down, whichever "
        "is more comfortable for you.",
        "Draping: you are covered with a sheet or towel the whole time. Only the area being "
        "worked on is uncovered, and the sheet is tucked so that it stays in place. Your "
        "genitals and the cleft between the buttocks stay covered at all times. There is "
        "never any work in the cleft and never any internal work. You can keep your "
        "underwear on.",
        "Possible benefits: less pain and tightness in the buttock and hip, and easier "
        "sitting, walking and exercise. Possible risks: soreness for a day or two, a "
        "bruise now and then, a short flare of your symptoms, or feeling uncomfortable or "
        "exposed. If you feel any of these, say so and your therapist will stop or change "
        "what they do.",
        "Other ways to work: through the sheet or your clothing instead of on the skin, "
        "stretching and gentle muscle-energy techniques, work on nearby areas such as the "
        "low back, hip and thigh, and exercises to do at home.",
        "You may say no, change your choice, or ask your therapist to stop at any time, "
        "without giving a reason. Saying no never affects your care: your therapist will "
        "adapt your plan and you can still book visits.",
    ),
    options=(
        Option(
            DIRECT,
            "Direct work on the skin, with draping",
            "Only the area being worked on is uncovered; everything else stays covered.",
        ),
        Option(
            OVER_SHEET,
            "Through the sheet or my clothing only",
            "The area stays covered the whole time.",
        ),
        Option(
            NO_GLUTEAL_WORK,
            "No gluteal work",
            "Your therapist leaves the buttock out and uses other ways to help.",
        ),
    ),
)

# Every version ever offered, oldest first; a new wording is appended, never edited.
TEXTS: tuple[ConsentText, ...] = (TREATMENT_2026_11, PRIVACY_2026_11, GLUTEAL_2026_11)

# The text offered to sign today, one per kind (the newest in TEXTS).
CURRENT: dict[str, ConsentText] = {text.kind: text for text in TEXTS}


def current_text(kind: str) -> ConsentText:
    """The text offered for `kind` today; KeyError for an unknown kind."""
    return CURRENT[kind]


def text_for(version: str) -> ConsentText | None:
    """The text of an exact version, or None when it is not one of ours."""
    return next((t for t in TEXTS if t.version == version), None)


def is_newer(version: str, than: str) -> bool:
    """True when `version` is a later wording than `than` (same kind, ISO-dated stamps)."""
    kind, _, stamp = version.partition("/")
    other_kind, _, other_stamp = than.partition("/")
    return kind == other_kind and stamp > other_stamp


def normalised_name(name: str) -> str:
    """A name compared without case or spacing: "  ada  QUILLFEATHER" -> "ada quillfeather"."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def names_match(typed: str, full_name: str) -> bool:
    """True when the typed signature is the client's full name (ignoring case and spaces)."""
    return bool(normalised_name(typed)) and normalised_name(typed) == normalised_name(full_name)


def allows_session_work(choice: str) -> bool:
    """True when a gluteal choice lets the therapist work on the area at all."""
    return choice in (DIRECT, OVER_SHEET)
