"""Dashboard support: queries (all dashboard SQL), chart specs and pure chart builders, formatting, auth."""
