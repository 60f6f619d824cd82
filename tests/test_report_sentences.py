"""The sentences of an outcome report, as organizers write them: shares with one decimals rule,
sectors from the largest share with Other last, the event named by its kind, and only the
figures an event has."""

from __future__ import annotations

import pytest

from surveydash.report.sentences import (
    composition_sentence,
    default_event_kind,
    format_share,
    headline_sentence,
    responses_sentence,
)


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (37.5, "37.5%"),
        (25.0, "25%"),
        (3.125, "3.1%"),
        (100.0, "100%"),
        (0.0, "0%"),
        (66.66, "66.7%"),
        (None, "-"),
        (float("nan"), "-"),
    ],
)
def test_format_share_writes_shares_as_reports_do(value, written):
    assert format_share(value) == written


def test_composition_sentence_lists_the_largest_share_first_and_other_last():
    shares = [
        ("Other", 6.3),
        ("Scientific Community", 3.1),
        ("National Government", 25.0),
        ("Local or Regional Government", 25.0),
        ("Academic Institutions", 37.5),
        ("Not stated", 9.4),
    ]
    assert composition_sentence(shares) == (
        "The respondents were from Academic Institutions (37.5%), Local or Regional "
        "Government (25%), National Government (25%), Scientific Community (3.1%), and "
        "Other (6.3%)."
    )
    assert composition_sentence([("Other", 100.0)], "attendees") == (
        "The attendees were from Other (100%)."
    )
    assert composition_sentence([("Not stated", 100.0)]) == ""
    assert composition_sentence([]) == ""


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("2022 UN DESA-KRILA Forum", "Forum"),
        ("Webinar: Public Institutions in Small Island Developing States", "Webinar"),
        ("Kenya National Partnership Training Workshop", "Workshop"),
        ("Cours en ligne : Transformer la fonction publique", "Course"),
        ("Expert Group Meeting on Public Administration", "Meeting"),
        ("Platforms", "event"),  # no word of a kind, even inside another word
    ],
)
def test_the_kind_of_an_event_defaults_from_its_title(title, kind):
    assert default_event_kind(title) == kind


def test_headline_sentence_names_the_event_by_its_kind():
    assert headline_sentence("Forum", 693, 91, 343, 50) == (
        "The Forum received 693 registrations from 91 countries and was attended by 343 "
        "participants from 50 countries."
    )
    assert headline_sentence("Webinar", 2536, 1, 1, 1) == (
        "The Webinar received 2,536 registrations from 1 country and was attended by 1 "
        "participant from 1 country."
    )


def test_headline_sentence_says_only_what_the_event_has():
    assert headline_sentence("Workshop", 40, 12, 0, 0) == (
        "The Workshop received 40 registrations from 12 countries."
    )
    assert headline_sentence("Workshop", 0, 0, 38, 0) == (
        "The Workshop was attended by 38 participants."
    )
    assert headline_sentence("Workshop", 0, 0, 0, 0) == ""
    assert responses_sentence(0) == ""
    assert responses_sentence(1) == "The participants survey received 1 response."
    assert responses_sentence(32) == "The participants survey received 32 responses."
