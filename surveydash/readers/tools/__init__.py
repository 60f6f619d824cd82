"""Readers for the files real tools export (Zoom, Google Forms, Microsoft Forms, KoboToolbox,
SurveyMonkey, LimeSurvey, Eventbrite): each module lists its readers in `READERS`."""

from __future__ import annotations

import importlib

TOOL_MODULES = (
    "zoom",
    "eventbrite",
    "google_forms",
    "microsoft_forms",
    "kobo",
    "surveymonkey",
    "limesurvey",
)


def _collect_readers() -> list:
    readers = []
    for module_name in TOOL_MODULES:
        qualified = f"{__name__}.{module_name}"
        try:
            module = importlib.import_module(qualified)
        except ModuleNotFoundError as error:
            if error.name == qualified:
                continue  # that tool's reader is not written yet
            raise
        readers.extend(module.READERS)
    return readers


TOOL_READERS = _collect_readers()
