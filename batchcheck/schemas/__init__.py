"""Step 2, the schemas: where candidates come from (the bundle, `--schema-dir`, `--openapi`,
`--schema PATH`), each checked before use, gathered by the catalog; and `schemas lint`.

entry (SchemaEntry, names) <- yaml_text, files (reading JSON and YAML, the bundle) <- resolve
(`--resolve`, `--url-map`: local copies of schemas named by URL) <- vocabularies, meta (the
meta-schema check of the schema's draft) <- identifiers (a URI declared twice) <- refs (`$ref`s:
embedded, resolved, never fetched) <- directory, openapi/ <- catalog; lint on top.
"""
