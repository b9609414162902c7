"""Record the conformance observations of the running TensorFlow (Python 2.7 and 3.6+, standard library).

    python tests/conformance/record.py --tf tensorflow --out tests/conformance/golden/tf-1.15.5.json
    python tests/conformance/record.py --tf tensorflow --check tests/conformance/golden/tf-1.15.5.json

--tf is `tensorflow` (real TF 1.x), `tensorflow.compat.v1` (raw TF 2.x) or `scopecompat`.
The cases and the recorder live in scopecompat/_conformance/ (the installed `scopecompat conformance`
command reads them too); this script runs that recorder without importing scopecompat, so it works on
interpreters where scopecompat cannot be installed. DEVELOPERS.md says how to install each TF 1.x.
"""
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "scopecompat", "_conformance"))

import observe  # noqa: E402  (found through the path above)

if __name__ == "__main__":
    sys.exit(observe.main())
