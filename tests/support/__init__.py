"""Support code shared by the tests (never tests themselves): how to run batchcheck, where the
repository's files are, the published contract, the JSON-Schema-Test-Suite and the fuzz properties.

Test modules import from here and from conftest.py's fixtures, never from one another.
"""
