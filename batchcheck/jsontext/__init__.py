"""JSON as text: places in a document (JSON Pointer, readable paths), positions in its text
(line and column), and where a value's text starts. Shared by every step; imports nothing of
batchcheck's."""
