"""The site's absolute address, which every output read away from the site needs."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError


def required_site_url(config: MkDocsConfig, plugin: str, why: str) -> str:
    """`site_url`, or a clear error naming the plugin and why it needs one."""
    if not config.site_url:
        raise PluginError(f"{plugin}: {why}; set 'site_url' in mkdocs.yml, e.g. "
                          "site_url: https://alerts.example.org/")
    return config.site_url
