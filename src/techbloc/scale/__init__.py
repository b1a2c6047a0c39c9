"""Screening at scale: many names against the imported lists, on one machine or on Apache Spark.

Both engines run the same matcher (``techbloc.matching``); Spark only spreads the queries over
executors, each of which builds the same screening index from the lists exported by the driver.
"""
