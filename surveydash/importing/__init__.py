"""The stages of an import, one module each; `surveydash.importer.import_file` runs them.

- `context`: what the caller chose (`ImportOptions`), what each kind gave (`KindReport`) and
  the state the stages hand on to each other (`ImportContext`: salt, date SQL, answer maps,
  people tables), with the SQL fragments more than one stage writes;
- `columns`: classify columns (stage 3), the personal-data rule and duplicate headers;
- `checks`: e-mails, dates, minutes, and the refusal of a kind imported meanwhile (stage 4);
- `normalize`: each distinct country, sector and answer matched once (stage 5);
- `writes`: the rows into the tables, replaced imports deleted, contacts kept (stage 6);
- `log`: the import log, the rejects file and the layouts' saved mappings (stage 7).

Detecting and reading (stages 1 and 2) belong to `surveydash.readers`.
"""
