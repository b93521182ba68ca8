"""The web UI and HTTP API over a store: ``claimscope serve DB``."""
from .app import Settings, create_app, is_loopback

__all__ = ["Settings", "create_app", "is_loopback"]
