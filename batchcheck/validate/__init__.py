"""Step 3, validate: a schema and a document -> every violation as data (RawError), unworded.

`engine` is the protocol every engine follows; `factory` picks and builds them (`--engine`);
`python` is python-jsonschema (the engine of record), `rs` jsonschema-rs (the fast one, falling
back to python for what it cannot take; `rs_schema` the copy of a schema it is given);
`keywords` the one factory of python-jsonschema classes (every draft, regexes bounded);
`normalise` brings both to one shape of error; `formats` is the one table of `format` checkers
both use; `ecma` the ECMA-262 dialect (regress checks, translations) and `regexes` the bounded
regex search with its per-document time budget.
"""
