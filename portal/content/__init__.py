"""Guides as files: load, validate, render and publish them in one place.

Files in ``content/`` and (later) the editors' UI go through the same
:func:`publish.publish` service: parse, validate, render Markdown to safe
HTML, then write new revisions in one transaction, or nothing at all.
"""
