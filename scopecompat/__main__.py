import sys

from scopecompat._cli import main

sys.exit(main())
