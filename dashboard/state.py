"""The state shared by every page, in one place: which event is selected.

The selected event lives in the URL (`?event=krila-2022`), so a link to a report can be
shared and the browser's back button works. Streamlit clears the URL's query parameters
when the user switches pages from the navigation menu, so the entry point remembers the
event in the session too and writes it back to the URL on the next page: the selection
survives page switches and stays in the address bar.
"""

from __future__ import annotations

import streamlit as st

EVENT_PARAMETER = "event"
# Session memory of the URL's event, for the page switches that clear the URL.
_REMEMBERED_EVENT = "remembered_event"


def keep_selected_event() -> None:
    """Called by the entry point on every run, before the page: the URL's event wins (a shared
    link), and when a page switch cleared it, the remembered event is put back."""
    from_url = st.query_params.get(EVENT_PARAMETER)
    if from_url:
        st.session_state[_REMEMBERED_EVENT] = from_url
    elif remembered := st.session_state.get(_REMEMBERED_EVENT):
        st.query_params[EVENT_PARAMETER] = remembered


def selected_event() -> str | None:
    """The id of the selected event (it may not exist: pages check), or None."""
    return st.query_params.get(EVENT_PARAMETER) or st.session_state.get(_REMEMBERED_EVENT)


def select_event(event_id: str) -> None:
    """Make an event the selected one, in the URL and in the session."""
    st.query_params[EVENT_PARAMETER] = event_id
    st.session_state[_REMEMBERED_EVENT] = event_id


def event_query_params(event_id: str) -> dict[str, str]:
    """The query parameters of a link to an event's report."""
    return {EVENT_PARAMETER: event_id}


# -- choices inside the Event report's tabs ------------------------------------------------------
# Only the open tab of the Event report runs, and Streamlit forgets the value of a widget that a
# run does not draw: without a copy of their own, the map's stage, the ratings' grouping and the
# answers' search would reset each time the user looked at another tab and came back.


def remembered_choice(key: str, default):
    """What the widget `key` should start from: its value when last drawn in this session."""
    return st.session_state.get(f"{key}_remembered", default)


def remember_choice(key: str, value) -> None:
    """Keep the widget's current value for the next time its tab is drawn."""
    st.session_state[f"{key}_remembered"] = value
