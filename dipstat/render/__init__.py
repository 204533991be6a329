"""Renderers: model objects in, text out. They never analyse."""
