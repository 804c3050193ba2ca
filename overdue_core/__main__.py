import sys

from overdue_core.cli import main

sys.exit(main())
