"""The `infointerview` command line, by command group; `__main__.py` dispatches."""
