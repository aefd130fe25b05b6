"""Step 4, explain: raw errors -> reported violations, in document order, capped, worded for people
(`wording`: what was expected, what was found) and located in the text (line:column)."""
