"The repository's own tools: checks (tools/checks), builders, and tests (tools/tests). Run them from the repository root as modules: python -m tools.NAME"
