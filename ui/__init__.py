"""The Streamlit side of the app, by idea: what a session keeps, what a page draws, what a server guards.

- ``state/`` — the session: the case, the language, drafts, a saved case's link, the browser copy
- ``widgets/`` — the inputs and blocks pages share: editable tables, the money and debt forms, cards
- ``charts/`` — the Plotly figures of the Overview and the Plan, the points they draw, the
  component drawing them in place
- ``plan_page/`` — the Plan page's parts, in the order a person reads them
- ``server/`` — what guards the whole server: security headers, turns for very large cases
- ``frame``, ``nav``, ``sidebar``, ``chrome``, ``readonly``, ``cached``, ``user_text`` — one idea each

Pages import a package's public names (``from ui.widgets import row_cards``), never its inner modules.
"""
