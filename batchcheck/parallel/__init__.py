"""Many inputs at once: worker processes (pool.py) and checking in input order (checking.py).

`check_inputs` is what a run uses; `pool.Pool.map` is the ordered map under it, reusable by
anything that runs one function over many tasks and must hand the results on in task order
(imported from its module: multiprocessing is loaded only by a run that starts workers).
"""

from batchcheck.parallel.checking import (
    Checked,
    Checks,
    check_document,
    check_documents,
    check_file,
    check_inputs,
    choose_jobs,
)

__all__ = [
    "Checked",
    "Checks",
    "check_document",
    "check_documents",
    "check_file",
    "check_inputs",
    "choose_jobs",
]
