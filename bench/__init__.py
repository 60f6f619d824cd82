"""The scaling benchmark (`make bench`): a seeded generator of large databases and files, and a
runner that measures import speed, query growth, page render time and concurrent sessions."""
