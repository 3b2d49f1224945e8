#!/usr/bin/env python3
"""Derives src/schema/talos/fields.ts from a siderolabs/talos checkout.

    python3 scripts/talos-fields.py /path/to/talos > fields.body

prints the body of TALOS_DOCUMENT_FIELDS (the lines between its braces): for every config document
kind registered in pkg/machinery/config/types at each tag of TAGS, its fields (YAML tags) and what
their Go types take, a field or kind added after the first tag marked with the minor it came in.
It reads the Go sources as text (struct declarations, their YAML tags, the registry calls); it runs
no Go. A developer tool: the output is reviewed and committed, nothing runs it at build time.
"""
import json
import re
import subprocess
import sys

TAGS = [("1.10", "v1.10.0"), ("1.11", "v1.11.0"), ("1.12", "v1.12.0"), ("1.13", "v1.13.0"), ("1.14", "v1.14.0-rc.1")]
LEAF = {"bool": "b", "string": "s"}
# Types with their own YAML readers, and what they take.
CUSTOM = {
    "v1alpha1.ArgValue": "argv",
    "v1alpha1.Base64Bytes": "s",
    "v1alpha1.DiskSize": "size",
    "v1alpha1.Endpoint": "s",
    "v1alpha1.InstallDiskSizeMatcher": "s",
    "meta.URL": "s",
    "network.PortRange": "port",
    "v1alpha1.ClusterInlineManifests": ["L", {"__obj": True, "f": {"name": ["s", None], "contents": ["s", None]}}],
}
X509 = {"PEMEncodedCertificateAndKey": ["crt", "key"], "PEMEncodedCertificate": ["crt"], "PEMEncodedKey": ["key"]}


def git(repo, *args):
    return subprocess.run(["git", "-C", repo, *args], capture_output=True, text=True, check=True).stdout


def read_tag(repo, tag):
    files = [
        f
        for root in ("pkg/machinery/config/types", "pkg/machinery/config/config")
        for f in git(repo, "ls-tree", "-r", "--name-only", tag, root).split()
        if f.endswith(".go") and not f.endswith("_test.go") and "deepcopy" not in f
    ]
    structs, aliases, custom, kinds = {}, {}, set(), {}
    for f in files:
        pkg = f.split("/")[-2]
        src = git(repo, "show", f"{tag}:{f}")
        for m in re.finditer(r"func \(\w+ \*?(\w+)(?:\[\w+\])?\) (UnmarshalYAML|UnmarshalText|UnmarshalJSON)", src):
            custom.add(f"{pkg}.{m.group(1)}")
        for m in re.finditer(r"^type (\w+) struct\s*\{\s*\}", src, re.M):
            structs[f"{pkg}.{m.group(1)}"] = []
        for m in re.finditer(r"^type (\w+) struct \{\n(.*?)^\}", src, re.S | re.M):
            fields = []
            for line in m.group(2).split("\n"):
                s = line.strip()
                if s.startswith("//"):
                    continue
                named = re.match(r"(\w+)\s+([\w.*\[\]]+(?:\[[\w.*]+\][\w.*]+)?)\s+`([^`]*)`", s)
                embedded = re.match(r"^([\w.*]+)\s*`([^`]*)`", s)
                if named:
                    name, gotype, tags = named.groups()
                elif embedded:
                    name, (gotype, tags) = None, embedded.groups()
                else:
                    continue
                tag_ = re.search(r'yaml:"([^"]*)"', tags)
                if not tag_ or tag_.group(1).split(",")[0] == "-":
                    continue
                parts = tag_.group(1).split(",")
                fields.append((None if "inline" in parts[1:] else parts[0], gotype))
            structs[f"{pkg}.{m.group(1)}"] = fields
        for m in re.finditer(r"^type (\w+) (?:= )?([\w.*\[\]]+)\s*$", src, re.M):
            aliases[f"{pkg}.{m.group(1)}"] = m.group(2)
        consts = dict(re.findall(r'\b([A-Za-z0-9_]+)\s*=\s*"([A-Za-z0-9]+)"', src))
        for m in re.finditer(r'registry\.Register\(\s*([A-Za-z0-9_."]+)\s*,(.{0,600}?)\n\s*\}\)', src, re.S):
            kind = m.group(1).strip('"') if m.group(1).startswith('"') else consts.get(m.group(1).split(".")[-1], m.group(1))
            target = re.search(r"&(\w+)\{", m.group(2))
            if target:
                kinds[kind] = f"{pkg}.{target.group(1)}"
    return {"structs": structs, "aliases": aliases, "custom": custom, "kinds": kinds}


def resolve(d, pkg, t, seen):
    """A Go type as a shape: a leaf letter, ["L", x], ["M", x], or {"__obj": True, "f": {name: [shape, None]}}."""
    t = t.lstrip("*")
    if t == "[]byte":
        return "s"
    if t.startswith("[]"):
        return ["L", resolve(d, pkg, t[2:], seen)]
    m = re.match(r"map\[(\w+)\](.*)", t)
    if m:
        return ["M", resolve(d, pkg, m.group(2), seen)]
    if t in LEAF:
        return LEAF[t]
    if re.match(r"^u?int\d*$|^byte$", t):
        return "u" if t.startswith("u") or t == "byte" else "i"
    if t.startswith("float"):
        return "f"
    if t in ("any", "interface{}"):
        return "a"
    if "." in t:
        p, n = t.split(".", 1)
        if p == "x509":
            return {"__obj": True, "f": {k: ["s", None] for k in X509.get(n, [])}} if n in X509 else "a"
        if (p, n) == ("os", "FileMode"):
            return "mode"
        if (p, n) == ("time", "Duration"):
            return "dur"
        key = t
    else:
        key = f"{pkg}.{t}"
    if key in CUSTOM:
        return CUSTOM[key]
    if key in d["custom"] or key.endswith(".Unstructured"):
        return "a"
    if key in d["aliases"]:
        target = d["aliases"][key]
        if target == key:
            return "s"  # an alias of the same-named type of a same-named package (resources/block): an enum
        return resolve(d, key.split(".")[0], target, seen)
    if key in d["structs"]:
        if key in seen:
            return "a"
        out = {}
        for name, gotype in d["structs"][key]:
            sub = resolve(d, key.split(".")[0], gotype, seen | {key})
            if name is None:
                if isinstance(sub, dict):
                    out.update(sub["f"])
            else:
                out[name] = [sub, None]
        return {"__obj": True, "f": out} if out else "a"  # no fields: a wrapper of a text type
    return "s"  # enums and text types of other packages


def merge(acc, new, minor):
    if isinstance(new, dict):
        out = acc if isinstance(acc, dict) else {"__obj": True, "f": {}}
        for k, (v, _) in new["f"].items():
            if k in out["f"]:
                out["f"][k][0] = merge(out["f"][k][0], v, minor)
            else:
                out["f"][k] = [merge(None, v, minor), None if acc is None else minor]
        return out
    if isinstance(new, list):
        inner = acc[1] if isinstance(acc, list) and acc[0] == new[0] else None
        return [new[0], merge(inner, new[1], minor)]
    return new


def argv(shape, name=None):
    """extraArgs took only strings before 1.13, strings or lists since: a scalar or a list throughout."""
    if isinstance(shape, list):
        return ["M", "argv"] if name == "extraArgs" and shape[0] == "M" else [shape[0], argv(shape[1])]
    if isinstance(shape, dict):
        for k, v in shape["f"].items():
            v[0] = argv(v[0], k)
    return shape


def key(name, since):
    k = name + (f"@{since}" if since else "")
    return k if re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", k) else json.dumps(k)


def flat(shape):
    if isinstance(shape, str):
        return json.dumps(shape)
    if isinstance(shape, list):
        return f"[{json.dumps(shape[0])}, {flat(shape[1])}]"
    parts = [f"{key(k, s)}: {flat(v)}" for k, (v, s) in shape["f"].items()]
    return "{ " + ", ".join(parts) + " }" if parts else "{}"


def pretty(shape, indent):
    one = flat(shape)
    if len(one) + indent <= 118 or isinstance(shape, str):
        return one
    if isinstance(shape, list):
        return f"[{json.dumps(shape[0])}, {pretty(shape[1], indent)}]"
    pad = " " * (indent + 2)
    lines = [f"{pad}{key(k, s)}: {pretty(v, indent + 2)}," for k, (v, s) in shape["f"].items()]
    return "{\n" + "\n".join(lines) + "\n" + " " * indent + "}"


def main(repo):
    kinds = {}
    for minor, tag in TAGS:
        d = read_tag(repo, tag)
        for kind, struct in d["kinds"].items():
            shape = resolve(d, struct.split(".")[0], struct.split(".", 1)[1], set())
            if kind in kinds:
                kinds[kind][0] = merge(kinds[kind][0], shape, minor)
            else:
                kinds[kind] = [merge(None, shape, minor), None if minor == TAGS[0][0] else minor]
    for kind in sorted(kinds, key=lambda k: (k != "v1alpha1", k)):
        shape, since = kinds[kind]
        print(f"  {key(kind, since)}: {pretty(argv(shape), 2)},")


if __name__ == "__main__":
    main(sys.argv[1])
