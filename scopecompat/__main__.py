import sys

from _scopecompat_cli import main

sys.exit(main())
