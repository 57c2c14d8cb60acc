#!/usr/bin/python3
"""Generates Cicada's man pages and bash completion from the executables' own --help, so that
they cannot drift from the programs (tests/packaging/ checks that they agree).

  helpdoc.py man CICADA_CLI CICADA VERSION OUTDIR      -> OUTDIR/cicada-cli.1, OUTDIR/cicada.1
  helpdoc.py completion CICADA_CLI CICADA OUTFILE      -> bash completion for both programs
  helpdoc.py options CICADA_CLI CICADA                 -> every (program, command, option), one a line

`cicada --help` runs with QT_QPA_PLATFORM=offscreen: no display is needed at build time.
"""
import os
import re
import subprocess
import sys

HELP_LINE = re.compile(r"^  (-\S+(?:, -\S+)*)(?: <([^>]+)>)?(?:\s{2,}(.*))?$")


def help_text(program, *args):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([program, *args, "--help"], capture_output=True, text=True, env=env,
                          timeout=60)
    if done.returncode != 0:
        sys.exit("helpdoc: '%s %s --help' failed (%d): %s"
                 % (program, " ".join(args), done.returncode, done.stderr))
    # Machine-dependent defaults ("one per core, here 8") do not belong in a document.
    return re.sub(r", here \d+\)", ")", done.stdout)


def parse(text):
    """A QCommandLineParser help text -> (usage, description, [(names, value, help)], [(arg, help)])."""
    lines = text.rstrip("\n").split("\n")
    # "Usage: cicada-cli run [options] PROFILE" or "Usage: build/app/cicada [options] [PROFILE]":
    # the synopsis after the program (and command) name.
    usage = ""
    if lines and lines[0].startswith("Usage:"):
        first = lines[0]
        usage = first[first.index("[options]"):] if "[options]" in first else first.split(" ", 2)[-1]
    description, options, arguments = [], [], []
    section = "description"
    for line in lines[1:]:
        if line == "Options:":
            section = "options"
            continue
        if line == "Arguments:":
            section = "arguments"
            continue
        if section == "description":
            description.append(line)
            continue
        if not line.strip():
            continue
        if section == "options":
            m = HELP_LINE.match(line)
            if m:
                options.append([m.group(1).split(", "), m.group(2), m.group(3) or ""])
            elif options:
                options[-1][2] += " " + line.strip()
        else:
            parts = line.strip().split(None, 1)
            if line.startswith("  ") and not line.startswith("   ") and parts:
                arguments.append([parts[0], parts[1] if len(parts) > 1 else ""])
            elif arguments:
                arguments[-1][1] += " " + line.strip()
    while description and not description[-1].strip():
        description.pop()
    # Qt's own --help-all is about Qt's options, not Cicada's.
    options = [o for o in options if "--help-all" not in o[0]]
    return usage, description, options, arguments


def commands(cli):
    """(name, synopsis, summary) of every cicada-cli command, from its top-level --help."""
    text = help_text(cli)
    out = []
    in_commands = False
    for line in text.split("\n"):
        if line.startswith("Commands:"):
            in_commands = True
            continue
        if in_commands:
            if not line.strip():
                break
            m = re.match(r"^  (\S+)(.*?)\s{2,}(.*)$", line)
            if m:
                out.append((m.group(1), (m.group(1) + m.group(2)).strip(), m.group(3)))
    return out, text


def roff(text):
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\n".join(("\\&" + l if l.startswith((".", "'")) else l) for l in text.split("\n"))


def roff_options(options):
    out = []
    for names, value, help_ in options:
        head = ", ".join("\\fB%s\\fR" % roff(n) for n in names)
        if value:
            head += " \\fI%s\\fR" % roff(value)
        out += [".TP", head, roff(help_)]
    return out


def paragraphs(lines):
    out = []
    for block in "\n".join(lines).split("\n\n"):
        if block.strip():
            out += [".PP", roff(block.strip())]
    return out


def man_cli(cli, version):
    cmds, top = commands(cli)
    top_lines = top.split("\n")
    out = ['.TH CICADA\\-CLI 1 "" "Cicada %s" "User Commands"' % version,
           ".SH NAME", "cicada\\-cli \\- headless load tests, distributed workers and the demo "
           "server of Cicada",
           ".SH SYNOPSIS", "\\fBcicada\\-cli\\fR \\fICOMMAND\\fR [\\fIOPTIONS\\fR]",
           ".br", "\\fBcicada\\-cli\\fR \\fB\\-\\-version\\fR | \\fB\\-\\-help\\fR",
           ".SH DESCRIPTION",
           "Cicada is a load\\-testing studio for WebSocket and HTTP services. \\fBcicada\\-cli\\fR "
           "runs the same profiles as the desktop application \\fBcicada\\fR(1) without a display.",
           ".SH COMMANDS"]
    for name, synopsis, summary in cmds:
        usage, description, options, arguments = parse(help_text(cli, name))
        out += [".SS %s" % roff(synopsis), roff(summary[:1].upper() + summary[1:]) + "."]
        out += [".PP", "\\fBcicada\\-cli %s\\fR %s" % (roff(name), roff(usage.replace("[options]", "[OPTIONS]")))]
        out += paragraphs(description)
        if arguments:
            out += [".PP", "Arguments:"]
            for arg, help_ in arguments:
                out += [".TP", "\\fI%s\\fR" % roff(arg), roff(help_)]
        if options:
            out += [".PP", "Options:"] + roff_options(options)
    exit_lines = [l for l in top_lines if l.startswith("Exit codes") or
                  (top_lines.index(l) > 0 and top_lines[top_lines.index(l) - 1].startswith("Exit codes"))]
    out += [".SH EXIT STATUS", roff(" ".join(exit_lines).replace("Exit codes: ", ""))]
    out += [".SH FILES", ".TP", "/usr/share/cicada/profiles/demo\\-chat.cicada.json",
            "The bundled example profile (run \\fBcicada\\-cli serve\\-demo\\fR first).",
            ".TP", "/usr/share/cicada/grafana/cicada\\-dashboard.json",
            "A Grafana dashboard for the metrics of \\fB\\-\\-metrics\\-port\\fR.",
            ".TP", "/lib/systemd/system/cicada\\-worker@.service",
            "Runs \\fBcicada\\-cli worker\\fR for /etc/cicada/\\fIINSTANCE\\fR.cicada.json.",
            ".SH SEE ALSO", "\\fBcicada\\fR(1), \\fBlocust\\fR(1)", ""]
    return "\n".join(out)


def man_gui(gui, version):
    usage, description, options, arguments = parse(help_text(gui))
    out = ['.TH CICADA 1 "" "Cicada %s" "User Commands"' % version,
           ".SH NAME", "cicada \\- load\\-testing studio for WebSocket and HTTP services",
           ".SH SYNOPSIS", "\\fBcicada\\fR %s" % roff(usage.replace("[options]", "[OPTIONS]")),
           ".SH DESCRIPTION"]
    out += paragraphs(description) or [".PP", "The Cicada desktop application."]
    if arguments:
        out += [".SH ARGUMENTS"]
        for arg, help_ in arguments:
            out += [".TP", "\\fI%s\\fR" % roff(arg), roff(help_)]
    out += [".SH OPTIONS"] + roff_options(options)
    out += [".SH SEE ALSO", "\\fBcicada\\-cli\\fR(1)", ""]
    return "\n".join(out)


def all_options(cli, gui):
    rows = []
    for names, _, _ in parse(help_text(gui))[2]:
        rows += [("cicada", "", n) for n in names]
    for name, _, _ in commands(cli)[0]:
        for names, _, _ in parse(help_text(cli, name))[2]:
            rows += [("cicada-cli", name, n) for n in names]
    return rows


def completion(cli, gui):
    cmds = [c[0] for c in commands(cli)[0]]
    cases = []
    for name in cmds:
        words = [n for o in parse(help_text(cli, name))[2] for n in o[0]]
        cases.append('        %s) opts="%s" ;;' % (name, " ".join(words)))
    gui_opts = " ".join(n for o in parse(help_text(gui))[2] for n in o[0])
    return """# bash completion for cicada-cli and cicada. Generated by packaging/helpdoc.py from --help.

_cicada_cli()
{
    local cur prev command opts
    cur="${COMP_WORDS[COMP_CWORD]}"
    prev="${COMP_WORDS[COMP_CWORD-1]}"
    if [[ $COMP_CWORD -eq 1 ]]; then
        COMPREPLY=($(compgen -W "%(cmds)s --help --version" -- "$cur"))
        return
    fi
    command="${COMP_WORDS[1]}"
    case "$command" in
%(cases)s
        *) return ;;
    esac
    if [[ $command == import && $COMP_CWORD -eq 2 && $cur != -* ]]; then
        COMPREPLY=($(compgen -W "har curl" -- "$cur"))
        return
    fi
    case "$prev" in
        --csv|--json|--html|-o|--output)
            COMPREPLY=($(compgen -f -- "$cur"))
            return ;;
        -u|--users|-r|--spawn-rate|-t|--run-time|--threads|--metrics-port|--metrics-bind|\\
        --metrics-linger|--threshold|--master-host|--master-port|--transport|-p|--port|--name)
            return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    else
        COMPREPLY=($(compgen -f -X '!*@(.json|.har)' -- "$cur") $(compgen -d -- "$cur"))
    fi
}

_cicada_gui()
{
    local cur="${COMP_WORDS[COMP_CWORD]}"
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "%(gui)s" -- "$cur"))
    else
        COMPREPLY=($(compgen -f -X '!*.json' -- "$cur") $(compgen -d -- "$cur"))
    fi
}

complete -o filenames -F _cicada_cli cicada-cli
complete -o filenames -F _cicada_gui cicada
""" % {"cmds": " ".join(cmds), "cases": "\n".join(cases), "gui": gui_opts}


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode == "man" and len(sys.argv) == 6:
        cli, gui, version, outdir = sys.argv[2:]
        os.makedirs(outdir, exist_ok=True)
        with open(os.path.join(outdir, "cicada-cli.1"), "w") as f:
            f.write(man_cli(cli, version))
        with open(os.path.join(outdir, "cicada.1"), "w") as f:
            f.write(man_gui(gui, version))
    elif mode == "completion" and len(sys.argv) == 5:
        with open(sys.argv[4], "w") as f:
            f.write(completion(sys.argv[2], sys.argv[3]))
    elif mode == "options" and len(sys.argv) == 4:
        for row in all_options(sys.argv[2], sys.argv[3]):
            print("\t".join(row))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
