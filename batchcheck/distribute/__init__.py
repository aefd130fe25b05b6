"""Checking somewhere else than in the run's own process, with the same reports in the same order.

`tasks` is what runs where the work is (a Dask worker): check one input, or one partition of a
JSON Lines file, with a Checker built once per process. `dask` is the client side of `--dask`:
it splits the inputs into tasks, keeps a bounded number in flight on the cluster, and yields the
reports in input order, as `parallel.check_documents` does for a local run.
"""
