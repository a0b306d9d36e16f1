"""Correction reports from the public: the form token, filing, and the maintainers' triage."""
