"""Training and evaluation helpers; nothing at run time imports this package."""
