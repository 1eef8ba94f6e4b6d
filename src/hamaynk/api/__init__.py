"""REST API v1 (DRF). No models: endpoints call the domain apps' services and selectors."""
