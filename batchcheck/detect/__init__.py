"""Step 2b, detect: which of the catalog's schemas a document is, and how sure that is.

`rank` runs detection over the candidates and `verdict` decides; `scoring` scores one schema,
with `describe` (how much of the document it declares), `sample` (the arrays cut short) and
`quick` (cheap proofs that a schema cannot validate, before any validator runs).
"""

from batchcheck.detect.rank import detect
from batchcheck.detect.scoring import Candidate

__all__ = ["Candidate", "detect"]
