"""Renderers: pure functions from the content model to what readers get. No MkDocs here."""
