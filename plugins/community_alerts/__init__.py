"""Publishing system for a police and community-safety alerts newsletter.

`core` and `render` know nothing of MkDocs; the plugin folders are thin
adapters over them.
"""
