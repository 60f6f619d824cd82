"""Survey questions: what kind of answer a column holds, and which standard indicator it measures.

A post-event survey export is one column per question. This module reads a column's header and its
answers and says what the question is (a ``QuestionSpec``), then turns each raw answer into values
the database stores (``ParsedAnswer``). It never reads files or touches the database: the importer
does that and adds file, row and column to the errors raised here.

Kind inference (``infer_question``), first rule that applies wins; blank answers (None, '' or
whitespace) are ignored throughout, and answers that are no point of any scale ("N/A", "Not
applicable", "I don't know", "Prefer not to say", with or without a code such as "(8)", see
``SET_APART_ANSWERS``) are set apart: they never decide a kind and are stored without a value,
counted apart from a rating's or a number's n and mean:

1. ``kind`` given by the caller: used as is; scale, labels and options are still derived.
2. The header matches a free-text indicator (most_useful, improvements, future_themes,
   support_interest, other_comments): 'text', unless the answers are what no comment box
   holds: every answer a label of one known scale, coded ("Agree (6)") or over at least
   three points ('rating', rule 5), or checkbox answers (rule 7) whose options are short
   labels ('multiple_choice'). Such a question then carries no free-text indicator.
3. No answers at all: the matched indicator's kind; else 'rating' when the header (or ``scale``)
   states a scale; else 'text'.
   In rules 2, 3 and 5 an indicator counts only when matched with a confidence of at least
   ``INDICATOR_KIND_MIN_CONFIDENCE``; the spec still reports weaker matches.
4. Every answer is a yes/no (see ``parse_yes_no``): 'yes_no'.
5. Every answer is a rating that fits one scale: 'rating'. A rating needs evidence:
   a. labels of a known scale (``RATING_SCALES``: Excellent ... Poor, Very good ... Very bad,
      5- and 7-point agreement ...), the scale that the labels use most (and reach an end of)
      chosen, and said (``scale_note``) when the answers use only part of it;
   b. numbers written with labels ("5 - Excellent", "Strongly agree (7)");
   c. a scale stated in the header: "(1-5)", "on a scale of 1 to 10", "1 = poor, 5 =
      excellent", "from 1 to 5", "de 1 à 5", "del 1 al 5", "out of 10";
   d. a rating indicator (overall_rating, relevance, quality, likely_to_apply);
   e. rating wording in the header ("rate", "how satisfied", "agree", "évaluez", "califique");
   f. a small closed set of whole numbers (0 to 10, not only 1 and 2) under a question-like
      header (or a bare question code such as LimeSurvey's `Q1`) that asks for no count
      ("how many", "number of", "rank") and names no place (a district: codes).
   The scale is the ``scale`` argument, else the labels', else the stated one, else from the
   numbers: 1-5 when all lie in 1..5, 1-7 when labelled up to 7, 1-10, or 0-10 with a 0. A
   fraction or a number outside the scale means the column is not a rating (rule 6), never
   that the file is refused; only a rating the caller chose refuses such an answer.
6. Every answer is a number: 'number' (n, mean, median, bins; no top-2-box), or
   ``IDENTIFIER`` when the header names one ("Respondent ID", "District code"): the importer
   leaves such a column out.
7. Answers split on ';' into parts ("A;B", "A;B;" with the trailing ';' of checkbox exports), at
   most ``MAX_MULTIPLE_CHOICE_OPTIONS`` distinct parts, each at most ``MAX_CHOICE_OPTION_LENGTH``
   characters, and either every answer ends with ';' (how Microsoft Forms writes a checkbox
   answer, one option ticked or several, and how the tool readers write the options they read
   from a checkbox question's own columns: ``CHECKBOX_TERMINATOR``), or at least one answer
   holds a ';', there are at least two answers and at least ``MIN_REPEATED_OPTION_SHARE`` of the
   distinct parts were given in two or more answers: 'multiple_choice'.
8. At most ``MAX_CHOICE_OPTIONS`` distinct answers, each at most ``MAX_CHOICE_OPTION_LENGTH``
   characters, and either every distinct answer given at least twice, or the answers numbering
   at least ``MIN_ANSWERS_PER_OPTION`` times the distinct answers, or every answer an answer
   code (``ANSWER_CODE``: LimeSurvey's `A1`, `AO01`, `S04A1` in an "answer codes" export, or
   ``CHOICE_POSITION``: `Choice 3`, as readers write an option known only by its position,
   codes of a closed list however few the answers), or two distinct answers or more, short
   labels, one of them a pick-list's "Other" option (``OTHER_OPTION_LABELS``: the tools write it
   in a choice question's column when the respondent typed their own answer beside it):
   'single_choice'. Answer codes are never a rating by themselves: real exports number
   agreement arrays `A1`..`A5` out of scale order and give `A5` to "No opinion"; a reader
   that knows the scale turns them into numbers first.
9. Otherwise 'text'.

Answers are compared ignoring case, accents, surrounding spaces and punctuation, so "Government"
and "government " are one option, and "tres bien" is the label "Très bien".
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

QUESTION_KINDS = ("rating", "number", "single_choice", "multiple_choice", "yes_no", "text")

# Not a question's kind but what inference says of a numeric column whose header names an
# identifier (a respondent number, a district code): it is left out, never stored.
IDENTIFIER = "identifier"

# The standard post-event questions, comparable across events even when worded differently,
# and the kind of answer each is measured with.
CANONICAL_INDICATORS: dict[str, str] = {
    "overall_rating": "rating",
    "relevance": "rating",
    "quality": "rating",
    "likely_to_apply": "rating",
    "difficulties": "yes_no",
    "most_useful": "text",
    "improvements": "text",
    "future_themes": "text",
    "support_interest": "text",
    "other_comments": "text",
}

INDICATOR_LABELS: dict[str, str] = {
    "overall_rating": "Overall rating",
    "relevance": "Relevance of theme and clarity of objectives",
    "quality": "Quality of presentations and discussion",
    "likely_to_apply": "Likelihood of applying what was learned",
    "difficulties": "Technical or logistical difficulties",
    "most_useful": "Most useful aspects",
    "improvements": "Suggested improvements",
    "future_themes": "Themes for future events",
    "support_interest": "Interest in capacity-development support",
    "other_comments": "Other comments",
}

RATING_INDICATORS = frozenset(
    name for name, kind in CANONICAL_INDICATORS.items() if kind == "rating"
)
TEXT_INDICATORS = frozenset(name for name, kind in CANONICAL_INDICATORS.items() if kind == "text")

# A header scoring below this is left unmapped: a wrong mapping silently mixes an unrelated
# question into cross-event comparisons, while a missing one only asks the user to pick by hand.
# A single strong phrase ("overall rating", "quality of the presentations") scores 0.85 or more; a
# lone generic word ("quality", "comments") 0.6; words that only hint at an indicator score
# 0.4-0.55: "problems", "future" or "apoyo" alone stay below the bar, "speakers" just reaches it.
MIN_INDICATOR_CONFIDENCE = 0.5

# An indicator decides a question's kind (free-text indicators are always 'text') and default
# scale (1-5 for rating indicators) only when its wording names it at least this clearly: a lone
# generic word ("quality", "comments") still does, a hint ("speaker 1", "future plans") does not,
# so a "Speaker 1" column rated 1-10 keeps its 1-10 scale.
INDICATOR_KIND_MIN_CONFIDENCE = 0.6

# How much a runner-up indicator pulls the winner's confidence down: with equal scores the
# confidence falls to 40% of the score (below the bar), with a runner-up at half the winner's
# score it loses only 15%, so "rate the quality of the presentations" stays quality although
# "rate" also hints at the overall rating.
INDICATOR_AMBIGUITY_WEIGHT = 0.6

# Each further pattern of the same indicator adds this much: two independent phrases agreeing
# ("relevance" and "clarity of objectives") are more convincing than one, but many weak words
# must not add up to a strong phrase.
INDICATOR_EXTRA_MATCH_BONUS = 0.05

# More distinct answers than this is not a pick-list: survey tools' single-choice questions
# (sector, organization type, role, region) rarely offer more than a dozen options.
MAX_CHOICE_OPTIONS = 12

# Checkbox questions ("which sessions did you attend", "which topics") list more options than
# single-choice ones; past this the ';'-parts are more likely sentences than ticked boxes.
MAX_MULTIPLE_CHOICE_OPTIONS = 30

# Options are short labels; a longer distinct answer is someone writing a sentence.
MAX_CHOICE_OPTION_LENGTH = 60

# With few respondents every option may be chosen once; a pick-list still shows by repeating:
# on average each option must be chosen at least this many times when some are chosen once.
MIN_ANSWERS_PER_OPTION = 2

# Checkbox exports repeat the same options across respondents, sentences containing ';' do not:
# at least this share of the distinct parts must appear in two or more answers.
MIN_REPEATED_OPTION_SHARE = 0.5

# The widest scale inferred from numbers alone: 0-10 (net promoter style) is the widest common
# survey scale; a bigger number without a stated scale is a count or a measurement.
MAX_INFERRED_SCALE_TOP = 10

# The default when a rating has nothing to say its scale: the standard post-event questions use
# 5 points.
DEFAULT_RATING_SCALE = (1, 5)


@dataclass(frozen=True)
class IndicatorMatch:
    """A canonical indicator a question's wording was matched to, with a confidence from 0 to 1."""

    indicator: str
    confidence: float


@dataclass(frozen=True)
class RatingScale:
    """A labelled scale (five points, or seven) in one language.

    ``points`` are (value, label) from high to low; ``synonyms`` are other wordings of the same
    points seen in survey tools ("Neither likely nor unlikely" for "Neutral"), read as those values
    but reported with the label in ``points``.
    """

    name: str
    points: tuple[tuple[int, str], ...]
    language: str = "en"
    synonyms: tuple[tuple[int, str], ...] = ()

    @property
    def labels(self) -> dict[int, str]:
        """Value -> label, high to low."""
        return dict(self.points)

    def value_of(self, label: str) -> int | None:
        """The value a label (or synonym) stands for on this scale, or None when it is not on it."""
        return _values_by_normalized_label(self).get(normalize_label(label))


# Cached because every answer of a labelled column is looked up on every scale.
@functools.cache
def _values_by_normalized_label(scale: RatingScale) -> dict[str, int]:
    """A scale's labels and synonyms, normalized, mapped to their values."""
    return {normalize_label(label): value for value, label in scale.points + scale.synonyms}


# SurveyMonkey's 5-point answers to "How <adjective> ...?" questions: "Extremely likely, Very
# likely, Somewhat likely, Not so likely, Not at all likely", the same words around each of the
# adjectives its question bank asks with. Frequency scales (Always ... Never) are no such
# scale: how often is not how good, and such answers stay choices.
EXTENT_ADJECTIVES = (
    "likely",
    "useful",
    "helpful",
    "valuable",
    "important",
    "relevant",
    "easy",
    "clear",
    "effective",
    "informative",
    "interesting",
    "engaging",
    "knowledgeable",
    "confident",
    "satisfied",
    "well",
)


def _extent_scales() -> tuple[RatingScale, ...]:
    return tuple(
        RatingScale(
            "extent",
            (
                (5, f"Extremely {adjective}"),
                (4, f"Very {adjective}"),
                (3, f"Somewhat {adjective}"),
                (2, f"Not so {adjective}"),
                (1, f"Not at all {adjective}"),
            ),
            "en",
            (
                (3, f"Moderately {adjective}"),
                (2, f"Not very {adjective}"),
                (1, f"Not {adjective} at all"),
            ),
        )
        for adjective in EXTENT_ADJECTIVES
    )


RATING_SCALES: tuple[RatingScale, ...] = (
    # English
    RatingScale(
        "quality",
        ((5, "Excellent"), (4, "Very good"), (3, "Good"), (2, "Fair"), (1, "Poor")),
        "en",
    ),
    RatingScale(
        "likelihood",
        ((5, "Very likely"), (4, "Likely"), (3, "Neutral"), (2, "Unlikely"), (1, "Very unlikely")),
        "en",
        ((3, "Neither likely nor unlikely"),),
    ),
    RatingScale(
        "agreement",
        (
            (5, "Strongly agree"),
            (4, "Agree"),
            (3, "Neutral"),
            (2, "Disagree"),
            (1, "Strongly disagree"),
        ),
        "en",
        ((3, "Neither agree nor disagree"),),
    ),
    RatingScale(
        "goodness",
        ((5, "Very good"), (4, "Good"), (3, "Fair"), (2, "Bad"), (1, "Very bad")),
        "en",
        (
            (3, "Neither good nor bad"),
            (3, "Average"),
            (3, "Acceptable"),
            (2, "Poor"),
            (1, "Very poor"),
        ),
    ),
    RatingScale(
        "agreement-7",
        (
            (7, "Strongly agree"),
            (6, "Agree"),
            (5, "Somewhat agree"),
            (4, "Neither agree nor disagree"),
            (3, "Somewhat disagree"),
            (2, "Disagree"),
            (1, "Strongly disagree"),
        ),
        "en",
        ((5, "Slightly agree"), (4, "Neutral"), (3, "Slightly disagree")),
    ),
    RatingScale(
        "satisfaction",
        (
            (5, "Very satisfied"),
            (4, "Satisfied"),
            (3, "Neutral"),
            (2, "Dissatisfied"),
            (1, "Very dissatisfied"),
        ),
        "en",
        ((3, "Neither satisfied nor dissatisfied"), (2, "Unsatisfied"), (1, "Very unsatisfied")),
    ),
    RatingScale(
        "usefulness",
        (
            (5, "Extremely useful"),
            (4, "Very useful"),
            (3, "Somewhat useful"),
            (2, "Not very useful"),
            (1, "Not at all useful"),
        ),
        "en",
        ((1, "Not useful at all"),),
    ),
    # SurveyMonkey's and Qualtrics' question bank: Excellent ... Poor with "average" in the
    # middle, 7-point satisfaction, and the extremes' wording of the 5-point one.
    RatingScale(
        "quality-average",
        (
            (5, "Excellent"),
            (4, "Above average"),
            (3, "Average"),
            (2, "Below average"),
            (1, "Poor"),
        ),
        "en",
        ((1, "Very poor"),),
    ),
    RatingScale(
        "satisfaction-7",
        (
            (7, "Extremely satisfied"),
            (6, "Moderately satisfied"),
            (5, "Slightly satisfied"),
            (4, "Neither satisfied nor dissatisfied"),
            (3, "Slightly dissatisfied"),
            (2, "Moderately dissatisfied"),
            (1, "Extremely dissatisfied"),
        ),
        "en",
        ((4, "Neutral"),),
    ),
    RatingScale(
        "satisfaction-extremes",
        (
            (5, "Extremely satisfied"),
            (4, "Somewhat satisfied"),
            (3, "Neither satisfied nor dissatisfied"),
            (2, "Somewhat dissatisfied"),
            (1, "Extremely dissatisfied"),
        ),
        "en",
        ((3, "Neutral"),),
    ),
    *_extent_scales(),
    # French
    RatingScale(
        "quality",
        ((5, "Excellent"), (4, "Très bien"), (3, "Bien"), (2, "Passable"), (1, "Médiocre")),
        "fr",
        (
            (4, "Très bon"),
            (4, "Très bonne"),
            (3, "Bon"),
            (3, "Bonne"),
            (2, "Moyen"),
            (2, "Moyenne"),
            (1, "Mauvais"),
            (1, "Mauvaise"),
            (1, "Insuffisant"),
        ),
    ),
    RatingScale(
        "likelihood",
        (
            (5, "Très probable"),
            (4, "Probable"),
            (3, "Neutre"),
            (2, "Peu probable"),
            (1, "Très peu probable"),
        ),
        "fr",
        ((3, "Ni probable ni improbable"), (2, "Improbable"), (1, "Très improbable")),
    ),
    RatingScale(
        "agreement",
        (
            (5, "Tout à fait d'accord"),
            (4, "D'accord"),
            (3, "Neutre"),
            (2, "Pas d'accord"),
            (1, "Pas du tout d'accord"),
        ),
        "fr",
        (
            (5, "Fortement d'accord"),
            (3, "Ni d'accord ni pas d'accord"),
            (3, "Ni en accord ni en désaccord"),
            (2, "En désaccord"),
            (1, "Fortement en désaccord"),
            (1, "Tout à fait en désaccord"),
        ),
    ),
    RatingScale(
        "satisfaction",
        (
            (5, "Très satisfait"),
            (4, "Satisfait"),
            (3, "Neutre"),
            (2, "Insatisfait"),
            (1, "Très insatisfait"),
        ),
        "fr",
        (
            (5, "Très satisfaite"),
            (4, "Satisfaite"),
            (3, "Ni satisfait ni insatisfait"),
            (2, "Insatisfaite"),
            (1, "Très insatisfaite"),
        ),
    ),
    RatingScale(
        "usefulness",
        (
            (5, "Extrêmement utile"),
            (4, "Très utile"),
            (3, "Assez utile"),
            (2, "Peu utile"),
            (1, "Pas du tout utile"),
        ),
        "fr",
        ((3, "Plutôt utile"), (3, "Moyennement utile")),
    ),
    # Spanish
    RatingScale(
        "quality",
        ((5, "Excelente"), (4, "Muy bueno"), (3, "Bueno"), (2, "Regular"), (1, "Malo")),
        "es",
        ((4, "Muy buena"), (3, "Buena"), (1, "Mala"), (1, "Deficiente")),
    ),
    RatingScale(
        "likelihood",
        (
            (5, "Muy probable"),
            (4, "Probable"),
            (3, "Neutral"),
            (2, "Poco probable"),
            (1, "Muy poco probable"),
        ),
        "es",
        ((3, "Ni probable ni improbable"), (2, "Improbable"), (1, "Muy improbable")),
    ),
    RatingScale(
        "agreement",
        (
            (5, "Totalmente de acuerdo"),
            (4, "De acuerdo"),
            (3, "Neutral"),
            (2, "En desacuerdo"),
            (1, "Totalmente en desacuerdo"),
        ),
        "es",
        ((5, "Muy de acuerdo"), (3, "Ni de acuerdo ni en desacuerdo"), (1, "Muy en desacuerdo")),
    ),
    RatingScale(
        "satisfaction",
        (
            (5, "Muy satisfecho"),
            (4, "Satisfecho"),
            (3, "Neutral"),
            (2, "Insatisfecho"),
            (1, "Muy insatisfecho"),
        ),
        "es",
        (
            (5, "Muy satisfecha"),
            (4, "Satisfecha"),
            (3, "Ni satisfecho ni insatisfecho"),
            (2, "Insatisfecha"),
            (1, "Muy insatisfecha"),
        ),
    ),
    RatingScale(
        "usefulness",
        (
            (5, "Extremadamente útil"),
            (4, "Muy útil"),
            (3, "Algo útil"),
            (2, "Poco útil"),
            (1, "Nada útil"),
        ),
        "es",
        ((3, "Bastante útil"), (1, "Para nada útil")),
    ),
    # German, Portuguese and Italian (LimeSurvey, Kobo and Forms are used in these languages)
    RatingScale(
        "satisfaction",
        (
            (5, "Sehr zufrieden"),
            (4, "Zufrieden"),
            (3, "Neutral"),
            (2, "Unzufrieden"),
            (1, "Sehr unzufrieden"),
        ),
        "de",
        ((3, "Weder zufrieden noch unzufrieden"), (3, "Teils zufrieden"), (3, "Teils/teils")),
    ),
    RatingScale(
        "agreement",
        (
            (5, "Stimme voll und ganz zu"),
            (4, "Stimme eher zu"),
            (3, "Weder noch"),
            (2, "Stimme eher nicht zu"),
            (1, "Stimme überhaupt nicht zu"),
        ),
        "de",
        (
            (5, "Stimme voll zu"),
            (4, "Stimme zu"),
            (3, "Neutral"),
            (2, "Stimme nicht zu"),
            (1, "Stimme gar nicht zu"),
        ),
    ),
    RatingScale(
        "goodness",
        (
            (5, "Sehr gut"),
            (4, "Gut"),
            (3, "Mittelmäßig"),
            (2, "Schlecht"),
            (1, "Sehr schlecht"),
        ),
        "de",
        ((3, "Befriedigend"), (3, "Teils/teils"), (3, "Mittel")),
    ),
    RatingScale(
        "satisfaction",
        (
            (5, "Muito satisfeito"),
            (4, "Satisfeito"),
            (3, "Neutro"),
            (2, "Insatisfeito"),
            (1, "Muito insatisfeito"),
        ),
        "pt",
        (
            (5, "Muito satisfeita"),
            (4, "Satisfeita"),
            (3, "Nem satisfeito nem insatisfeito"),
            (2, "Insatisfeita"),
            (1, "Muito insatisfeita"),
        ),
    ),
    RatingScale(
        "agreement",
        (
            (5, "Concordo totalmente"),
            (4, "Concordo"),
            (3, "Neutro"),
            (2, "Discordo"),
            (1, "Discordo totalmente"),
        ),
        "pt",
        (
            (3, "Não concordo nem discordo"),
            (3, "Nem concordo nem discordo"),
            (5, "Concordo plenamente"),
            (1, "Discordo plenamente"),
        ),
    ),
    RatingScale(
        "quality",
        ((5, "Excelente"), (4, "Muito bom"), (3, "Bom"), (2, "Regular"), (1, "Ruim")),
        "pt",
        ((4, "Muito boa"), (3, "Boa"), (1, "Fraco"), (1, "Péssimo")),
    ),
    RatingScale(
        "satisfaction",
        (
            (5, "Molto soddisfatto"),
            (4, "Soddisfatto"),
            (3, "Neutrale"),
            (2, "Insoddisfatto"),
            (1, "Molto insoddisfatto"),
        ),
        "it",
        (
            (5, "Molto soddisfatta"),
            (4, "Soddisfatta"),
            (3, "Né soddisfatto né insoddisfatto"),
            (2, "Insoddisfatta"),
            (1, "Molto insoddisfatta"),
        ),
    ),
    RatingScale(
        "agreement",
        (
            (5, "Completamente d'accordo"),
            (4, "D'accordo"),
            (3, "Neutrale"),
            (2, "In disaccordo"),
            (1, "Completamente in disaccordo"),
        ),
        "it",
        (
            (5, "Molto d'accordo"),
            (3, "Né d'accordo né in disaccordo"),
            (1, "Fortemente in disaccordo"),
        ),
    ),
)

# The scale name given to ratings whose points carry no known labels.
NUMERIC_SCALE_NAME = "numeric"


@dataclass(frozen=True)
class QuestionSpec:
    """What a survey column asks and how its answers are read.

    ``scale_name`` (beyond the importer's contract, defaulted) says which known scale the labels
    come from ('quality', 'likelihood', ...), 'numeric' for other ratings, None for non-ratings.
    """

    text: str
    kind: str
    scale_min: int | None
    scale_max: int | None
    labels: dict[int, str]
    options: tuple[str, ...]
    indicator: str | None
    indicator_confidence: float | None
    scale_name: str | None = None
    # Set when the scale was assumed from some of its labels only ("Very good", "Good"): which
    # scale, so that the analyst can see it and choose another.
    scale_note: str | None = None


class AnswerError(ValueError):
    """An answer that does not fit its question (e.g. rating outside its scale).

    The message says what is wrong in the user's words, e.g. "rating 7 is outside the scale 1-5";
    the importer adds file, row and column.
    """


@dataclass(frozen=True)
class ParsedAnswer:
    """One stored value of an answer: a number (rating, or 1/0 for yes/no) and/or its text."""

    value_num: float | None
    value_text: str | None


# --- Question-bank patterns ---
# Matched against the header lower-cased, without accents, punctuation turned into spaces (see
# normalize_label), so "¿Cómo calificaría el evento?" is read as "como calificaria el evento".
# Each pattern has a weight: how sure a match alone makes us (see MIN_INDICATOR_CONFIDENCE).

_EVENT = (
    r"(?:event|forum|webinar|webinaire|webinario|workshop|session|training|course|meeting|"
    r"seminar|conference|programme|program|evenement|atelier|seminaire|formation|reunion|"
    r"cours|seance|evento|taller|seminario|capacitacion|curso|foro|sesion|conferencia|"
    r"programa|jornada)(?:s|es)?"
)

INDICATOR_PATTERNS: dict[str, tuple[tuple[str, float], ...]] = {
    "overall_rating": (
        (r"\boverall\b", 0.6),
        (r"^overall\b", 0.75),
        (r"\boverall (?:rating|assessment|evaluation|satisfaction|impression|score)\b", 0.95),
        (rf"\b{_EVENT}\b.*\boverall$", 0.95),
        (rf"\b{_EVENT} as a whole\b", 0.9),
        (r"\b(?:in general|generally)\b", 0.8),
        (rf"\b(?:rate|evaluate|assess|grade|score)\b (?:the |this |our )?{_EVENT}$", 0.85),
        (rf"\bsatisf\w*\b.*\b{_EVENT}\b", 0.75),
        (
            rf"\b(?:quality|qualite|calidad) (?:of|de|del) "
            rf"(?:the |this |l |la |le |el |este |esta )?{_EVENT}\b",
            0.8,
        ),
        (
            r"\b(?:evaluation|appreciation|note|satisfaction|impression) "
            r"(?:globale|generale|d ensemble)\b",
            0.95,
        ),
        (r"\bdans l ensemble\b", 0.9),
        (r"\b(?:globalement|de maniere generale|dans l ensemble)\b", 0.85),
        (
            rf"\b(?:evaluez|evalueriez|notez|noteriez|jugez|jugeriez|appreciez|apprecieriez)\b"
            rf"(?: vous)? (?:l |le |la |les |ce |cet |cette )?{_EVENT}$",
            0.85,
        ),
        (r"\ben general\b", 0.8),
        (
            r"\b(?:evaluacion|valoracion|calificacion|satisfaccion|impresion) (?:general|global)\b",
            0.95,
        ),
        (
            rf"\b(?:calificaria|calificarias|califica|evaluaria|evalua|valoraria|valora|puntuaria)\b"
            rf" (?:usted )?(?:el |la |los |las |este |esta )?{_EVENT}$",
            0.85,
        ),
        (r"\bglobal(?:e|ement)?\b", 0.45),
    ),
    "relevance": (
        (r"\brelevan(?:ce|t|cy)\b", 0.85),
        (r"\bclarity of (?:the )?objectives?\b", 0.85),
        (r"\bobjectives?\b.*\bclear\b", 0.75),
        (r"\bpertinen(?:ce|t|te|cia)\b", 0.85),
        (r"\bclarte des objectifs\b", 0.85),
        (r"\bobjectifs?\b.*\bclairs?\b", 0.75),
        (r"\brelevan(?:cia|te)\b", 0.85),
        (r"\bclaridad de (?:los )?objetivos\b", 0.85),
        (r"\bobjetivos?\b.*\bclaros?\b", 0.75),
    ),
    "quality": (
        (r"\bquality\b", 0.6),
        (
            r"\bquality of (?:the )?(?:presentations?|discussions?|speakers?|presenters?|content|"
            r"sessions?|panels?|panelists?|interventions?|materials?|debates?)\b",
            0.95,
        ),
        (r"\b(?:presentations?|speakers?|presenters?|panelists?)\b", 0.55),
        (r"\bqualite\b", 0.6),
        (
            r"\bqualite des (?:presentations?|interventions?|debats?|discussions?|exposes?|"
            r"intervenants?|echanges?|contenus?)\b",
            0.95,
        ),
        (r"\b(?:presentations|exposes|intervenants|debats)\b", 0.55),
        (r"\bcalidad\b", 0.6),
        (
            r"\bcalidad de (?:las |los )?(?:presentaciones|ponencias|ponentes|discusiones|"
            r"debates|exposiciones|intervenciones|contenidos?)\b",
            0.95,
        ),
        (r"\b(?:presentaciones|ponencias|ponentes|exposiciones)\b", 0.55),
    ),
    "likely_to_apply": (
        (r"\bapply\b", 0.8),
        (r"\b(?:likely|likelihood)\b.*\b(?:apply|use|put|implement)\b", 0.95),
        (r"\bput (?:it |them |this |these |that )?into practice\b", 0.85),
        (r"\buse what you (?:have )?learn", 0.85),
        # The verb as questions conjugate it, not only the infinitive: "Appliquerez-vous ... ?",
        # "¿Qué tan probable es que aplique ...?", "¿Aplicará ...?" ("aplica" alone is left out:
        # "¿Se aplica a su trabajo?" asks about relevance).
        (r"\bappliqu(?:er|erez|eriez|iez)\b", 0.85),
        (r"\b(?:mettre|mettrez|mettriez|mettiez)(?: vous)? en (?:pratique|oeuvre)\b", 0.85),
        (r"\bapli(?:car|cara|caria|care|que|quen)\b", 0.85),
        (r"\bponer en practica\b", 0.85),
        (r"\b(?:utilizar|usar|utilice|use) lo aprendido\b", 0.85),
        (r"\blo aprendido\b", 0.6),
    ),
    "difficulties": (
        (r"\bdifficult(?:y|ies)\b", 0.85),
        (
            r"\b(?:technical|logistical|logistic|connection|connectivity|audio) "
            r"(?:problems?|issues?|difficult)",
            0.95,
        ),
        (r"\b(?:problems?|issues?)\b", 0.4),
        (r"\bdifficultes?\b", 0.85),
        (r"\bproblemes? (?:techniques?|logistiques?|de connexion)\b", 0.95),
        (r"\bproblemes?\b", 0.4),
        (r"\bdificultad(?:es)?\b", 0.85),
        (r"\bproblemas? (?:tecnicos?|logisticos?|de conexion)\b", 0.95),
        (r"\bproblemas?\b", 0.4),
    ),
    "most_useful": (
        (r"\bmost (?:useful|valuable|helpful|interesting|beneficial)\b", 0.95),
        (r"\bwhat did you (?:like|appreciate|value|enjoy) (?:the )?(?:most|best)\b", 0.9),
        (r"\b(?:main|key) takeaways?\b", 0.8),
        (r"\b(?:highlights?|best aspects?)\b", 0.7),
        (r"\ble plus (?:utile|interessant|apprecie|precieux|benefique)\b", 0.95),
        (r"\b(?:le )?plus apprecie\b", 0.9),
        (r"\bmas (?:util|valioso|interesante|provechoso)\b", 0.95),
        (r"\blo que mas (?:le |te )?(?:gusto|sirvio)\b", 0.9),
    ),
    "improvements": (
        (r"\bimprove(?:d|ment|ments)?\b", 0.9),
        (r"\bsuggestions?\b", 0.6),
        (r"\b(?:could|can) (?:have )?be(?:en)? (?:done )?better\b", 0.85),
        (r"\bwhat would you change\b", 0.85),
        (r"\bameliore[rsz]?\b|\bameliorations?\b", 0.9),
        (r"\bmejor(?:ar|as?|ado|arse)\b", 0.9),
        (r"\bsugerencias?\b", 0.6),
    ),
    "future_themes": (
        (r"\b(?:themes?|topics?|subjects?)\b.*\bfuture\b", 0.9),
        (r"\bfuture\b.*\b(?:themes?|topics?|subjects?)\b", 0.9),
        (r"\bfuture\b", 0.45),
        (r"\b(?:themes?|topics?|subjects?)\b.*\bnext\b", 0.8),
        (r"\bwould you like (?:us )?to (?:see|cover|discuss|be covered)\b", 0.7),
        (
            r"\b(?:themes?|sujets?|thematiques?)\b.*\b(?:futur(?:s|e|es)?|prochaine?s?|avenir)\b",
            0.9,
        ),
        (r"\bfutur(?:s|e|es)? (?:themes?|sujets?|thematiques?)\b", 0.9),
        (r"\b(?:temas?|topicos?)\b.*\b(?:futur[oa]s?|proxim[oa]s?)\b", 0.9),
        (r"\bfutur[oa]s? (?:temas?|topicos?)\b", 0.9),
        (r"\bfutur(?:s|es|o|a|os|as)\b", 0.45),
    ),
    "support_interest": (
        (
            r"\binterest(?:ed)?\b.*\b(?:support|assistance|capacity|training|cooperation|"
            r"follow up|advisory)\b",
            0.9,
        ),
        (r"\bcapacity (?:development|building)\b", 0.7),
        (r"\btechnical assistance\b", 0.8),
        (
            r"\binteresse(?:e|s|es)?\b.*\b(?:appui|soutien|assistance|accompagnement|renforcement)\b",
            0.9,
        ),
        (r"\brenforcement des capacites\b", 0.7),
        (r"\bassistance technique\b", 0.8),
        (r"\bappui\b", 0.45),
        (
            r"\binteresad[oa]s?\b.*\b(?:apoyo|asistencia|fortalecimiento|desarrollo de capacidades|"
            r"cooperacion)\b",
            0.9,
        ),
        (r"\b(?:fortalecimiento|desarrollo) de (?:las )?capacidades\b", 0.7),
        (r"\basistencia tecnica\b", 0.8),
        (r"\bapoyo\b", 0.45),
    ),
    "other_comments": (
        (
            r"\b(?:other|additional|further|final|general|overall|any) (?:comments?|remarks?|"
            r"feedback|observations?)\b",
            0.95,
        ),
        (r"\banything else\b", 0.85),
        # Not "comment" alone: in French it means "how" ("Comment évaluez-vous ...").
        (r"\b(?:comments|remarks?)\b|^comment$", 0.6),
        (r"\bfeedback\b", 0.4),
        (r"\bautres? (?:commentaires?|remarques?|observations?)\b", 0.95),
        (r"\bcommentaires? (?:supplementaires?|additionnels?|generaux|finaux)\b", 0.95),
        (r"\b(?:commentaires?|remarques?)\b", 0.6),
        (r"\bautre chose\b", 0.7),
        # German, Portuguese and Italian, as their Sheets and forms head a comment box.
        (r"\b(?:kommentare?|anmerkungen|bemerkungen|comentarios|observacoes|commenti)\b", 0.6),
        (r"\botros? (?:comentarios?|observaciones?)\b", 0.95),
        (r"\bcomentarios? (?:adicionales?|finales?|generales?)\b", 0.95),
        (r"\b(?:comentarios?|observaciones?)\b", 0.6),
        (r"\balgo mas\b", 0.7),
    ),
}

_COMPILED_INDICATOR_PATTERNS: dict[str, tuple[tuple[re.Pattern[str], float], ...]] = {
    indicator: tuple((re.compile(pattern), weight) for pattern, weight in patterns)
    for indicator, patterns in INDICATOR_PATTERNS.items()
}

_YES_WORDS = frozenset({"yes", "y", "oui", "si", "true"})
_NO_WORDS = frozenset({"no", "n", "non", "false"})

# --- Text helpers ---


def normalize_label(text: str) -> str:
    """The text lower-cased, without accents, punctuation turned into single spaces, trimmed.

    Used wherever answers or headers are compared, so "Très bien !" equals "tres bien".
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    # Ligatures do not decompose: "œuvre" must read as "oeuvre".
    decomposed = decomposed.replace("œ", "oe").replace("æ", "ae")
    without_accents = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[\W_]+", " ", without_accents).split())


def _answer_text(raw: object) -> str | None:
    """The answer as trimmed text, or None when it is blank.

    Exports read through pandas give NaN for empty cells and numbers for numeric cells, so those
    are accepted too.
    """
    if raw is None:
        return None
    if isinstance(raw, float) and math.isnan(raw):
        return None
    text = str(raw).strip()
    return text or None


def _format_number(number: float) -> str:
    """A number as a user would write it: 7, not 7.0."""
    return str(int(number)) if float(number).is_integer() else str(number)


# --- Indicators ---


def match_indicator(question_text: str) -> IndicatorMatch | None:
    """Match a question's wording to a canonical indicator, in English, French and Spanish.

    Returns the indicator and a confidence from 0 to 1, or None when no indicator scores at least
    MIN_INDICATOR_CONFIDENCE (no pattern matched, or two indicators match about equally).
    """
    header = normalize_label(question_text)
    if not header:
        return None
    scores: dict[str, float] = {}
    for indicator, patterns in _COMPILED_INDICATOR_PATTERNS.items():
        weights = sorted(
            (weight for pattern, weight in patterns if pattern.search(header)), reverse=True
        )
        if weights:
            scores[indicator] = min(
                1.0, weights[0] + INDICATOR_EXTRA_MATCH_BONUS * (len(weights) - 1)
            )
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    best_indicator, best_score = ranked[0]
    runner_up_score = ranked[1][1] if len(ranked) > 1 else 0.0
    confidence = best_score * (1 - INDICATOR_AMBIGUITY_WEIGHT * (runner_up_score / best_score) ** 2)
    if confidence < MIN_INDICATOR_CONFIDENCE:
        return None
    return IndicatorMatch(best_indicator, round(confidence, 3))


# --- Yes/no and ratings ---


def parse_yes_no(raw: str) -> bool | None:
    """True for Yes/Y/Oui/Sí/Si/True, False for No/N/Non/False, else None.

    Case, accents and punctuation are ignored ("oui.", "SÍ").
    """
    word = normalize_label(raw)
    if word in _YES_WORDS:
        return True
    if word in _NO_WORDS:
        return False
    return None


@dataclass(frozen=True)
class _RatingParts:
    """An answer split into the number and the label it was written with (either may be absent)."""

    number: int | float | None
    label: str | None


_NUMBER = r"(?P<number>\d+(?:\.\d+)?)"
_HAS_LETTER = r"[^\W\d_]"
# Each form is a number and its separator matched at one end of the answer; the label is the
# rest, checked apart (a letter, no line break, no closing parenthesis in "5 (Excellent)").
# Written as "label anywhere, then number" the patterns backtracked over every split of the
# answer: a 56 KB open answer took 46 s. Matched at one end they are linear in its length.
_NUMBER_ONLY = re.compile(rf"{_NUMBER}")
# "5 - Excellent", "5 = Excellent", "5: Excellent", "5. Excellent", "5) Excellent"
_NUMBER_THEN_LABEL = re.compile(rf"{_NUMBER}\s*(?:[-–—=:)]|\.(?!\d))\s*")
# "5 (Excellent)"
_NUMBER_THEN_PARENTHESIZED = re.compile(rf"{_NUMBER}\s*\(")
# "Excellent (5)"
_PARENTHESIZED_NUMBER_AT_END = re.compile(rf"\(\s*{_NUMBER}\s*\)$")
# "Excellent - 5", "Excellent = 5", "Excellent: 5"
_SEPARATED_NUMBER_AT_END = re.compile(rf"[-–—=:]\s*{_NUMBER}$")
_LETTER = re.compile(_HAS_LETTER)


def _rating_label(text: str) -> str | None:
    """A label as the rating forms accept it: one line holding a letter."""
    return text if "\n" not in text and _LETTER.search(text) else None


def _match_rating_form(text: str) -> tuple[str, str | None] | None:
    """The number and the label of an answer written in one of the rating forms, or None."""
    if _NUMBER_ONLY.fullmatch(text):
        return text, None
    found = _NUMBER_THEN_LABEL.match(text)
    if found and _rating_label(text[found.end() :]):
        return found.group("number"), text[found.end() :]
    found = _NUMBER_THEN_PARENTHESIZED.match(text)
    if found and text.endswith(")"):
        inner = text[found.end() : -1]
        if ")" not in inner and _LETTER.search(inner):
            return found.group("number"), inner
    for form in (_PARENTHESIZED_NUMBER_AT_END, _SEPARATED_NUMBER_AT_END):
        # The earliest place the form matches to the end, as the lazy label of the old
        # pattern found it.
        found = form.search(text)
        if found and _rating_label(text[: found.start()]):
            return found.group("number"), text[: found.start()]
    return None


def _to_number(text: str) -> int | float:
    """An int for whole numbers ("5", "5.0"), else a float."""
    number = float(text)
    return int(number) if number.is_integer() else number


def _split_rating(raw: str) -> _RatingParts | None:
    """The number and label an answer is written with, or None when it has neither.

    A text without digits is a label candidate; whether it is a known label is decided later.
    """
    text = raw.strip()
    found = _match_rating_form(text)
    if found:
        number, label = found
        return _RatingParts(_to_number(number), label.strip() if label else None)
    if re.search(_HAS_LETTER, text) and not re.search(r"\d", text):
        return _RatingParts(None, text)
    return None


def _known_scale_of(label: str) -> tuple[RatingScale, int] | None:
    """The first known scale a label belongs to, with its value there."""
    for scale in RATING_SCALES:
        value = scale.value_of(label)
        if value is not None:
            return scale, value
    return None


def parse_rating(raw: str) -> tuple[int | float, str | None] | None:
    """Read an answer as a rating: its number, and its label when it has one.

    "5" gives (5, None); "5 - Excellent", "5 = Excellent", "Excellent (5)" give (5, 'Excellent');
    a bare label of a known scale ("Excellent", "très bien") gives its value and the scale's label;
    "4.5" gives (4.5, None). Anything else (an unknown label, a sentence) gives None.
    """
    parts = _split_rating(raw)
    if parts is None:
        return None
    if parts.number is None:
        known = _known_scale_of(parts.label or "")
        if known is None:
            return None
        scale, value = known
        return value, scale.labels[value]
    if parts.label is None:
        return parts.number, None
    # A label matching a known scale at the same value is reported in that scale's spelling.
    for scale in RATING_SCALES:
        if scale.value_of(parts.label) == parts.number:
            return parts.number, scale.labels[parts.number]
    return parts.number, parts.label


# --- Answers that are no point of a scale ---

# "Not applicable", "I don't know", "Prefer not to say" (normalized, see normalize_label): an
# answer, counted apart, but no point of a rating scale nor a number, so never in a mean or its n.
# Tools write them with a code too ("Not applicable (8)", "99 - Don't know"); the code is no value.
SET_APART_ANSWERS = frozenset(
    {
        "not applicable",
        "n a",
        "na",
        "i don t know",
        "i do not know",
        "don t know",
        "do not know",
        "dont know",
        "prefer not to say",
        "prefer not to answer",
        "i prefer not to say",
        "i prefer not to answer",
        "no answer",
        "no opinion",
        "not sure",
        "unsure",
        "cannot say",
        "can t say",
        "does not apply",
        "sans objet",
        "non applicable",
        "ne s applique pas",
        "ne sais pas",
        "je ne sais pas",
        "sans opinion",
        "je prefere ne pas repondre",
        "prefere ne pas repondre",
        "ne se prononce pas",
        "no aplica",
        "no corresponde",
        "no se",
        "no sabe",
        "no sabe no responde",
        "ns nc",
        "prefiero no responder",
        "prefiero no decirlo",
        "sin opinion",
        "weiss nicht",
        "keine angabe",
        "nicht zutreffend",
        "trifft nicht zu",
        "nao sei",
        "nao se aplica",
        "prefiro nao responder",
        "sem opiniao",
        "non so",
        "non applicabile",
        "preferisco non rispondere",
    }
)
_CODED = re.compile(
    r"^\s*(?:\(\s*\d+\s*\)|\d+\s*[-.:=)])?\s*(?P<label>.*?)\s*(?:\(\s*\d+\s*\))?\s*$"
)


def set_apart_label(raw: str) -> str | None:
    """The answer's label when it is "not applicable", "don't know" or the like (its code
    dropped), else None."""
    found = _CODED.match(raw)
    label = found["label"] if found else raw
    return label if normalize_label(label) in SET_APART_ANSWERS else None


# --- Evidence that numbers are ratings ---

# Words that ask for a rating (normalized headers): rate, satisfied, agree, how useful ... A
# number is a rating only with evidence (see infer_question); a count or a code is not.
_RATING_WORDING = re.compile(
    r"\b(?:rate|rating|ratings|satisf\w*|agree\w*|disagree|evaluat\w*|assess\w*|scale|"
    r"how (?:likely|useful|relevant|helpful|valuable|satisfied|well|good|clear|easy|important)|"
    r"to what extent|recommend|score your|"
    r"evalu\w*|not(?:ez|eriez|er)|appreci\w*|echelle|dans quelle mesure|"
    r"calific\w*|valor\w*|puntu\w*|escala|en que medida|"
    r"bewert\w*|zufrieden\w*|avali\w*|satisfeit\w*|valut\w*|soddisfatt\w*)\b"
)
# The net promoter question, in the languages of the rating wording above.
_RECOMMEND_WORDING = re.compile(r"\b(?:recommend\w*|recommand\w*|recomend\w*)\b")
# Scores a tool computes or a quiz gives are measurements, not ratings someone chose.
_NOT_A_RATING_WORDING = re.compile(
    r"\b(?:engagement|attention|quiz|test|exam|total|points?|poll)\b.*\bscore\b|"
    r"\bscore\b.*\b(?:total|points?)\b|\bgrade\b"
)
# Counts, ages, amounts and ranks: numbers, whatever their range.
_COUNT_WORDING = re.compile(
    r"\b(?:how many|how much|how old|number of|no of|amount of|age|in years|rank\w*|"
    r"order of|priorit\w*|percent\w*|combien|nombre de|classe[rz]|ordre de|cuant[oa]s|"
    r"numero de|edad|clasifique|years?|months?|weeks?|days?|hours?|minutes?|times|size|"
    r"count|total|annees?|mois|jours?|heures?|anos|meses|dias|horas)\b"
)
# Numbers naming a place are codes: "Which district?" answered 3, 7, 8.
_PLACE_WORDING = re.compile(
    r"\b(?:district|region|province|ward|zone|county|commune|municipality|state|departement|"
    r"distrito|provincia|municipio|comuna)s?\b"
)
_QUESTION_OPENING = re.compile(
    r"^(?:how|what|which|to what|please|overall|in general|would|did|was|were|do|does|is|are|"
    r"comment|quel\w*|dans quelle|veuillez|como|cual\w*|que|en que|por favor)\b"
)
# A numeric column named like this is an identifier (a respondent number, a district code).
_IDENTIFIER_HEADER = re.compile(
    r"^(?:id|ids|identifier|uuid|code|index|no|nr|num|number|ref|reference|key|record)$|"
    r"\b(?:id|identifier|uuid|code|number|num|numero|codigo|zip|postcode|postal code|"
    r"phone|telephone|telefono)$"
)
# The most distinct whole numbers a rating without stated scale can show: 0-10 has eleven.
MAX_RATING_POINTS = 11


# A heading that is only a question's code (LimeSurvey's `Q1`, `G2Q3[SQ001]`, Kobo's `q_5`):
# it says nothing against the answers being ratings.
_QUESTION_CODE = re.compile(r"^[A-Za-z]{0,6}[_]?\d+[A-Za-z0-9_]*(?:\[[^\]]*\])?$")


# A statement rated for agreement ("The venue was comfortable") is a sentence: this many words.
MIN_STATEMENT_WORDS = 3


def _is_question_like(header: str) -> bool:
    """A header that asks something ("How ...?", "Please rate", "¿Cómo ...?"), states something
    to rate (a sentence of a few words), or is only a question's code."""
    text = header.strip()
    key = normalize_label(text)
    return (
        text.endswith("?")
        or text.startswith("¿")
        or bool(_QUESTION_OPENING.search(key))
        or bool(_QUESTION_CODE.match(text))
        or len(key.split()) >= MIN_STATEMENT_WORDS
    )


def _numbers_are_ratings(header: str, numbers: Sequence[int | float]) -> bool:
    """Whether bare numbers on this header read as ratings (no scale stated, no labels, no
    rating indicator): rating wording, or a small closed set of whole numbers from 0 to 10
    (not only 1 and 2, a yes/no coded) under a question-like header that asks for no count
    and names no place (a district, a region: codes)."""
    key = normalize_label(_QUESTION_NUMBER.sub("", header))
    if _NOT_A_RATING_WORDING.search(key):
        return False
    if _RATING_WORDING.search(key):
        return True
    if _COUNT_WORDING.search(key) or _PLACE_WORDING.search(key):
        return False
    distinct = set(numbers)
    return (
        _is_question_like(header)
        and all(float(number).is_integer() for number in distinct)
        and 1 <= len(distinct) <= MAX_RATING_POINTS
        and (len(distinct) >= 3 or max(distinct) >= 3)
        and min(distinct) >= 0
        and max(distinct) <= MAX_INFERRED_SCALE_TOP
    )


_PLAIN_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^[+-]?\d+,\d{1,2}$")


def parse_number(raw: str) -> float | None:
    """A number as people and tools write it ("12", "4.5", "1,200", "3,5"), else None."""
    text = raw.strip()
    if not _PLAIN_NUMBER.match(text):
        return None
    if "," in text and "." not in text and re.match(r"^[+-]?\d+,\d{1,2}$", text):
        return float(text.replace(",", "."))
    return float(text.replace(",", ""))


def is_identifier_header(header: str) -> bool:
    """True for a header naming an identifier ("Respondent ID", "District code", "No.")."""
    return bool(_IDENTIFIER_HEADER.search(normalize_label(header)))


# --- Scales stated in headers ---


@dataclass(frozen=True)
class _StatedScale:
    """A scale a header states: its bounds, and the anchor labels it names ("1 = poor")."""

    low: int
    high: int
    labels: dict[int, str]


# The lowest point of a stated scale is 0 or 1 and the highest 3..10: other number pairs in a
# header ("sessions 2-4", "2023-2024") are not scales.
_RANGE_SEPARATOR = r"\s*(?:-|–|—|to|through|and|à|a|al|et|y|hasta)\s*"
_STATED_RANGE = re.compile(
    rf"(?<![\d.])(?P<low>[01]){_RANGE_SEPARATOR}(?P<high>10|[3-9])(?![\d.])", re.IGNORECASE
)
_STATED_OUT_OF = re.compile(r"\b(?:out of|sur)\s+(?P<high>10|5)(?![\d.])", re.IGNORECASE)
_STATED_RANGE_WITH_LABELS = re.compile(
    rf"(?<![\d.])(?P<low>[01])\s*\((?P<low_label>[^)]*)\){_RANGE_SEPARATOR}"
    r"(?P<high>10|[3-9])\s*\((?P<high_label>[^)]*)\)",
    re.IGNORECASE,
)
# "1 = poor", "5: excellent", and "1 - Extremely simple" with spaces around the dash (a range
# "1-5" has none; a form's description lists its anchors one a line this way).
_STATED_ANCHOR = re.compile(
    r"(?<![\d.])(?P<value>10|\d)(?:\s*[=:]\s*|\s+[-–—]\s+)"
    r"(?P<label>[^\W\d_][^\d,;()=:/\-–—.?!¿¡]*)"
)
# "Q3:" or "2." opening a header numbers the question; it is no "3: poor" anchor.
_QUESTION_NUMBER = re.compile(r"^\s*(?:q(?:uestion)?\s*)?\d+\s*[.:)\-]\s*", re.IGNORECASE)
_TRAILING_CONNECTORS = re.compile(r"\s+(?:and|to|et|à|a|y|al|through|hasta)\s*$", re.IGNORECASE)


def _tidy_anchor_label(label: str) -> str:
    """An anchor label without the connector word that ran into it, first letter capitalized."""
    label = _TRAILING_CONNECTORS.sub("", label.strip()).strip(" .")
    return label[:1].upper() + label[1:]


def _scale_stated_in(header: str) -> _StatedScale | None:
    """The scale a header states: "(1-5)", "on a scale of 1 to 10", "1 = poor, 5 = excellent"..."""
    header = _QUESTION_NUMBER.sub("", header)
    with_labels = _STATED_RANGE_WITH_LABELS.search(header)
    if with_labels:
        low, high = int(with_labels["low"]), int(with_labels["high"])
        labels = {
            low: _tidy_anchor_label(with_labels["low_label"]),
            high: _tidy_anchor_label(with_labels["high_label"]),
        }
        return _StatedScale(low, high, labels)
    anchors = {
        int(found["value"]): _tidy_anchor_label(found["label"])
        for found in _STATED_ANCHOR.finditer(header)
    }
    anchors = {value: label for value, label in anchors.items() if label}
    stated_range = _STATED_RANGE.search(header)
    if stated_range:
        low, high = int(stated_range["low"]), int(stated_range["high"])
        return _StatedScale(
            low, high, {value: label for value, label in anchors.items() if low <= value <= high}
        )
    if len(anchors) >= 2 and min(anchors) in (0, 1) and 3 <= max(anchors) <= MAX_INFERRED_SCALE_TOP:
        return _StatedScale(min(anchors), max(anchors), anchors)
    out_of = _STATED_OUT_OF.search(header)
    if out_of:
        return _StatedScale(1, int(out_of["high"]), {})
    return None


def stated_scale(header: str) -> tuple[int, int] | None:
    """The (low, high) scale a header states ("(1-5)", "1 = poor ... 5 = excellent"), else None."""
    stated = _scale_stated_in(header)
    return None if stated is None else (stated.low, stated.high)


# --- Reading a column as ratings ---


@dataclass(frozen=True)
class _RatingReading:
    """How a column reads as a rating: scale bounds, labels and the known scale's name."""

    low: int
    high: int
    labels: dict[int, str]
    scale_name: str
    note: str | None = None


def _known_scale_covering(
    labelled: Sequence[_RatingParts], scale_name: str | None = None
) -> RatingScale | None:
    """The known scale that best holds every label, at the number written beside it if any.

    Several scales may hold the labels given ("Very good" and "Good" are on Excellent ... Poor
    and on Very good ... Very bad): the one whose points the answers use most wins, then the
    one whose top or bottom point they reach, so two labels are not read as the middle of a
    scale they do not use."""
    if not labelled:
        return None
    # Each distinct label normalized once, not once per answer and scale: an open answer can
    # be 100,000 characters, and a column repeats a few labels thousands of times.
    written = {(parts.label or "", parts.number) for parts in labelled}
    normalized = {(normalize_label(label), number) for label, number in written}
    best: tuple[tuple[float, int, int], RatingScale] | None = None
    for order, scale in enumerate(RATING_SCALES):
        if scale_name is not None and scale.name != scale_name:
            continue  # the analyst chose the scale
        by_label = _values_by_normalized_label(scale)
        values = [by_label.get(label) for label, _ in normalized]
        if not all(
            value is not None and (number is None or number == value)
            for (_, number), value in zip(normalized, values, strict=True)
        ):
            continue
        used = set(values)
        ends = sum(1 for end in (min(scale.labels), max(scale.labels)) if end in used)
        score = (len(used) / len(scale.labels), ends, -order)
        if best is None or score > best[0]:
            best = (score, scale)
    return best[1] if best else None


def _scale_note(scale: RatingScale, labelled: Sequence[_RatingParts]) -> str | None:
    """Which scale was assumed, when the answers use only some of its labels."""
    used = {scale.value_of(label) for label in {parts.label or "" for parts in labelled}}
    if len(used) >= len(scale.labels):
        return None
    points = scale.labels
    return (
        f"assumed the scale {points[max(points)]} ... {points[min(points)]} "
        f"('{scale.name}', {len(points)} points): the answers use {len(used)} of its labels"
    )


def _bounds_from_numbers(
    numbers: Sequence[int | float], labelled_top: int | None = None
) -> tuple[int, int] | None:
    """The scale numbers alone suggest: 1-5, 1-7 (when a label is written beside 6 or 7),
    1-10 or 0-10; None when they look like no rating (fractions, outside 0..10)."""
    if not numbers:
        return None
    if any(not float(number).is_integer() for number in numbers):
        return None
    lowest, highest = min(numbers), max(numbers)
    if lowest < 0 or highest > MAX_INFERRED_SCALE_TOP:
        return None
    if lowest >= 1 and labelled_top in (6, 7) and highest <= 7:
        return 1, 7
    if lowest >= 1 and highest <= 5:
        return 1, 5
    if lowest >= 1:
        return 1, MAX_INFERRED_SCALE_TOP
    return 0, MAX_INFERRED_SCALE_TOP


def _read_as_rating(
    header: str,
    answers: Sequence[str],
    stated: _StatedScale | None,
    indicator: str | None,
    scale: tuple[int, int] | None,
    *,
    must_fit: bool,
    scale_name: str | None = None,
) -> _RatingReading | None:
    """Read the answers (those set apart removed) as ratings (see the module docstring, rule 5).

    With ``must_fit`` the result is None when the answers are not ratings: a label on no known
    scale, a fraction, a number outside the scale, or bare numbers with no evidence of a rating.
    Without it (the caller said the question is a rating) the best scale is returned anyway,
    falling back to 1-5.
    """
    all_parts = [_split_rating(answer) for answer in answers]
    if must_fit and any(parts is None for parts in all_parts):
        return None
    parts_read = [parts for parts in all_parts if parts is not None]
    labelled = [parts for parts in parts_read if parts.label is not None]
    label_only = [parts for parts in labelled if parts.number is None]
    known = _known_scale_covering(labelled, scale_name)
    if must_fit and label_only and known is None:
        return None

    if known is not None:
        low, high = scale or (min(known.labels), max(known.labels))
        numbers = [parts.number for parts in parts_read if parts.number is not None]
        if must_fit and not all(float(n).is_integer() and low <= n <= high for n in numbers):
            return None  # a number the labelled scale cannot hold: not this scale's answers
        return _RatingReading(low, high, known.labels, known.name, _scale_note(known, labelled))

    custom_labels: dict[int, str] = {}
    for parts in labelled:
        if parts.number is not None and float(parts.number).is_integer():
            custom_labels.setdefault(int(parts.number), parts.label or "")
    if not custom_labels and stated is not None:
        custom_labels = dict(stated.labels)

    numbers = [parts.number for parts in parts_read if parts.number is not None]
    # Bare numbers: a rating only with evidence; else a number question or an identifier.
    bare_numbers = must_fit and not labelled and scale is None and stated is None
    if (
        bare_numbers
        and indicator not in RATING_INDICATORS
        and not _numbers_are_ratings(header, numbers)
    ):
        return None
    if scale is not None:
        bounds: tuple[int, int] | None = scale
    elif stated is not None:
        bounds = (stated.low, stated.high)
    else:
        bounds = _bounds_from_numbers(numbers, max(custom_labels) if custom_labels else None)
        if bounds == (1, MAX_INFERRED_SCALE_TOP) and _RECOMMEND_WORDING.search(
            normalize_label(header)
        ):
            # "How likely are you to recommend ...?" is asked from 0 to 10 (the net promoter
            # question) in every tool: a file where nobody answered 0 still has that scale.
            bounds = (0, MAX_INFERRED_SCALE_TOP)
        if bounds is None and not numbers and indicator in RATING_INDICATORS:
            bounds = DEFAULT_RATING_SCALE
    if must_fit and bounds is not None:
        low, high = bounds
        fits = all(float(n).is_integer() and low <= n <= high for n in numbers)
        if not fits:
            return None  # a number the scale cannot hold: the column is numbers, not ratings
    if bounds is None:
        if must_fit:
            return None
        bounds = DEFAULT_RATING_SCALE
    low, high = bounds
    return _RatingReading(
        low, high, dict(sorted(custom_labels.items(), reverse=True)), NUMERIC_SCALE_NAME
    )


# --- Choices ---


def _distinct_in_first_seen_order(values: Sequence[str]) -> tuple[list[str], dict[str, int]]:
    """Distinct values (compared with normalize_label) in first-seen spelling, with their counts."""
    spelling: dict[str, str] = {}
    counts: dict[str, int] = {}
    for value in values:
        key = normalize_label(value) or value
        spelling.setdefault(key, value)
        counts[key] = counts.get(key, 0) + 1
    return list(spelling.values()), {spelling[key]: count for key, count in counts.items()}


# What closes every checkbox answer of a Microsoft Forms export ("Monday;Tuesday;"), and of the
# answers a tool reader builds from a checkbox question's own columns (Kobo's option columns,
# LimeSurvey's Y columns, SurveyMonkey's option columns): rule 7.
CHECKBOX_TERMINATOR = ";"


def _choice_parts(answer: str) -> list[str]:
    """The options ticked in one checkbox answer, "A;B;" giving ["A", "B"], each once."""
    parts = [part.strip() for part in answer.split(";")]
    options, _ = _distinct_in_first_seen_order([part for part in parts if part])
    return options


def _multiple_choice_options(answers: Sequence[str]) -> tuple[str, ...] | None:
    """The options when the answers look like a checkbox export (rule 7), else None."""
    # Every answer closed by ';' is a checkbox export's own mark (rule 7): no repetition is
    # needed as evidence, so a small survey's checkbox question is one too.
    terminated = bool(answers) and all(
        answer.rstrip().endswith(CHECKBOX_TERMINATOR) for answer in answers
    )
    if not terminated and (len(answers) < 2 or not any(";" in answer for answer in answers)):
        return None
    per_answer = [_choice_parts(answer) for answer in answers]
    options, _ = _distinct_in_first_seen_order([part for parts in per_answer for part in parts])
    if not options or len(options) > MAX_MULTIPLE_CHOICE_OPTIONS:
        return None
    if any(len(option) > MAX_CHOICE_OPTION_LENGTH for option in options):
        return None
    if terminated:
        return tuple(options)
    answers_per_option = {normalize_label(option) or option: 0 for option in options}
    for parts in per_answer:
        for part in parts:
            answers_per_option[normalize_label(part) or part] += 1
    repeated = sum(1 for count in answers_per_option.values() if count >= 2)
    if repeated < MIN_REPEATED_OPTION_SHARE * len(options):
        return None
    return tuple(options)


# An answer option's code as LimeSurvey writes it in an "answer codes" export: at most five
# letters and digits (its limit), a letter first and a digit somewhere (`A1`, `AO01`, `S04A1`,
# `S0410`), so that a word ("Yes", "Asia") is never one.
ANSWER_CODE = re.compile(r"^[A-Za-z](?=[A-Za-z0-9]*\d)[A-Za-z0-9]{1,4}$")


# How a reader writes an option known only by its position in the question's list (an export
# saved with "numerical values": `3` is the third option, whatever it said, and its order need
# not run from worst to best): a code of a closed list, never a number nor a point of a scale.
CHOICE_POSITION = re.compile(r"^Choice \d{1,3}$")


def choice_at_position(position: str) -> str:
    """The answer a reader stages for the option at `position` ('3' -> 'Choice 3')."""
    return f"Choice {int(position)}"


def is_answer_code(answer: str) -> bool:
    """Whether an answer is an option's code (`A1`, `AO01`, `Choice 3`), not its text."""
    text = answer.strip()
    return bool(ANSWER_CODE.match(text) or CHOICE_POSITION.match(text))


# The "Other" option of a pick-list as the survey tools write it in the question's own column
# when a respondent chose it and typed their answer elsewhere (SurveyMonkey's and LimeSurvey's
# readers write it so), in the languages the tools are used in. Nobody answers a free-text
# question with the bare word "Other": a column holding it among short labels is a closed list.
OTHER_OPTION_LABELS = frozenset(
    {
        "other",
        "other please specify",
        "others",
        "autre",
        "autres",
        "autre veuillez preciser",
        "otro",
        "otra",
        "otros",
        "otro especifique",
        "otro por favor especifique",
        "outro",
        "outros",
        "altro",
        "sonstiges",
        "andere",
    }
)
# An option a form's author typed is a short label, not a sentence (the options of a pick-list
# shown by its "Other", checkboxes under a free-text wording, a small survey's checkboxes).
MAX_OPTION_WORDS = 6


def _is_short_label(option: str) -> bool:
    """An option as a form's author types it: a few words, no sentence's closing stop."""
    return len(option.split()) <= MAX_OPTION_WORDS and option.strip()[-1:] not in (".", "!", "?")


def is_other_option(answer: str) -> bool:
    """Whether an answer is a pick-list's "Other" option (see OTHER_OPTION_LABELS)."""
    return normalize_label(answer) in OTHER_OPTION_LABELS


def _single_choice_options(answers: Sequence[str]) -> tuple[str, ...] | None:
    """The options when the answers look like a pick-list (rule 8), else None."""
    options, counts = _distinct_in_first_seen_order(answers)
    if not options or len(options) > MAX_CHOICE_OPTIONS:
        return None
    if any(len(option) > MAX_CHOICE_OPTION_LENGTH for option in options):
        return None
    every_option_repeated = all(count >= 2 for count in counts.values())
    few_options_for_the_answers = len(answers) >= MIN_ANSWERS_PER_OPTION * len(options)
    codes_of_a_closed_list = all(is_answer_code(answer) for answer in answers)
    a_list_with_its_other = (
        len(options) >= 2
        and any(is_other_option(option) for option in options)
        and all(_is_short_label(option) for option in options)
    )
    if (
        every_option_repeated
        or few_options_for_the_answers
        or codes_of_a_closed_list
        or a_list_with_its_other
    ):
        return tuple(options)
    return None


# --- Questions ---


# Under a free-text wording, labels of a known scale make a rating when the answers show at
# least this many different points (or carry the tool's codes, "Agree (6)"): a comment box
# whose every answer is "Good" says nothing of a scale.
MIN_SCALE_POINTS_UNDER_A_FREE_TEXT_WORDING = 3


def _kind_shown_by_closed_answers(
    answers: Sequence[str], rating: _RatingReading | None
) -> str | None:
    """'rating' or 'multiple_choice' when the answers of a question worded like a free-text
    indicator ("Which topics were most useful?", "The workshop improved my skills") are what
    no one writes in a comment box: every answer a label of one scale, with its code ("Agree
    (6)") or over several points; or checkbox answers (rule 7) whose options are short labels.
    None when they read as text."""
    if not answers:
        return None
    if rating is not None:
        parts = [_split_rating(answer) for answer in answers]
        if all(part is not None and part.label is not None for part in parts):
            coded = any(part.number is not None for part in parts)
            points = {normalize_label(part.label) for part in parts}
            if coded or len(points) >= MIN_SCALE_POINTS_UNDER_A_FREE_TEXT_WORDING:
                return "rating"
        return None
    options = _multiple_choice_options(answers)
    if options is not None and all(_is_short_label(option) for option in options):
        return "multiple_choice"
    return None


def _infer_kind(
    header: str,
    answers: Sequence[str],
    indicator: str | None,
    rating: _RatingReading | None,
    stated: _StatedScale | None,
    scale: tuple[int, int] | None,
) -> str:
    """The kind of a question from its answers (rules 2-8 of the module docstring); the
    answers set apart ("N/A", "I don't know") are already removed."""
    if indicator in TEXT_INDICATORS:
        return _kind_shown_by_closed_answers(answers, rating) or "text"
    if not answers:
        if indicator is not None:
            return CANONICAL_INDICATORS[indicator]
        return "rating" if stated is not None or scale is not None else "text"
    if all(parse_yes_no(answer) is not None for answer in answers):
        return "yes_no"
    if rating is not None:
        return "rating"
    if all(parse_number(answer) is not None for answer in answers):
        return IDENTIFIER if is_identifier_header(header) else "number"
    if _multiple_choice_options(answers) is not None:
        return "multiple_choice"
    if _single_choice_options(answers) is not None:
        return "single_choice"
    return "text"


def infer_question(
    text: str,
    answers: Sequence[str | None],
    kind: str | None = None,
    scale: tuple[int, int] | None = None,
    scale_name: str | None = None,
) -> QuestionSpec:
    """Say what a survey column asks: its kind, scale, labels, options and indicator.

    Reads the header ``text`` and the non-blank ``answers`` (blank = None, '' or whitespace). A
    given ``kind`` overrides inference; a given ``scale`` (low, high) overrides the rating scale.
    A given ``scale_name`` (one of ``RATING_SCALES``' names: 'quality', 'goodness', ...) is the
    labelled scale the analyst chose where the labels fit several. The rules are listed in the
    module docstring. Raises ValueError for an unknown kind, scale name or an empty scale.
    """
    if scale_name is not None and scale_name not in {s.name for s in RATING_SCALES}:
        raise ValueError(
            f"unknown scale {scale_name!r}; expected one of "
            f"{', '.join(sorted({s.name for s in RATING_SCALES}))}"
        )
    if kind is not None and kind not in (*QUESTION_KINDS, IDENTIFIER):
        raise ValueError(
            f"unknown question kind {kind!r}; expected one of {', '.join(QUESTION_KINDS)}"
        )
    if scale is not None and scale[0] >= scale[1]:
        raise ValueError(
            f"scale {scale[0]}-{scale[1]} has no points: its low end must be below its high end"
        )
    given = [answer for answer in (_answer_text(raw) for raw in answers) if answer is not None]
    # "N/A", "I don't know": answers, but no point of a scale nor a number (see parse_answer).
    # A column of nothing else is whatever the rest says; one of only those is text.
    scored = [answer for answer in given if set_apart_label(answer) is None] if given else []
    if given and not scored:
        scored = given
    match = match_indicator(text)
    indicator = match.indicator if match else None
    deciding_indicator = (
        indicator if match and match.confidence >= INDICATOR_KIND_MIN_CONFIDENCE else None
    )
    stated = _scale_stated_in(text)

    rating = _read_as_rating(
        text, scored, stated, deciding_indicator, scale, must_fit=True, scale_name=scale_name
    )
    if kind is None:
        kind = _infer_kind(text, scored, deciding_indicator, rating, stated, scale)
        if deciding_indicator in TEXT_INDICATORS and kind != "text":
            # Checkboxes or a scale under a free-text wording: not that indicator's open
            # answers, nor compared with them across events.
            match = indicator = None

    scale_min: int | None = None
    scale_max: int | None = None
    labels: dict[int, str] = {}
    options: tuple[str, ...] = ()
    scale_name: str | None = None
    scale_note: str | None = None
    if kind == "rating":
        rating = rating or _read_as_rating(
            text, scored, stated, deciding_indicator, scale, must_fit=False, scale_name=scale_name
        )
        assert rating is not None  # without must_fit a reading always comes back
        scale_min, scale_max, labels, scale_name, scale_note = (
            rating.low,
            rating.high,
            rating.labels,
            rating.scale_name,
            rating.note,
        )
    elif kind == "multiple_choice":
        options = _multiple_choice_options(given) or tuple(
            _distinct_in_first_seen_order(
                [part for answer in given for part in _choice_parts(answer)]
            )[0]
        )
    elif kind == "single_choice":
        options = tuple(_distinct_in_first_seen_order(given)[0])

    return QuestionSpec(
        text=text,
        kind=kind,
        scale_min=scale_min,
        scale_max=scale_max,
        labels=labels,
        options=options,
        indicator=indicator,
        indicator_confidence=match.confidence if match else None,
        scale_name=scale_name,
        scale_note=scale_note,
    )


# --- Answers ---


def _scale_text(spec: QuestionSpec) -> str:
    return f"{spec.scale_min}-{spec.scale_max}"


def _value_of_label(spec: QuestionSpec, label: str) -> int | None:
    """The value a bare label stands for on the question's scale, or None when it is not on it."""
    wanted = normalize_label(label)
    for value, known in spec.labels.items():
        if normalize_label(known) == wanted:
            return value
    # A known scale agreeing with every label the question has (or any known scale for a plain
    # 1-5 question) reads the label too, with its synonyms ("Neither likely nor unlikely").
    if not spec.labels and (spec.scale_min, spec.scale_max) != (1, 5):
        return None
    for scale in RATING_SCALES:
        if all(scale.value_of(known) == value for value, known in spec.labels.items()):
            value = scale.value_of(label)
            if value is not None:
                return value
    return None


def _parse_rating_answer(spec: QuestionSpec, raw: str) -> ParsedAnswer:
    """A rating answer checked against its question's scale and labels."""
    parts = _split_rating(raw)
    if parts is None:
        raise AnswerError(f"{raw!r} is not a rating on the scale {_scale_text(spec)}")
    if parts.number is None:
        value = _value_of_label(spec, parts.label or "")
        if value is None:
            known = ", ".join(spec.labels.values())
            on_scale = f" ({known})" if known else ""
            raise AnswerError(
                f"{raw!r} is not a label on this question's scale {_scale_text(spec)}{on_scale}"
            )
        number: int | float = value
    else:
        number = parts.number
    if not float(number).is_integer():
        raise AnswerError(
            f"rating {_format_number(number)} is not a whole number "
            f"on the scale {_scale_text(spec)}"
        )
    number = int(number)
    if (
        spec.scale_min is not None
        and spec.scale_max is not None
        and not spec.scale_min <= number <= spec.scale_max
    ):
        raise AnswerError(f"rating {number} is outside the scale {_scale_text(spec)}")
    if parts.number is not None and parts.label is not None:
        labelled_value = _value_of_label(spec, parts.label)
        if labelled_value is not None and labelled_value != number:
            raise AnswerError(
                f"{raw!r} gives {number} but {parts.label!r} is {labelled_value} "
                f"on this question's scale {_scale_text(spec)}"
            )
    label = spec.labels.get(number) or parts.label
    return ParsedAnswer(float(number), label)


def _matching_option(spec: QuestionSpec, answer: str) -> str:
    """The known option an answer is (compared with normalize_label), else the answer as written."""
    wanted = normalize_label(answer)
    for option in spec.options:
        if normalize_label(option) == wanted:
            return option
    return answer


def parse_answer(spec: QuestionSpec, raw: str | None) -> list[ParsedAnswer]:
    """The values one answer stores: [] for blank, one ParsedAnswer per ticked option for
    multiple choice, else one.

    Ratings give their number and label ("Excellent") when known; yes/no give 1.0 "Yes" or 0.0
    "No"; choices give the option in its known spelling; text gives the trimmed text. Choice
    answers outside the known options are kept as written: options are only those seen so far.
    Raises AnswerError when the answer does not fit: a rating outside the scale, a fraction, an
    unknown label, or a yes/no question answered otherwise.
    """
    answer = _answer_text(raw)
    if answer is None:
        return []
    if spec.kind in ("rating", "number", "yes_no"):
        set_apart = set_apart_label(answer)
        if set_apart is not None:
            # Counted apart: a text without a value never enters a mean nor its n.
            return [ParsedAnswer(None, set_apart)]
    if spec.kind == "rating":
        return [_parse_rating_answer(spec, answer)]
    if spec.kind == "number":
        number = parse_number(answer)
        if number is None:
            raise AnswerError(f"{answer!r} is not a number")
        return [ParsedAnswer(number, None)]
    if spec.kind == "yes_no":
        yes = parse_yes_no(answer)
        if yes is None:
            raise AnswerError(f"{answer!r} is not a yes/no answer")
        return [ParsedAnswer(1.0, "Yes") if yes else ParsedAnswer(0.0, "No")]
    if spec.kind == "multiple_choice":
        return [ParsedAnswer(None, _matching_option(spec, part)) for part in _choice_parts(answer)]
    if spec.kind == "single_choice":
        return [ParsedAnswer(None, _matching_option(spec, answer))]
    return [ParsedAnswer(None, answer)]
