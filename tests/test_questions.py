"""Tests for surveydash.questions: question kinds, scales, indicators and answer parsing."""

from __future__ import annotations

import math

import pytest

from surveydash.questions import (
    CANONICAL_INDICATORS,
    INDICATOR_LABELS,
    INDICATOR_PATTERNS,
    MAX_CHOICE_OPTIONS,
    MIN_INDICATOR_CONFIDENCE,
    QUESTION_KINDS,
    RATING_SCALES,
    AnswerError,
    IndicatorMatch,
    ParsedAnswer,
    QuestionSpec,
    infer_question,
    match_indicator,
    normalize_label,
    parse_answer,
    parse_rating,
    parse_yes_no,
)

# --- The canonical indicators ---


def test_every_indicator_has_a_known_kind_a_label_and_patterns():
    assert set(CANONICAL_INDICATORS) == set(INDICATOR_LABELS) == set(INDICATOR_PATTERNS)
    assert set(CANONICAL_INDICATORS.values()) <= set(QUESTION_KINDS)


def test_canonical_indicators_are_measured_with_the_agreed_kinds():
    assert CANONICAL_INDICATORS == {
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


def test_indicator_labels_are_short_human_titles():
    assert INDICATOR_LABELS["overall_rating"] == "Overall rating"
    assert INDICATOR_LABELS["relevance"] == "Relevance of theme and clarity of objectives"
    assert all(label and label[0].isupper() for label in INDICATOR_LABELS.values())


# --- match_indicator ---

QUESTION_BANK_WORDINGS = [
    # overall_rating
    ("How would you rate the Forum overall?", "overall_rating"),
    ("Overall, how satisfied were you with the event?", "overall_rating"),
    ("Overall rating", "overall_rating"),
    ("How would you rate the webinar?", "overall_rating"),
    ("In general, how would you rate this workshop?", "overall_rating"),
    ("How satisfied were you with the webinar?", "overall_rating"),
    ("Overall quality of the event", "overall_rating"),
    ("Évaluation globale", "overall_rating"),
    ("Dans l'ensemble, comment évaluez-vous l'atelier ?", "overall_rating"),
    ("Globalement, comment évaluez-vous le webinaire ?", "overall_rating"),
    ("Appréciation générale de la formation", "overall_rating"),
    ("En general, ¿cómo calificaría el evento?", "overall_rating"),
    ("¿Cómo calificaría el taller?", "overall_rating"),
    ("Evaluación general del seminario", "overall_rating"),
    # relevance
    ("Relevance of the theme and clarity of the objectives", "relevance"),
    ("How relevant was the topic to your work?", "relevance"),
    ("Were the objectives of the session clear?", "relevance"),
    ("Pertinence du thème et clarté des objectifs", "relevance"),
    ("Le sujet était-il pertinent pour votre travail ?", "relevance"),
    ("Relevancia del tema y claridad de los objetivos", "relevance"),
    ("¿Qué tan pertinente fue el tema?", "relevance"),
    # quality
    ("Quality of presentations and discussion", "quality"),
    ("How would you rate the quality of the presentations?", "quality"),
    ("How would you rate the overall quality of the presentations?", "quality"),
    ("Please rate the speakers", "quality"),
    ("Qualité des présentations et des débats", "quality"),
    ("Comment évaluez-vous la qualité des intervenants ?", "quality"),
    ("Calidad de las presentaciones y del debate", "quality"),
    ("¿Cómo valora la calidad de los ponentes?", "quality"),
    # likely_to_apply
    ("How likely are you to apply what you learned?", "likely_to_apply"),
    ("Will you be able to apply the knowledge gained in your work?", "likely_to_apply"),
    ("How likely are you to put this into practice?", "likely_to_apply"),
    ("Dans quelle mesure pensez-vous appliquer les connaissances acquises ?", "likely_to_apply"),
    ("Allez-vous mettre en pratique ce que vous avez appris ?", "likely_to_apply"),
    ("¿Qué tan probable es que aplique lo aprendido?", "likely_to_apply"),
    ("¿Podrá poner en práctica los conocimientos adquiridos?", "likely_to_apply"),
    # difficulties
    ("Did you experience any technical or logistical difficulties?", "difficulties"),
    ("Did you have any technical problems during the webinar?", "difficulties"),
    ("Avez-vous rencontré des difficultés techniques ou logistiques ?", "difficulties"),
    ("¿Tuvo dificultades técnicas o logísticas?", "difficulties"),
    # most_useful
    ("What did you find most useful?", "most_useful"),
    ("What did you like most about the forum?", "most_useful"),
    ("Qu'avez-vous trouvé le plus utile ?", "most_useful"),
    ("¿Qué fue lo más útil del evento?", "most_useful"),
    # improvements
    ("What could be improved?", "improvements"),
    ("Suggestions for improvement", "improvements"),
    ("What could be improved in the overall organization?", "improvements"),
    ("Comment pourrait-on améliorer le webinaire ?", "improvements"),
    ("Que faudrait-il améliorer ?", "improvements"),
    ("¿Qué se podría mejorar?", "improvements"),
    # future_themes
    ("What themes or topics would you suggest for future webinars?", "future_themes"),
    ("Suggested topics for future events", "future_themes"),
    ("Thèmes futurs", "future_themes"),
    ("Quels sujets souhaiteriez-vous voir traités lors des prochains ateliers ?", "future_themes"),
    ("Temas para futuros eventos", "future_themes"),
    ("¿Qué temas le gustaría abordar en próximos webinarios?", "future_themes"),
    # support_interest
    ("Would you be interested in capacity development support?", "support_interest"),
    ("Are you interested in technical assistance from UN DESA?", "support_interest"),
    ("Seriez-vous intéressé par un appui au renforcement des capacités ?", "support_interest"),
    ("¿Estaría interesado en apoyo para el desarrollo de capacidades?", "support_interest"),
    # other_comments
    ("Any other comments", "other_comments"),
    ("Additional comments or feedback", "other_comments"),
    ("Is there anything else you would like to share?", "other_comments"),
    ("Overall comments", "other_comments"),
    ("Autres commentaires", "other_comments"),
    ("Commentaires supplémentaires", "other_comments"),
    ("Otros comentarios", "other_comments"),
    ("Comentarios adicionales", "other_comments"),
]


@pytest.mark.parametrize(("wording", "indicator"), QUESTION_BANK_WORDINGS)
def test_question_wordings_match_their_indicator(wording, indicator):
    match = match_indicator(wording)
    assert match is not None, wording
    assert match.indicator == indicator
    assert MIN_INDICATOR_CONFIDENCE <= match.confidence <= 1


def test_question_bank_covers_many_wordings_in_three_languages():
    assert len(QUESTION_BANK_WORDINGS) >= 40
    assert {indicator for _, indicator in QUESTION_BANK_WORDINGS} == set(CANONICAL_INDICATORS)


@pytest.mark.parametrize(
    "wording",
    [
        "Which country are you from?",
        "Type of organization",
        "Email address",
        "Name",
        "Gender",
        "Position / title",
        "Which sessions did you attend?",
        "How did you hear about this event?",
        "Pays",
        "Type d'organisation",
        "Adresse électronique",
        "País de residencia",
        "Tipo de organización",
        "Correo electrónico",
        "Comment avez-vous entendu parler de l'événement ?",
        "",
        "   ",
    ],
)
def test_profile_questions_match_no_indicator(wording):
    assert match_indicator(wording) is None


@pytest.mark.parametrize(
    "wording",
    [
        "¿Qué tan probable es que aplique lo aprendido en su trabajo?",
        "¿Aplicará los conocimientos adquiridos en su trabajo?",
        "¿Aplicaría lo aprendido en su institución?",
        "Appliquerez-vous les connaissances acquises dans votre travail ?",
        "Dans quelle mesure mettrez-vous en pratique ce que vous avez appris ?",
    ],
)
def test_conjugated_apply_verbs_match_likely_to_apply_clearly(wording):
    # Survey-tool exports ask in the subjunctive or future, not with the infinitive.
    match = match_indicator(wording)
    assert match is not None and match.indicator == "likely_to_apply"
    assert match.confidence >= 0.85


def test_a_question_matching_two_indicators_equally_matches_none():
    # Both quality and overall are named as strongly: the user must choose.
    assert match_indicator("Appréciation globale de la qualité des présentations") is None


def test_match_indicator_returns_an_indicator_match():
    assert match_indicator("Overall rating") == IndicatorMatch("overall_rating", 1.0)


def test_a_clearer_wording_gets_a_higher_confidence():
    clear = match_indicator("Quality of the presentations")
    vague = match_indicator("Quality")
    assert clear is not None and vague is not None
    assert clear.confidence > vague.confidence


# --- parse_yes_no ---


@pytest.mark.parametrize(
    "raw",
    ["Yes", "yes", "YES", "Y", "y", "Oui", "oui", "Sí", "SÍ", "Si", "si", "True", "true", " Yes. "],
)
def test_yes_variants_read_as_yes(raw):
    assert parse_yes_no(raw) is True


@pytest.mark.parametrize("raw", ["No", "no", "NO", "N", "n", "Non", "non", "False", "false", "No!"])
def test_no_variants_read_as_no(raw):
    assert parse_yes_no(raw) is False


@pytest.mark.parametrize("raw", ["Maybe", "", "Yes, a few", "1", "0", "Peut-être", "Not sure"])
def test_other_answers_are_not_yes_no(raw):
    assert parse_yes_no(raw) is None


# --- parse_rating ---


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("5", (5, None)),
        (" 3 ", (3, None)),
        ("10", (10, None)),
        ("0", (0, None)),
        ("5.0", (5, None)),
        ("4.5", (4.5, None)),
        ("5 - Excellent", (5, "Excellent")),
        ("5 – Excellent", (5, "Excellent")),
        ("5 = Excellent", (5, "Excellent")),
        ("5: Excellent", (5, "Excellent")),
        ("5. Excellent", (5, "Excellent")),
        ("5 (Excellent)", (5, "Excellent")),
        ("Excellent (5)", (5, "Excellent")),
        ("Excellent - 5", (5, "Excellent")),
        ("5 - excellent", (5, "Excellent")),
        ("1 - Not at all", (1, "Not at all")),
        ("10 = Extremely likely", (10, "Extremely likely")),
        ("Excellent", (5, "Excellent")),
        ("excellent", (5, "Excellent")),
        ("Very good", (4, "Very good")),
        ("Poor", (1, "Poor")),
        ("Neither likely nor unlikely", (3, "Neutral")),
        ("Strongly disagree", (1, "Strongly disagree")),
        ("Not at all useful", (1, "Not at all useful")),
        ("très bien", (4, "Très bien")),
        ("Médiocre", (1, "Médiocre")),
        ("D'accord", (4, "D'accord")),
        ("Muy bueno", (4, "Muy bueno")),
        ("muy util", (4, "Muy útil")),
        ("Regular", (2, "Regular")),
    ],
)
def test_parse_rating_reads_numbers_and_labels(raw, expected):
    assert parse_rating(raw) == expected


@pytest.mark.parametrize("raw", ["", "Great", "I liked it", "A;B", "3;4", "4,5", "-1", "80%", "?"])
def test_parse_rating_rejects_what_is_not_a_rating(raw):
    assert parse_rating(raw) is None


# --- RATING_SCALES ---


def test_rating_scales_run_from_high_to_low_by_one_point():
    # Five points, or seven for the 7-point agreement scale real surveys use.
    for scale in RATING_SCALES:
        values = [value for value, _ in scale.points]
        assert values == list(range(len(values), 0, -1)) and len(values) in (5, 7), scale


def test_each_scale_kind_exists_in_english_french_and_spanish():
    names = {"quality", "likelihood", "agreement", "satisfaction", "usefulness"}
    for language in ("en", "fr", "es"):
        assert names <= {scale.name for scale in RATING_SCALES if scale.language == language}


def test_a_label_means_one_value_within_each_scale():
    # A label may sit at different points of different scales ("Good" is 3 of Excellent ...
    # Poor and 4 of Very good ... Very bad): the column's whole label set picks the scale.
    for scale in RATING_SCALES:
        value_of_label: dict[str, int] = {}
        for value, label in scale.points + scale.synonyms:
            assert value_of_label.setdefault(normalize_label(label), value) == value, label


@pytest.mark.parametrize(
    "labels",
    [
        ["Excellent", "Very good", "Good", "Fair", "Poor"],
        ["Very likely", "Likely", "Neutral", "Unlikely", "Very unlikely"],
        ["Strongly agree", "Agree", "Neutral", "Disagree", "Strongly disagree"],
        ["Very satisfied", "Satisfied", "Neutral", "Dissatisfied", "Very dissatisfied"],
        [
            "Extremely useful",
            "Very useful",
            "Somewhat useful",
            "Not very useful",
            "Not at all useful",
        ],
        ["Excellent", "Très bien", "Bien", "Passable", "Médiocre"],
        ["Très probable", "Probable", "Neutre", "Peu probable", "Très peu probable"],
        ["Tout à fait d'accord", "D'accord", "Neutre", "Pas d'accord", "Pas du tout d'accord"],
        ["Très satisfait", "Satisfait", "Neutre", "Insatisfait", "Très insatisfait"],
        ["Extrêmement utile", "Très utile", "Assez utile", "Peu utile", "Pas du tout utile"],
        ["Excelente", "Muy bueno", "Bueno", "Regular", "Malo"],
        ["Muy probable", "Probable", "Neutral", "Poco probable", "Muy poco probable"],
        [
            "Totalmente de acuerdo",
            "De acuerdo",
            "Neutral",
            "En desacuerdo",
            "Totalmente en desacuerdo",
        ],
        ["Muy satisfecho", "Satisfecho", "Neutral", "Insatisfecho", "Muy insatisfecho"],
        ["Extremadamente útil", "Muy útil", "Algo útil", "Poco útil", "Nada útil"],
    ],
)
def test_a_column_of_one_scales_labels_is_a_1_to_5_rating(labels):
    spec = infer_question("Your view", labels + labels[:2])
    assert spec.kind == "rating"
    assert (spec.scale_min, spec.scale_max) == (1, 5)
    assert list(spec.labels.values()) == labels
    assert [parse_answer(spec, label)[0].value_num for label in labels] == [5, 4, 3, 2, 1]


def test_label_matching_ignores_case_accents_spaces_and_punctuation():
    spec = infer_question("Votre avis", ["TRES BIEN", "  bien. ", "Médiocre!", "passable"])
    assert spec.kind == "rating"
    assert spec.scale_name == "quality"
    assert parse_answer(spec, "tres bien") == [ParsedAnswer(4.0, "Très bien")]


def test_synonym_labels_read_as_their_point():
    spec = infer_question(
        "How likely are you to recommend it?",
        ["Very likely", "Neither likely nor unlikely", "Likely"],
    )
    assert spec.kind == "rating"
    assert spec.scale_name == "likelihood"
    assert parse_answer(spec, "Neither likely nor unlikely") == [ParsedAnswer(3.0, "Neutral")]


# --- infer_question: yes/no ---


def test_a_column_of_yes_and_no_is_yes_no():
    spec = infer_question("Did you attend all sessions?", ["Yes", "No", "yes", None, "  "])
    assert spec.kind == "yes_no"
    assert (spec.scale_min, spec.scale_max, spec.labels, spec.options) == (None, None, {}, ())


def test_yes_no_in_french_and_spanish_is_yes_no():
    assert infer_question("Avez-vous participé ?", ["Oui", "Non", "oui"]).kind == "yes_no"
    assert infer_question("¿Participó?", ["Sí", "No", "Si"]).kind == "yes_no"


def test_difficulties_answered_yes_no_is_yes_no_with_its_indicator():
    spec = infer_question(
        "Did you experience any technical or logistical difficulties?", ["No", "Yes"]
    )
    assert spec.kind == "yes_no"
    assert spec.indicator == "difficulties"


def test_yes_no_answers_store_1_and_0():
    spec = infer_question("Did you attend?", ["Yes", "No"])
    assert parse_answer(spec, "Oui") == [ParsedAnswer(1.0, "Yes")]
    assert parse_answer(spec, "n") == [ParsedAnswer(0.0, "No")]


def test_a_yes_no_question_rejects_other_answers():
    spec = infer_question("Did you attend?", ["Yes", "No"])
    with pytest.raises(AnswerError, match="'Maybe' is not a yes/no answer"):
        parse_answer(spec, "Maybe")


# --- infer_question: ratings ---


def test_numbers_within_1_to_5_are_a_1_to_5_rating():
    spec = infer_question("Rate speaker 1", ["4", "5", "3", "", None])
    assert (spec.kind, spec.scale_min, spec.scale_max) == ("rating", 1, 5)
    assert spec.labels == {}
    assert spec.scale_name == "numeric"


def test_numbers_within_1_to_10_are_a_1_to_10_rating():
    spec = infer_question("How useful was panel 1?", ["4", "9", "10"])
    assert (spec.kind, spec.scale_min, spec.scale_max) == ("rating", 1, 10)


def test_a_zero_makes_a_0_to_10_rating():
    spec = infer_question("Recommend to a colleague", ["0", "7", "10"])
    assert (spec.kind, spec.scale_min, spec.scale_max) == ("rating", 0, 10)


def test_a_numeric_column_beyond_10_without_a_stated_scale_is_a_number_question():
    spec = infer_question("Year of birth", ["1980", "1975", "1990"])
    assert spec.kind == "number"


def test_a_column_of_fractions_without_a_stated_scale_is_not_a_rating():
    spec = infer_question("Hours attended", ["2.5", "1.5", "3.5", "2.5"])
    assert spec.kind != "rating"


def test_labels_set_the_scale_even_when_the_header_is_silent():
    spec = infer_question("Speakers", ["Excellent", "Good", "Very good"])
    assert (spec.kind, spec.scale_min, spec.scale_max) == ("rating", 1, 5)
    assert spec.scale_name == "quality"
    assert spec.labels == {5: "Excellent", 4: "Very good", 3: "Good", 2: "Fair", 1: "Poor"}


def test_numbers_mixed_with_labels_of_one_scale_are_a_rating():
    spec = infer_question("Speakers", ["5", "Good", "4 - Very good", "Excellent (5)"])
    assert spec.kind == "rating"
    assert spec.scale_name == "quality"
    assert parse_answer(spec, "3") == [ParsedAnswer(3.0, "Good")]


def test_an_unknown_label_in_a_labelled_column_means_it_is_not_a_rating():
    spec = infer_question("Speakers", ["Excellent", "Good", "Great", "Excellent", "Good", "Great"])
    assert spec.kind != "rating"
    assert spec.kind == "single_choice"


def test_labels_of_two_different_scales_are_not_a_rating():
    spec = infer_question("Your view", ["Excellent", "Very likely", "Good", "Likely"])
    assert spec.kind != "rating"


def test_numbered_custom_labels_are_kept_as_the_questions_labels():
    spec = infer_question(
        "Knowledge gained",
        ["1 - Nothing new", "3 - Some", "5 - A lot", "3 - Some"],
    )
    assert (spec.kind, spec.scale_min, spec.scale_max) == ("rating", 1, 5)
    assert spec.labels == {5: "A lot", 3: "Some", 1: "Nothing new"}
    assert parse_answer(spec, "5") == [ParsedAnswer(5.0, "A lot")]
    assert parse_answer(spec, "4") == [ParsedAnswer(4.0, None)]


def test_a_known_label_numbered_differently_is_a_custom_scale():
    # Some forms run 1 = Excellent to 5 = Poor: the written numbers win.
    spec = infer_question("Speakers", ["1 - Excellent", "5 - Poor", "2 - Very good"])
    assert spec.kind == "rating"
    assert spec.scale_name == "numeric"
    assert spec.labels == {5: "Poor", 2: "Very good", 1: "Excellent"}


@pytest.mark.parametrize(
    ("header", "scale"),
    [
        ("Rate the speakers (1-5)", (1, 5)),
        ("Rate the speakers (1 – 10)", (1, 10)),
        ("Rate the speakers on a scale of 1 to 10", (1, 10)),
        ("Rate the speakers from 1 to 5", (1, 5)),
        ("Rate the speakers from 0 to 10", (0, 10)),
        ("Rate the speakers, 1 = poor, 5 = excellent", (1, 5)),
        ("Rate the speakers out of 10", (1, 10)),
        ("Évaluez les intervenants de 1 à 5", (1, 5)),
        ("Évaluez les intervenants sur une échelle de 1 à 10", (1, 10)),
        ("Califique a los ponentes del 1 al 5", (1, 5)),
        ("Califique a los ponentes en una escala de 1 a 10", (1, 10)),
        ("Q3: Rate the speakers (1 = poor; 7 = excellent)", (1, 7)),
    ],
)
def test_a_scale_stated_in_the_header_sets_the_scale(header, scale):
    spec = infer_question(header, ["2", "3", "3"])
    assert spec.kind == "rating"
    assert (spec.scale_min, spec.scale_max) == scale


def test_anchor_labels_stated_in_the_header_become_labels():
    spec = infer_question("Rate the speakers (1 = poor, 5 = excellent)", ["2", "3"])
    assert spec.labels == {1: "Poor", 5: "Excellent"}
    french = infer_question("Notez les intervenants de 1 (médiocre) à 5 (excellent)", ["2"])
    assert (french.scale_min, french.scale_max) == (1, 5)
    assert french.labels == {1: "Médiocre", 5: "Excellent"}


def test_anchor_labels_joined_by_to_lose_the_connector():
    spec = infer_question("Rate the speakers (1 = Very poor to 5 = Excellent)", ["4"])
    assert spec.labels == {5: "Excellent", 1: "Very poor"}


def test_a_question_number_is_not_read_as_an_anchor():
    spec = infer_question("3: Rate the speakers (1 = poor, 5 = excellent)", ["4"])
    assert spec.labels == {5: "Excellent", 1: "Poor"}


def test_a_header_stated_scale_beats_the_numbers():
    spec = infer_question("Rate the speakers (1-10)", ["2", "3", "4"])
    assert (spec.scale_min, spec.scale_max) == (1, 10)


def test_the_scale_argument_beats_everything():
    spec = infer_question("Rate the speakers (1-5)", ["Excellent", "2"], scale=(0, 10))
    assert (spec.kind, spec.scale_min, spec.scale_max) == ("rating", 0, 10)


def test_rating_indicators_default_to_a_1_to_5_scale():
    spec = infer_question("How would you rate the Forum overall?", ["2", "3"])
    assert (spec.kind, spec.scale_min, spec.scale_max) == ("rating", 1, 5)
    assert spec.indicator == "overall_rating"
    assert spec.indicator_confidence is not None and spec.indicator_confidence >= 0.9


# Issue 10: a number that does not fit a rating makes the column no rating, never a refusal.
def test_an_out_of_scale_number_makes_a_header_scale_column_a_number_question():
    spec = infer_question("Rate the speakers (1-5)", ["4", "5", "7"])
    assert spec.kind == "number"
    assert parse_answer(spec, "7") == [ParsedAnswer(7.0, None)]


def test_an_out_of_scale_number_makes_an_indicator_column_a_number_question():
    spec = infer_question("Overall rating", ["4", "5", "12"])
    assert spec.kind == "number"


def test_a_rating_chosen_by_the_analyst_still_refuses_an_out_of_scale_number():
    spec = infer_question("Rate the speakers (1-5)", ["4", "5", "7"], kind="rating")
    assert (spec.kind, spec.scale_min, spec.scale_max) == ("rating", 1, 5)
    with pytest.raises(AnswerError, match="rating 7 is outside the scale 1-5"):
        parse_answer(spec, "7")


def test_an_out_of_scale_number_is_not_read_on_a_label_scale():
    spec = infer_question("Speakers", ["Excellent", "Good", "7"])
    assert spec.kind != "rating"


def test_a_rating_column_with_no_answers_keeps_its_indicator_kind_and_scale():
    spec = infer_question("Quality of presentations and discussion", [None, "", "  "])
    assert (spec.kind, spec.scale_min, spec.scale_max) == ("rating", 1, 5)
    assert infer_question("Rate the speakers (1-10)", []).scale_max == 10
    assert infer_question("Country", []).kind == "text"


def test_answers_read_through_pandas_are_accepted():
    # NaN for empty cells, numbers for numeric cells.
    spec = infer_question("Overall rating", [5.0, math.nan, 4, None])
    assert (spec.kind, spec.scale_max) == ("rating", 5)
    assert parse_answer(spec, math.nan) == []
    assert parse_answer(spec, 4.0) == [ParsedAnswer(4.0, None)]


# --- parse_answer: ratings ---


def _five_point_spec(labels: dict[int, str] | None = None) -> QuestionSpec:
    return QuestionSpec(
        text="Overall rating",
        kind="rating",
        scale_min=1,
        scale_max=5,
        labels=labels or {},
        options=(),
        indicator="overall_rating",
        indicator_confidence=1.0,
    )


def test_rating_answers_store_the_number_and_known_label():
    spec = infer_question("Speakers", ["Excellent", "Good"])
    assert parse_answer(spec, "5") == [ParsedAnswer(5.0, "Excellent")]
    assert parse_answer(spec, "Fair") == [ParsedAnswer(2.0, "Fair")]
    assert parse_answer(spec, "4 - Very good") == [ParsedAnswer(4.0, "Very good")]


def test_plain_numeric_ratings_store_no_label():
    assert parse_answer(_five_point_spec(), "3") == [ParsedAnswer(3.0, None)]


def test_a_plain_1_to_5_question_reads_known_labels():
    assert parse_answer(_five_point_spec(), "Very good") == [ParsedAnswer(4.0, "Very good")]


def test_a_decimal_makes_a_rating_column_a_number_question():
    assert infer_question("Overall rating", ["4", "4.5", "5"]).kind == "number"


def test_a_decimal_in_a_rating_chosen_by_the_analyst_is_rejected():
    spec = infer_question("Overall rating", ["4", "4.5", "5"], kind="rating")
    with pytest.raises(AnswerError, match="rating 4.5 is not a whole number"):
        parse_answer(spec, "4.5")


@pytest.mark.parametrize("raw", ["0", "6", "7 - Superb"])
def test_a_rating_outside_the_scale_is_rejected(raw):
    with pytest.raises(AnswerError, match="is outside the scale 1-5"):
        parse_answer(_five_point_spec(), raw)


def test_a_rating_below_a_0_to_10_scale_is_rejected_with_its_scale():
    spec = infer_question("Recommend (0-10)", ["0", "9"])
    with pytest.raises(AnswerError, match="rating 11 is outside the scale 0-10"):
        parse_answer(spec, "11")


def test_a_label_of_another_scale_is_rejected():
    spec = infer_question("Speakers", ["Excellent", "Good"])
    with pytest.raises(AnswerError, match="'Very likely' is not a label on this question's scale"):
        parse_answer(spec, "Very likely")


def test_an_unknown_label_is_rejected_naming_the_scales_labels():
    spec = infer_question("Speakers", ["Excellent", "Good"])
    with pytest.raises(AnswerError, match=r"\(Excellent, Very good, Good, Fair, Poor\)"):
        parse_answer(spec, "Great")


def test_a_label_on_a_1_to_10_numeric_question_is_rejected():
    spec = infer_question("Rate the speakers (1-10)", ["7"])
    with pytest.raises(AnswerError, match="not a label"):
        parse_answer(spec, "Excellent")


def test_a_number_contradicting_its_label_is_rejected():
    spec = infer_question("Speakers", ["Excellent", "Good"])
    with pytest.raises(AnswerError, match="'1 - Excellent' gives 1 but 'Excellent' is 5"):
        parse_answer(spec, "1 - Excellent")


def test_text_in_a_rating_question_is_rejected():
    with pytest.raises(AnswerError, match="'3;4' is not a rating on the scale 1-5"):
        parse_answer(_five_point_spec(), "3;4")


def test_answer_error_is_a_value_error():
    assert issubclass(AnswerError, ValueError)


# --- infer_question: choices ---


def test_semicolon_separated_answers_that_repeat_are_multiple_choice():
    spec = infer_question(
        "Which sessions did you attend?",
        ["Opening;Panel 1", "Panel 1;Panel 2;", "Opening;Panel 2", "Opening;"],
    )
    assert spec.kind == "multiple_choice"
    assert spec.options == ("Opening", "Panel 1", "Panel 2")


def test_multiple_choice_answers_store_one_value_per_option():
    spec = infer_question("Which sessions did you attend?", ["Opening;Panel 1", "Panel 1;Opening"])
    assert parse_answer(spec, "Opening;Panel 1;") == [
        ParsedAnswer(None, "Opening"),
        ParsedAnswer(None, "Panel 1"),
    ]
    assert parse_answer(spec, " panel 1 ; panel 1") == [ParsedAnswer(None, "Panel 1")]


def test_sentences_containing_semicolons_are_not_multiple_choice():
    spec = infer_question(
        "Your impressions",
        ["Great speakers; but too long", "Too short; more time for questions", "Fine"],
    )
    assert spec.kind == "text"


def test_a_small_repeated_set_of_answers_is_single_choice():
    answers = ["Government", "NGO", "government ", "NGO", "Academia", "Academia"]
    spec = infer_question("Type of organization", answers)
    assert spec.kind == "single_choice"
    assert spec.options == ("Government", "NGO", "Academia")
    assert parse_answer(spec, "GOVERNMENT") == [ParsedAnswer(None, "Government")]


def test_an_option_chosen_once_among_many_answers_is_still_single_choice():
    answers = ["Africa"] * 4 + ["Asia"] * 3 + ["Europe"]
    spec = infer_question("Region", answers)
    assert spec.kind == "single_choice"
    assert spec.options == ("Africa", "Asia", "Europe")


def test_few_answers_all_different_are_text():
    assert infer_question("Your role", ["Director", "Analyst", "Minister"]).kind == "text"


def test_more_distinct_answers_than_a_pick_list_has_are_text():
    answers = [f"Option {index}" for index in range(MAX_CHOICE_OPTIONS + 1)] * 2
    assert infer_question("Pick one", answers).kind == "text"


def test_long_answers_are_text_even_when_repeated():
    sentence = "The discussion on fiscal policy was the most interesting part of the programme."
    assert infer_question("Impressions", [sentence, sentence, "Fine", "Fine"]).kind == "text"


def test_a_choice_answer_outside_the_known_options_is_kept_as_written():
    spec = infer_question("Region", ["Africa", "Africa", "Asia", "Asia"])
    assert parse_answer(spec, "Oceania") == [ParsedAnswer(None, "Oceania")]


# --- infer_question: text and indicators ---


def test_free_text_indicators_are_always_text():
    spec = infer_question("What could be improved?", ["Nothing", "Nothing", "Time", "Time"])
    assert spec.kind == "text"
    assert spec.indicator == "improvements"


def test_free_text_indicators_stay_text_even_when_answered_yes_or_no():
    spec = infer_question("Would you be interested in capacity development support?", ["Yes", "No"])
    assert spec.kind == "text"
    assert spec.indicator == "support_interest"


def test_a_word_that_only_hints_at_an_indicator_does_not_decide_the_kind():
    # "future" hints at future_themes but this is a yes/no question.
    spec = infer_question("Do you plan to attend future events?", ["Yes", "No"])
    assert spec.kind == "yes_no"
    # "speaker" hints at quality, but must not impose its 1-5 scale on a 1-10 column.
    speakers = infer_question("Rate speaker 1", ["4", "9", "10"])
    assert (speakers.scale_min, speakers.scale_max) == (1, 10)


def test_text_answers_store_the_trimmed_text():
    spec = infer_question("Any other comments", ["Thanks!"])
    assert parse_answer(spec, "  Very well organised.  ") == [
        ParsedAnswer(None, "Very well organised.")
    ]


def test_profile_questions_carry_no_indicator():
    spec = infer_question("Which country are you from?", ["Kenya", "Chile"])
    assert spec.indicator is None and spec.indicator_confidence is None


def test_the_spec_keeps_the_header_as_written():
    header = "  Overall rating (1-5) "
    assert infer_question(header, ["4"]).text == header


# --- infer_question: kind given ---


def test_a_given_kind_overrides_inference():
    spec = infer_question("Did you attend?", ["Yes", "No"], kind="text")
    assert spec.kind == "text"


def test_a_given_rating_kind_still_derives_the_scale():
    spec = infer_question("What could be improved? (1-10)", ["3", "9"], kind="rating")
    assert (spec.kind, spec.scale_min, spec.scale_max) == ("rating", 1, 10)


def test_a_given_rating_kind_on_unreadable_answers_falls_back_to_1_to_5():
    spec = infer_question("Speakers", ["Great", "Fine"], kind="rating")
    assert (spec.kind, spec.scale_min, spec.scale_max) == ("rating", 1, 5)
    with pytest.raises(AnswerError):
        parse_answer(spec, "Great")


def test_a_given_choice_kind_still_derives_the_options():
    single = infer_question("Your role", ["Director", "Analyst"], kind="single_choice")
    assert single.options == ("Director", "Analyst")
    multiple = infer_question("Topics", ["Tax;Debt"], kind="multiple_choice")
    assert multiple.options == ("Tax", "Debt")


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown question kind"):
        infer_question("Speakers", ["1"], kind="likert")


def test_an_empty_scale_is_refused():
    with pytest.raises(ValueError, match="no points"):
        infer_question("Speakers", ["1"], scale=(5, 5))


# --- parse_answer: blanks ---


@pytest.mark.parametrize("kind", QUESTION_KINDS)
@pytest.mark.parametrize("raw", [None, "", "   "])
def test_blank_answers_store_nothing(kind, raw):
    spec = infer_question("Anything", ["1"], kind=kind)
    assert parse_answer(spec, raw) == []


# Issue 10: bare numbers are ratings only with evidence.
@pytest.mark.parametrize(
    ("header", "answers", "kind"),
    [
        ("The venue was comfortable", ["1", "4", "5", "3"], "rating"),
        ("How useful was the 3-day training?", ["1", "4", "5"], "rating"),
        ("Q7", ["2", "4", "5", "3"], "rating"),
        ("Years in service", ["1", "4", "5", "3"], "number"),
        ("How many children do you have?", ["0", "1", "2", "3"], "number"),
        ("Household size", ["1", "4", "5", "3"], "number"),
        ("District", ["3", "7", "8"], "number"),
        ("Which district do you live in?", ["3", "7", "8"], "number"),
        ("Engagement score", ["3.5", "7.25", "10"], "number"),
        ("Engagement score", ["3", "7", "10"], "number"),
        ("Rank the topics - Topic A", ["1", "2", "3"], "number"),
        ("Do you work for government?", ["1", "2", "1"], "number"),
        ("Respondent ID", ["1001", "1002"], "identifier"),
        ("District code", ["12", "14"], "identifier"),
    ],
)
def test_numbers_need_evidence_to_be_ratings(header, answers, kind):
    assert infer_question(header, answers).kind == kind


@pytest.mark.parametrize(
    "raw", ["N/A", "Not applicable (8)", "99 - Don't know", "Prefer not to say"]
)
def test_answers_that_are_no_point_of_a_scale_are_set_apart(raw):
    spec = infer_question("How would you rate the event overall?", ["5", "4", raw])
    assert (spec.kind, spec.scale_max) == ("rating", 5)
    [parsed] = parse_answer(spec, raw)
    assert parsed.value_num is None and parsed.value_text
