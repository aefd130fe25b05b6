"""Step 1, read: the command line's arguments -> inputs (directories walked) -> Documents.

`arguments` expands arguments into inputs; `source` reads each one; `parse` turns bytes into a
Document through `decode` (bytes -> text), `http` (curl -i headers) and `strict_json` (RFC 8259,
with line:column for every error); `duplicates` locates repeated keys when the parse saw one.
"""
