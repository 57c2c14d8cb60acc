#!/usr/bin/python3
"""Checks Cicada's profile JSON Schema with a validator Cicada did not write (Debian's
python3-jsonschema), against `cicada-cli validate`:

- the committed resources/schema/cicada-profile.schema.json equals `cicada-cli schema` and is a
  valid draft 2020-12 schema;
- every example and test profile is valid under the schema and under `cicada-cli validate`;
- every fixture in tests/data/profiles/broken/schema/ (one schema-level error each) is refused by
  both, and cicada-cli names the place the schema names (the same JSON path, or a key inside it).

Usage: profileschematest.py SOURCE_DIR CICADA_CLI
"""

import glob
import json
import os
import re
import subprocess
import sys

try:
    import jsonschema
except ImportError:
    sys.exit("python3-jsonschema is missing: run scripts/setup.sh (Debian package python3-jsonschema)")

SOURCE, CLI = sys.argv[1], sys.argv[2]
SCHEMA_FILE = os.path.join(SOURCE, "resources/schema/cicada-profile.schema.json")
failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message)


def json_path(parts):
    """jsonschema's absolute_path as Cicada writes JSON paths: $.a.b[0]["odd key"]."""
    out = "$"
    for p in parts:
        if isinstance(p, int):
            out += "[%d]" % p
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", p):
            out += "." + p
        else:
            out += '["%s"]' % p.replace("\\", "\\\\").replace('"', '\\"')
    return out


def cicada_validate(path):
    run = subprocess.run([CLI, "validate", path], capture_output=True, text=True, timeout=60)
    paths = re.findall(r"^[^\n]*?: (\$[^:\n]*): ", run.stderr, re.M)
    return run.returncode, paths, run.stderr


def error_locations(error):
    """The places an error is about, including the branches of oneOf/anyOf, as path tuples."""
    yield tuple(error.absolute_path)
    for sub in error.context or []:
        yield from error_locations(sub)


def deepest_schema_paths(errors):
    """The most precise places the schema names: a step that matches no kind is reported at the
    step, and the kind whose key is there reports the exact key below it."""
    locations = {loc for e in errors for loc in error_locations(e)}
    depth = max(len(loc) for loc in locations)
    return {json_path(loc) for loc in locations if len(loc) == depth}


# 1. The committed schema is the generated one, and a valid schema.
generated = subprocess.run([CLI, "schema"], capture_output=True, timeout=60)
if generated.returncode != 0:
    fail("cicada-cli schema exited with %d: %s" % (generated.returncode, generated.stderr))
with open(SCHEMA_FILE, "rb") as f:
    committed = f.read()
if generated.stdout != committed:
    fail("resources/schema/cicada-profile.schema.json differs from `cicada-cli schema`; "
         "regenerate it: cicada-cli schema > resources/schema/cicada-profile.schema.json")
schema = json.loads(committed)
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)

# 2. Every example and test profile is valid under both.
valid = sorted(glob.glob(os.path.join(SOURCE, "resources/profiles/*.json"))
               + glob.glob(os.path.join(SOURCE, "bench/*.json"))
               + glob.glob(os.path.join(SOURCE, "tests/data/profiles/*.json")))
for path in valid:
    name = os.path.relpath(path, SOURCE)
    with open(path) as f:
        instance = json.load(f)
    if "schema" not in instance or "userTypes" not in instance:
        continue  # not a profile (e.g. a benchmark's other settings)
    errors = list(validator.iter_errors(instance))
    for e in errors:
        fail("%s: schema says %s: %s" % (name, json_path(e.absolute_path), e.message))
    code, _, text = cicada_validate(path)
    if code != 0:
        fail("%s: cicada-cli validate exited with %d:\n%s" % (name, code, text))
print("valid profiles checked: %d" % len(valid))

# 3. Every schema-level broken fixture is refused by both, at the same place.
broken = sorted(glob.glob(os.path.join(SOURCE, "tests/data/profiles/broken/schema/*.json")))
if len(broken) < 20:
    fail("expected the broken schema fixtures, found %d" % len(broken))
for path in broken:
    name = os.path.relpath(path, SOURCE)
    with open(path) as f:
        instance = json.load(f)
    errors = list(validator.iter_errors(instance))
    code, cicada_paths, text = cicada_validate(path)
    if not errors:
        fail("%s: the schema accepts it" % name)
    if code != 2:
        fail("%s: cicada-cli validate exited with %d, expected 2" % (name, code))
    if not errors or code != 2:
        continue
    schema_paths = deepest_schema_paths(errors)

    def agrees(cicada_path):
        return any(cicada_path == p or cicada_path.startswith(p + ".")
                   or cicada_path.startswith(p + "[") for p in schema_paths)

    if not any(agrees(p) for p in cicada_paths):
        fail("%s: cicada-cli reports %s, the schema %s" % (name, cicada_paths, sorted(schema_paths)))
print("broken fixtures checked: %d" % len(broken))

if failures:
    print("%d failure(s)" % len(failures))
    sys.exit(1)
print("PASS")
