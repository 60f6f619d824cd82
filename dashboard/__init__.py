"""The Streamlit dashboard: pages (views/) that render what `surveydash.analytics` computes."""
