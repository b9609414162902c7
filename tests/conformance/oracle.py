"""Install a real TF 1.x oracle (if missing) and re-record its conformance golden, failing on any difference.

    python tests/conformance/oracle.py 1.15.5            # check golden/tf-1.15.5.json against real TF 1.15.5
    python tests/conformance/oracle.py 1.15.5 --record   # rewrite it instead
    python tests/conformance/oracle.py all

Each oracle lives in ORACLES_DIR/tf-<version> (default .tox/oracles in the repository; set
SCOPECOMPAT_ORACLES or --oracles-dir to reuse existing ones). The recipes below are the only place
that says how each TF 1.x installs: which old Python it needs and which pins make pip resolve.
Runs on Python 3.9+, standard library only; the tox envs oracle-tf* run it.
"""
import argparse
import glob
import os
import shutil
import subprocess
import sys
from collections import namedtuple

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
GOLDEN_DIR = os.path.join(REPO, "scopecompat", "_conformance", "golden")

Recipe = namedtuple("Recipe", "python bootstrap packages")
ORACLES = {
    # TF 1.15 (last 1.x) has wheels up to Python 3.7; protobuf 3.21 dropped what it imports. scipy for
    # contrib.opt.ScipyOptimizerInterface's case (scipy 1.8 needs Python 3.8), pandas for the estimator
    # goldens' pandas_input_fn (pandas 1.4 needs Python 3.8).
    "1.15.5": Recipe("3.7", [], ["tensorflow==1.15.5", "protobuf<3.21", "scipy<1.8", "pandas<1.4"]),
    # TF 1.4 and 1.0 have Python 3.6 wheels; the venv's own pip 18 must be upgraded first, or it picks
    # a werkzeug that needs Python 3.9; numpy 1.17 and protobuf 3.20 dropped what they use.
    "1.4.1": Recipe("3.6", ["pip<22", "wheel<0.38"], ["tensorflow==1.4.1", "numpy<1.17", "protobuf<3.20"]),
    "1.0.0": Recipe("3.6", ["pip<22", "wheel<0.38"], ["tensorflow==1.0.0", "numpy<1.17", "protobuf<3.20"]),
    # TF 0.12 has Python 2.7 wheels; Python 2.7 has no venv module, so virtualenv (last 2.7-capable: <20.22).
    "0.12.1": Recipe("2.7", [], ["tensorflow==0.12.1", "numpy<1.17", "protobuf<3.18"]),
}


def find_python(version):
    """pythonX.Y on PATH, or pyenv's build of it (pyenv's shims fail when another version is global)."""
    candidates = glob.glob(os.path.expanduser("~/.pyenv/versions/%s.*/bin/python%s" % (version, version)))
    on_path = shutil.which("python%s" % version)
    for python in sorted(candidates, reverse=True) + ([on_path] if on_path else []):
        if subprocess.run([python, "-c", "pass"], capture_output=True).returncode == 0:
            return python
    raise SystemExit("Python %s is needed for this oracle but was not found: install it (e.g. `pyenv install %s`)"
                     % (version, version))


def run(command, **kwargs):
    print("+ " + " ".join(command), flush=True)
    subprocess.run(command, check=True, **kwargs)


def install(version, folder):
    """Create the oracle's environment in `folder` with its recipe; nothing is left behind on failure."""
    recipe = ORACLES[version]
    python = find_python(recipe.python)
    partial = folder + ".partial"
    shutil.rmtree(partial, ignore_errors=True)
    try:
        if recipe.python == "2.7":
            tools = folder + ".virtualenv"
            run([python, "-m", "pip", "install", "-q", "--target", tools, "virtualenv<20.22"])
            run([python, "-m", "virtualenv", "-p", python, partial], env=dict(os.environ, PYTHONPATH=tools))
        else:
            run([python, "-m", "venv", partial])
        pip = [os.path.join(partial, "bin", "python"), "-m", "pip", "install", "-q"]
        if recipe.bootstrap:
            run(pip + ["-U"] + recipe.bootstrap)
        run(pip + recipe.packages)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    # A virtualenv records its own path in its scripts; the python binary itself runs from anywhere.
    os.rename(partial, folder)


def oracle_python(version, oracles_dir):
    folder = os.path.join(oracles_dir, "tf-%s" % version)
    python = os.path.join(folder, "bin", "python")
    if not os.path.exists(python):
        install(version, folder)
    return python


def check(version, oracles_dir, record=False):
    python = oracle_python(version, oracles_dir)
    golden = os.path.join(GOLDEN_DIR, "tf-%s.json" % version)
    action = ["--out", golden] if record else ["--check", golden]
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    command = [python, os.path.join(HERE, "record.py"), "--tf", "tensorflow"] + action
    print("+ " + " ".join(command), flush=True)
    # TF 1.x logs a deprecation warning per old API the cases use: keep stderr for failures only.
    result = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
    sys.stdout.write(result.stdout)
    if result.returncode != 0:
        sys.stderr.write(result.stderr[-5000:])
    return result.returncode


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("version", choices=sorted(ORACLES) + ["all"])
    parser.add_argument("--record", action="store_true", help="rewrite the golden instead of checking it")
    parser.add_argument("--oracles-dir", default=os.environ.get("SCOPECOMPAT_ORACLES") or
                        os.path.join(REPO, ".tox", "oracles"), help="where the oracle environments live")
    args = parser.parse_args(argv)
    os.makedirs(args.oracles_dir, exist_ok=True)
    versions = sorted(ORACLES) if args.version == "all" else [args.version]
    return max(check(version, args.oracles_dir, args.record) for version in versions)


if __name__ == "__main__":
    sys.exit(main())
