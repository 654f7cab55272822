"""Reads for pages: each page's rows in a constant number of queries, no writes, no rules.

The rules the rows need (due, missed, adherence, flags) are plain functions in plans.progress
and coaching.flags; a selector reads the columns once and asks them.
"""
