"""The filters managers narrow the events by (series, year, format, the M49 regions their
participants came from), drawn the same way on the Overview and Compare. Each widget is bound
to the URL's query parameters (`?compare_region=Africa`), so a filtered view can be shared and
survives a reload; the rule they apply is surveydash.comparison.EventFilters."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from surveydash import comparison


def event_filters(events: pd.DataFrame, page: str) -> comparison.EventFilters:
    """Draw the four filters in a row (keys `<page>_series`, `_year`, `_format`, `_region`)
    and return what they are set to. `events` is the events table: its series, years and
    formats are the choices."""
    with st.container(key=f"{page}_filters"):
        series_column, year_column, format_column, region_column = st.columns(4)
        series = series_column.multiselect(
            "Series",
            sorted(events["series"].dropna().unique()),
            key=f"{page}_series",
            bind="query-params",
            placeholder="Every series",
        )
        years = year_column.multiselect(
            "Year",
            sorted({date.year for date in pd.to_datetime(events["start_date"])}, reverse=True),
            key=f"{page}_year",
            bind="query-params",
            placeholder="Every year",
        )
        formats = format_column.multiselect(
            "Format",
            sorted(events["format"].dropna().unique()),
            key=f"{page}_format",
            bind="query-params",
            placeholder="Every format",
        )
        regions = region_column.multiselect(
            "Participants from",
            comparison.M49_REGIONS,
            key=f"{page}_region",
            bind="query-params",
            placeholder="Every region",
            help="Events that people from the region attended (for an event without "
            "attendance records: registered for). The five M49 regions.",
        )
    return comparison.EventFilters(
        series=tuple(series), years=tuple(years), formats=tuple(formats), regions=tuple(regions)
    )
