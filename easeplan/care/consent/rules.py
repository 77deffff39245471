"""The consent texts a client signs, as versioned data, and the rules for signing them.

Pure: no Django. Each text is a frozen `ConsentText`; a new wording gets a new `version`
("<kind>/<YYYY-MM>") and goes into `TEXTS`, older ones stay there so a signed consent can
always be matched to what it said (the signed row also keeps the exact text). `CURRENT`
holds the text offered today, one per kind.

A text is written in one language (`language`). English is the wording of record; a
translation is its own text with its own version ("<kind>/<YYYY-MM>/<language>", e.g.
"treatment/2026-11/fr") and says exactly what the English of the same stamp says, so a
client who reads and signs in French keeps the French words and version they signed.
`current_text(kind, language)` offers the translation while it is as new as the English,
and the English otherwise; a translation of the same stamp is not an update to sign again.

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


def _(text: str) -> str:
    """Marks `text` for the translation catalogue: the pages that show it translate it."""
    return text


ENGLISH = "en"
FRENCH = "fr"
# How a page says which language a consent was signed in.
LANGUAGE_NAMES = {ENGLISH: _("in English"), FRENCH: _("in French")}

TREATMENT = "treatment"
PRIVACY = "privacy"
GLUTEAL = "gluteal"
KINDS = (TREATMENT, PRIVACY, GLUTEAL)
# What the pages call each kind (the words of Consent.Kind).
KIND_LABELS = {TREATMENT: _("Treatment"), PRIVACY: _("Privacy"), GLUTEAL: _("Gluteal work")}

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
    language: str = ENGLISH

    def option(self, code: str) -> Option | None:
        return next((o for o in self.options if o.code == code), None)

    def as_text(self) -> str:
        """The plain text stored with a signature: title, paragraphs and the choices."""
        parts = [self.title, *self.paragraphs]
        colon = " : " if self.language == FRENCH else ": "
        if self.options:
            parts.append("\n".join(f"- {o.label}{colon}{o.detail}" for o in self.options))
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


# The French of the texts above, stamp for stamp: the same sentences, nothing added or left out.
TREATMENT_2026_11_FR = ConsentText(
    kind=TREATMENT,
    version="treatment/2026-11/fr",
    language=FRENCH,
    title="Consentement au traitement par massage",
    paragraphs=(
        "Le massage thérapeutique signifie que votre thérapeute travaille sur vos muscles et "
        "vos autres tissus mous avec les mains, par des pressions, des étirements doux et "
        "des mouvements de vos articulations. Lors de votre première séance, votre "
        "thérapeute vous interroge sur votre santé et votre douleur, regarde comment vous "
        "bougez et vous explique ce qui est proposé avant de commencer.",
        "Vous restez couvert(e) d’un drap ou d’une serviette. Seule la zone travaillée est "
        "découverte, et vous pouvez garder vos sous-vêtements.",
        "Le massage soulage souvent la douleur et la raideur, mais aucun résultat ne peut "
        "être promis. Après la séance, vous pouvez avoir des courbatures pendant un jour ou "
        "deux, et il arrive qu’un bleu apparaisse. Certaines personnes se sentent fatiguées "
        "ou ont la tête qui tourne pendant un court moment, et les symptômes peuvent "
        "s’accentuer pendant quelques jours avant de se calmer. Dites-le à votre thérapeute "
        "si l’un de ces points vous inquiète.",
        "Votre thérapeute ne pose pas de diagnostic. Si ses constatations laissent penser "
        "que vous devriez consulter un médecin, votre thérapeute vous le dira, et le massage "
        "ne remplace pas les soins médicaux.",
        "Vous pouvez demander une pression plus légère ou plus ferme, demander qu’une partie "
        "soit laissée de côté, ou arrêter le traitement à tout moment, sans donner de raison.",
        "Avant chaque séance, signalez à votre thérapeute tout changement de votre santé : "
        "de nouveaux symptômes, de nouveaux médicaments (surtout des anticoagulants, qui "
        "fluidifient le sang), une opération ou une blessure, une grossesse, ou tout ce "
        "qu’un médecin vous a dit depuis votre dernière séance.",
    ),
)

PRIVACY_2026_11_FR = ConsentText(
    kind=PRIVACY,
    version="privacy/2026-11/fr",
    language=FRENCH,
    title="Comment nous conservons vos informations de santé",
    paragraphs=(
        "Pour vous soigner en toute sécurité, nous tenons un dossier qui vous concerne : vos "
        "coordonnées, les questions de santé auxquelles vous répondez avant le traitement "
        "(vos antécédents, vos médicaments et vos problèmes de santé), vos scores de douleur "
        "et de progression, les notes et le plan de soins de votre thérapeute, vos séances "
        "et les consentements que vous signez.",
        "Au sein du cabinet, vos informations de santé ne sont vues que par les praticiens du "
        "cabinet : les massothérapeutes et le ou la titulaire du cabinet. L’équipe de "
        "l’accueil voit vos coordonnées et vos rendez-vous afin de pouvoir réserver des "
        "séances pour vous. Nous ne vendons pas vos informations et ne les utilisons pas à "
        "des fins publicitaires. Nous ne les communiquons à une personne extérieure au "
        "cabinet, par exemple votre médecin, que si vous nous le demandez ou si la loi "
        "l’exige.",
        "Nous conservons votre dossier aussi longtemps que le cabinet est tenu de conserver "
        "les dossiers de santé, c’est-à-dire en général plusieurs années après votre "
        "dernière séance. Il est ensuite supprimé.",
        "Vous pouvez à tout moment demander à consulter votre dossier, à en télécharger une "
        "copie, à faire corriger ce qui est inexact et à le faire supprimer. Si une partie "
        "doit être conservée pendant un certain temps, nous vous disons laquelle et pourquoi.",
        "Vous pouvez retirer ce consentement à tout moment. Nous cessons alors d’utiliser vos "
        "informations de santé pour tout nouveau traitement ; ce qui est déjà enregistré est "
        "conservé comme expliqué ci-dessus.",
    ),
)

GLUTEAL_2026_11_FR = ConsentText(
    kind=GLUTEAL,
    version="gluteal/2026-11/fr",
    language=FRENCH,
    title="Consentement au traitement de la région fessière (fesse)",
    paragraphs=(
        "Les muscles fessiers et le piriforme se trouvent en profondeur dans la fesse. "
        "Lorsqu’ils sont tendus ou irrités, ils peuvent provoquer des douleurs dans la "
        "fesse, la hanche et le long de la jambe, et les travailler directement fait souvent "
        "partie du traitement de ce type de douleur. Comme la fesse est une zone sensible, "
        "nous vous demandons d’abord votre accord écrit, et votre thérapeute vous redemande "
        "votre accord au début de chaque séance où cette zone serait travaillée.",
        "Fréquence et durée : si vous êtes d’accord, le travail de la région fessière fait "
        "généralement partie de la plupart des séances de votre plan de soins, pendant une "
        "partie de chaque séance plutôt que pendant toute la séance. Avant chaque séance, "
        "votre thérapeute vous dit ce qui est prévu et pendant combien de temps.",
        "Position : vous êtes allongé(e) sur le côté, soutenu(e) par des coussins, ou sur le "
        "ventre, selon ce qui est le plus confortable pour vous.",
        "Couverture par le drap : vous êtes couvert(e) d’un drap ou d’une serviette pendant "
        "toute la séance. Seule la zone travaillée est découverte, et le drap est bordé pour "
        "rester en place. Vos parties génitales et le sillon entre les fesses restent "
        "couverts en permanence. Il n’y a jamais aucun travail dans le sillon ni aucun "
        "travail interne. Vous pouvez garder vos sous-vêtements.",
        "Bénéfices possibles : moins de douleur et de tension dans la fesse et la hanche, et "
        "plus de facilité pour s’asseoir, marcher et faire de l’exercice. Risques "
        "possibles : des courbatures pendant un jour ou deux, un bleu de temps en temps, une "
        "brève accentuation de vos symptômes, ou une sensation d’inconfort ou d’être "
        "exposé(e). Si vous ressentez l’un de ces effets, dites-le : votre thérapeute "
        "arrêtera ou changera sa façon de faire.",
        "Autres façons de travailler : à travers le drap ou vos vêtements plutôt que sur la "
        "peau, des étirements et des techniques douces d’énergie musculaire, un travail sur "
        "les zones voisines comme le bas du dos, la hanche et la cuisse, et des exercices à "
        "faire à la maison.",
        "Vous pouvez refuser, modifier votre choix ou demander à votre thérapeute d’arrêter "
        "à tout moment, sans donner de raison. Refuser n’a jamais d’effet sur vos soins : "
        "votre thérapeute adaptera votre plan et vous pourrez toujours réserver des séances.",
    ),
    options=(
        Option(
            DIRECT,
            "Travail direct sur la peau, avec couverture par le drap",
            "Seule la zone travaillée est découverte ; tout le reste demeure couvert.",
        ),
        Option(
            OVER_SHEET,
            "Uniquement à travers le drap ou mes vêtements",
            "La zone reste couverte pendant toute la séance.",
        ),
        Option(
            NO_GLUTEAL_WORK,
            "Aucun travail de la région fessière",
            "Votre thérapeute laisse la fesse de côté et utilise d’autres moyens pour vous aider.",
        ),
    ),
)

# Every version ever offered, oldest first; a new wording is appended, never edited.
TEXTS: tuple[ConsentText, ...] = (
    TREATMENT_2026_11,
    PRIVACY_2026_11,
    GLUTEAL_2026_11,
    TREATMENT_2026_11_FR,
    PRIVACY_2026_11_FR,
    GLUTEAL_2026_11_FR,
)

# The English text offered to sign today, one per kind (the newest in TEXTS).
CURRENT: dict[str, ConsentText] = {t.kind: t for t in TEXTS if t.language == ENGLISH}
# Its translations, by language and kind (the newest of each).
TRANSLATED: dict[str, dict[str, ConsentText]] = {
    FRENCH: {t.kind: t for t in TEXTS if t.language == FRENCH},
}


def base_language(language: str | None) -> str:
    """ "fr", "fr-ca" -> "fr"; anything we have no texts in -> "en"."""
    code = (language or ENGLISH).lower().split("-")[0]
    return code if code in TRANSLATED else ENGLISH


def current_text(kind: str, language: str | None = ENGLISH) -> ConsentText:
    """The text offered for `kind` today to a reader of `language`: its translation when
    that is as new as the English wording, else the English. KeyError for an unknown kind."""
    english = CURRENT[kind]
    translated = TRANSLATED.get(base_language(language), {}).get(kind)
    if translated is None or is_newer(english.version, translated.version):
        return english
    return translated


def text_for(version: str) -> ConsentText | None:
    """The text of an exact version, or None when it is not one of ours."""
    return next((t for t in TEXTS if t.version == version), None)


def _kind_and_stamp(version: str) -> tuple[str, str]:
    kind, _slash, rest = version.partition("/")
    return kind, rest.split("/")[0]


def is_newer(version: str, than: str) -> bool:
    """True when `version` is a later wording than `than` (same kind, ISO-dated stamps).
    A translation has the stamp of the English it translates: neither is newer."""
    kind, stamp = _kind_and_stamp(version)
    other_kind, other_stamp = _kind_and_stamp(than)
    return kind == other_kind and stamp > other_stamp


def language_of(version: str) -> str:
    """The language a version is written in: "gluteal/2026-11/fr" -> "fr"; English has none."""
    parts = version.split("/")
    return parts[2] if len(parts) > 2 else ENGLISH


def normalised_name(name: str) -> str:
    """A name compared without case or spacing: "  ada  QUILLFEATHER" -> "ada quillfeather"."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def names_match(typed: str, full_name: str) -> bool:
    """True when the typed signature is the client's full name (ignoring case and spaces)."""
    return bool(normalised_name(typed)) and normalised_name(typed) == normalised_name(full_name)


def allows_session_work(choice: str) -> bool:
    """True when a gluteal choice lets the therapist work on the area at all."""
    return choice in (DIRECT, OVER_SHEET)
