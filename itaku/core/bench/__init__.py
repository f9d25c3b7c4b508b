"""The benchmark: data at a prefecture's scale, a floor to measure against, and the runner.

Not loaded by the application: ``config.settings.bench`` adds the floor's URLs and the query-count
header; ``itaku benchdata`` builds the data; ``bench/run.py`` (``make bench``) measures.
"""
