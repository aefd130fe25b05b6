"""Where the repository's files are, and the names of the bundled examples and schemas."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLES = REPO_ROOT / "examples"
DATA = REPO_ROOT / "tests" / "data"

VALID = "portal-flags.valid.json"
INVALID = "portal-flags.invalid.json"
PARTIAL = "portal-flags.partial.json"
ASSOC_INVALID = "associations.invalid.json"
BUNDLED = {"BatchAssociationResponse", "BatchPortalFlagStateResponseWithErrors"}
