"""The batchcheck benchmark: workloads, peers, measurement and the report (run with bench/run.py)."""
