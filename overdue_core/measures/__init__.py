"""The five measures counselors teach, one subpackage each, in their order.

``communicate`` (① prepare each call, the call script, the contact log), ``plan`` lives in
:mod:`overdue_core.plan` (② repayment, overdue first), ``prevent`` (③ checklist, reminders,
follow-through), ``negotiate`` (④ offers, hardship letter and script) and ``legal`` (⑤ rate and
fee checks, collection conduct, evidence, court fees).
"""

from __future__ import annotations
