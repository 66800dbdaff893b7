"""Parts of the ``kroniek show`` page: its style and script (``style``) and the headless
browser that checks and photographs it (``chromium``)."""
