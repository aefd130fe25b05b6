"""Step 2, the schemas: where candidates come from (the bundle, `--schema-dir`, `--openapi`,
`--schema PATH`), each checked before use, gathered by the catalog; and `schemas lint`.

entry (SchemaEntry, names) <- files (reading, the bundle) <- meta (meta-schema check) <- refs
(`$ref`s: embedded, resolved, never fetched) <- directory, openapi/ <- catalog; lint on top.
"""
