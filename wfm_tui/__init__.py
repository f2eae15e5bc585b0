"""wfm-tui: plan Genesys WFM deployments against the component connections table."""

__version__ = "0.1.0"
