#!/usr/bin/python3
"""The man pages and bash completion the packages install agree with the programs' --help:
they are what packaging/helpdoc.py makes from these binaries, every option of every command is
documented and completed, and groff reads the pages without a warning.

Usage: helpdocstest.py CICADA_CLI CICADA HELPDOC_PY PACKAGING_BUILD_DIR
"""
import os
import subprocess
import sys
import tempfile
import unittest

CLI, GUI, HELPDOC, BUILD = sys.argv[1:5]


def run(*args, **kwargs):
    return subprocess.run(list(args), capture_output=True, text=True, timeout=60, check=True,
                          **kwargs).stdout


def roff(text):
    return text.replace("\\", "\\e").replace("-", "\\-")


class HelpDocsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.options = [line.split("\t") for line in
                       run("/usr/bin/python3", HELPDOC, "options", CLI, GUI).splitlines()]
        cls.pages = {}
        for name in ("cicada-cli", "cicada"):
            with open(os.path.join(BUILD, "man", name + ".1")) as f:
                cls.pages[name] = f.read()

    def test_the_packaged_files_are_what_these_binaries_generate(self):
        with tempfile.TemporaryDirectory() as tmp:
            run("/usr/bin/python3", HELPDOC, "man", CLI, GUI, "0", tmp)
            for name in ("cicada-cli", "cicada"):
                with open(os.path.join(tmp, name + ".1")) as f:
                    fresh = f.read()
                # The version in the title line is the build's; everything else must be equal.
                self.assertEqual(fresh.split("\n", 1)[1], self.pages[name].split("\n", 1)[1],
                                 name + ".1 is stale: rebuild (target cicada_helpdocs)")
            run("/usr/bin/python3", HELPDOC, "completion", CLI, GUI, os.path.join(tmp, "c"))
            with open(os.path.join(tmp, "c")) as f, \
                    open(os.path.join(BUILD, "cicada.bash-completion")) as g:
                self.assertEqual(f.read(), g.read())

    def test_every_option_of_every_command_is_in_the_man_page(self):
        self.assertGreater(len(self.options), 40)
        commands = {c for p, c, _ in self.options if p == "cicada-cli"}
        self.assertTrue({"run", "validate", "worker", "import", "serve-demo"} <= commands)
        for command in commands:
            self.assertIn(".SS %s" % roff(command), self.pages["cicada-cli"])
        for program, command, option in self.options:
            with self.subTest(program=program, command=command, option=option):
                self.assertIn("\\fB%s\\fR" % roff(option), self.pages[program])

    def test_groff_reads_the_pages_without_warnings(self):
        for name, page in self.pages.items():
            done = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z"], input=page,
                                  capture_output=True, text=True, timeout=60)
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertEqual(done.stderr, "", name)

    def complete(self, *words):
        script = ('source "%s"; COMP_WORDS=(%s); COMP_CWORD=%d; %s; printf "%%s\\n" "${COMPREPLY[@]}"'
                  % (os.path.join(BUILD, "cicada.bash-completion"),
                     " ".join("'%s'" % w for w in words), len(words) - 1,
                     "_cicada_gui" if words[0] == "cicada" else "_cicada_cli"))
        return run("bash", "-c", script).split()

    def test_bash_completes_commands_and_each_commands_options(self):
        self.assertEqual(self.complete("cicada-cli", "im"), ["import"])
        self.assertEqual(self.complete("cicada-cli", "import", "h"), ["har"])
        self.assertEqual(sorted(self.complete("cicada-cli", "run", "--metrics-")),
                         ["--metrics-bind", "--metrics-linger", "--metrics-port"])
        self.assertEqual(self.complete("cicada-cli", "worker", "--master-h"), ["--master-host"])
        for program, command, option in self.options:
            if option.startswith("--"):
                words = [program, command, option] if command else [program, option]
                with self.subTest(words=words):
                    self.assertIn(option, self.complete(*words))


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
