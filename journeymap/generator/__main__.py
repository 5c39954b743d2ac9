import sys

from journeymap.generator.core import main

sys.exit(main())
