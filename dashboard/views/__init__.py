"""The dashboard's pages: each renders; none holds SQL or caches."""
