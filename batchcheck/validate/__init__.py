"""Step 3, validate: a schema and a document -> every violation as data (RawError), unworded.

`engine` is the protocol every engine follows; `factory` picks and builds them (`--engine`);
`python` is python-jsonschema (the engine of record), `rs` jsonschema-rs (the fast one, falling
back to python for what it cannot take); `normalise` brings both to one shape of error; `formats`
is the one table of `format` checkers both use, `regexes` the bounded regex search.
"""
