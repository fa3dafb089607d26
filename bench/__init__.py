"""mnist37's measurements: each script records how fast or how big something is, and on which machine.

Run them as modules from the repository's root (`python -m bench.bench`, `python -m bench.lessons`, ...).
Nothing here is a test: none of them fails because a machine is slow or busy.
"""
