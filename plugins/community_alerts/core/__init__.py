"""The content model: load, validate and normalise message files, and the archive.

Nothing here imports MkDocs, so the model can move to another engine.
"""
