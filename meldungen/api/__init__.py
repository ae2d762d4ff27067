"""The JSON API (django-ninja) and its access tokens."""
