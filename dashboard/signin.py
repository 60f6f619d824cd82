"""Who is at the dashboard: signing in, the visitor's role, and the pages that role may open.

Served with `surveydash serve --auth FILE`, visitors sign in with Streamlit's st.login()
against the organization's OpenID Connect provider, and act as their e-mail with the role the
`users` table gives it, read again on every run. Served without it (this machine only), the
dashboard is its operating-system user's, with every right. The rules themselves live in
surveydash.access; this module only asks Streamlit who is there and draws the gates.
"""

from __future__ import annotations

import streamlit as st

from surveydash import access, settings
from surveydash.access import Actor


def sign_in_required() -> bool:
    return settings.sign_in_required()


def is_signed_in() -> bool:
    return bool(st.user.get("is_logged_in"))


def current_actor() -> Actor:
    """The visitor as the engine's checks know them."""
    if not sign_in_required():
        return access.local_actor()
    return Actor.signed_in_as(str(st.user.get("email") or ""))


def show_sign_in() -> None:
    """The page a visitor who has not signed in sees: what this is, and a way in. No data."""
    st.title("surveydash")
    st.write("Participant-survey analytics. Sign in with your organization's account to continue.")
    # st.login() makes the token that the /auth/login route needs: a control that calls it,
    # not a plain link to the route.
    if st.button("Sign in", type="primary", icon=":material/login:"):
        st.login()


def show_no_access(actor: Actor) -> None:
    """The page a signed-in person without a role sees. No data."""
    st.title("No access")
    st.write(
        f"You are signed in as {actor.name}, which has no access to this dashboard. "
        "Ask an administrator to add you (`surveydash users add EMAIL --role viewer`)."
    )
    if st.button("Sign out"):
        st.logout()


def show_who_is_signed_in(actor: Actor, role: str) -> None:
    """In the sidebar, below the pages: who is signed in, their role, and a way out."""
    if not sign_in_required():
        return
    with st.sidebar:
        st.caption(f"Signed in as {actor.name} ({role})")
        if st.button("Sign out", key="sign_out"):
            st.logout()
