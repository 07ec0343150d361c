"""Building a set of cases: what to render, in which process, and what to commit.

``pipeline`` strings the stages together; this package holds the machinery behind its
« render » and « write » steps for a folder of cases — fingerprints of the shared inputs,
the plan of each case, the no-parse re-run, the pure commit decision, ``--check`` and the
worker pool.
"""
