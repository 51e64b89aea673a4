"""Local web dashboard: the report's views, a deal explorer, a guarantee comparer and a JSON API."""

from accord.web.app import create_app

__all__ = ["create_app"]
