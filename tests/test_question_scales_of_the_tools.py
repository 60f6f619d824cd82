"""The label scales and answer forms the survey tools write (issue 10, third pass): each read
as the tool means it, from the header and answers alone (surveydash.questions)."""

from __future__ import annotations

import pytest

from surveydash.questions import choice_at_position, infer_question, parse_answer


def mean_of(spec, answers):
    values = [
        parsed.value_num
        for answer in answers
        for parsed in parse_answer(spec, answer)
        if parsed.value_num is not None
    ]
    return round(sum(values) / len(values), 2), len(values)


@pytest.mark.parametrize(
    ("header", "answers", "scale", "mean"),
    [
        # SurveyMonkey's question bank, around any adjective.
        (
            "How likely are you to use the toolkit?",
            ["Extremely likely", "Somewhat likely", "Not so likely", "Not at all likely"],
            (1, 5),
            2.75,
        ),
        (
            "How helpful was the mentor?",
            ["Very helpful", "Extremely helpful", "Not so helpful"],
            (1, 5),
            3.67,
        ),
        (
            "How satisfied are you overall?",
            ["Extremely satisfied", "Moderately satisfied", "Slightly dissatisfied"],
            (1, 7),
            5.33,
        ),
        (
            "How would you rate the trainer?",
            ["Excellent", "Above average", "Average", "Below average"],
            (1, 5),
            3.5,
        ),
        ("Wie zufrieden waren Sie?", ["Sehr zufrieden", "Zufrieden", "Unzufrieden"], (1, 5), 3.67),
        (
            "Die Inhalte waren klar",
            ["Stimme voll und ganz zu", "Stimme eher nicht zu"],
            (1, 5),
            3.5,
        ),
        ("Como avalia o curso?", ["Excelente", "Muito bom", "Bom", "Ruim"], (1, 5), 3.25),
        ("O conteúdo foi claro", ["Concordo totalmente", "Discordo"], (1, 5), 3.5),
        (
            "Quanto è soddisfatto?",
            ["Molto soddisfatto", "Soddisfatto", "Insoddisfatto"],
            (1, 5),
            3.67,
        ),
    ],
)
def test_labels_of_the_tools_scales_are_ratings(header, answers, scale, mean):
    spec = infer_question(header, answers)
    assert spec.kind == "rating"
    assert (spec.scale_min, spec.scale_max) == scale
    assert mean_of(spec, answers) == (mean, len(answers))


def test_frequency_answers_are_choices_not_ratings():
    # How often is not how good: Always ... Never is on no rating scale.
    answers = ["Always", "Often", "Never", "Always", "Sometimes", "Often", "Never", "Always"]
    spec = infer_question("How often do you use data in your work?", answers)
    assert spec.kind == "single_choice"
    assert set(spec.options) == {"Always", "Often", "Never", "Sometimes"}


@pytest.mark.parametrize(
    "header",
    [
        "How likely are you to recommend this event to a colleague?",
        "Quelle est la probabilité que vous recommandiez cet atelier ?",
        "¿Recomendaría este taller?",
    ],
)
def test_the_recommend_question_is_on_0_to_10_though_nobody_answered_0(header):
    spec = infer_question(header, ["9", "10", "6", "7"])
    assert (spec.kind, spec.scale_min, spec.scale_max) == ("rating", 0, 10)


def test_a_recommend_question_answered_within_1_to_5_keeps_that_scale():
    spec = infer_question("Would you recommend the course?", ["4", "5", "3"])
    assert (spec.scale_min, spec.scale_max) == (1, 5)


@pytest.mark.parametrize(
    ("answer", "label"),
    [
        ("Weiß nicht", "Weiß nicht"),
        ("keine Angabe (9)", "keine Angabe"),
        ("Não sei", "Não sei"),
        ("Non so", "Non so"),
    ],
)
def test_dont_know_in_other_languages_is_set_apart(answer, label):
    answers = ["Sehr zufrieden", "Zufrieden", answer]
    spec = infer_question("Wie zufrieden waren Sie?", answers)
    assert spec.kind == "rating"
    [parsed] = parse_answer(spec, answer)
    assert (parsed.value_num, parsed.value_text) == (None, label)
    assert mean_of(spec, answers) == (4.5, 2)


def test_options_known_only_by_position_are_a_closed_list_however_few():
    answers = [choice_at_position("1"), choice_at_position("2"), choice_at_position("1")]
    spec = infer_question("How satisfied were you with the workshop?", answers)
    assert spec.kind == "single_choice"
    assert spec.options == ("Choice 1", "Choice 2")
    assert (spec.scale_min, spec.scale_max) == (None, None)


@pytest.mark.parametrize("header", ["Kommentare", "Anmerkungen", "Comentários", "Commenti"])
def test_comment_boxes_in_other_languages_are_text_whatever_they_hold(header):
    assert infer_question(header, ["Gut"]).kind == "text"
