"""Many inputs at once: worker processes (pool.py) and checking in input order (checking.py).

`check_inputs` is what a run uses; `Pool.map` is the ordered map under it, reusable by anything
that runs one function over many tasks and must hand the results on in task order.
"""

from batchcheck.parallel.checking import Checked, check_document, check_file, check_inputs, choose_jobs
from batchcheck.parallel.pool import Pool, WorkerLost

__all__ = ["Checked", "Pool", "WorkerLost", "check_document", "check_file", "check_inputs", "choose_jobs"]
