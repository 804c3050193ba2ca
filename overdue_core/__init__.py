"""The pure core of the overdue-debt dashboard: everything it computes, without a browser.

It reads like the product: a ``case`` (the person's figures, validated), a ``plan`` (month by
month, overdue first), a ``risk`` score, the ``measures`` counselors teach (communicate,
prevent, negotiate, legal — the plan is the second), ``share`` (saving for a counselor) and the
``report`` (PDF and files). ``cli`` is the command line over the same packages; ``rules``,
``i18n`` and ``palette`` are shared by all. See docs/architecture.md. It never imports Streamlit.
"""
