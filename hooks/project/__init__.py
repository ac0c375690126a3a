"""This repository's setup: its settings and their validation (`config`), which
configuration applies and its reading (`config_files`), each database's layout, read from
its drizzle configs, scripts and journals when not configured (`layout`), what a drizzle
config file names, read without running it (`drizzle_config`), and the baseline of legacy
migrations (`baseline`)."""

__all__ = ["baseline", "config", "config_files", "drizzle_config", "layout"]
