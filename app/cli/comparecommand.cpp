#include "commands.h"

#include "report/atomicfile.h"
#include "report/comparisonreport.h"
#include "report/deltathreshold.h"
#include "report/reportformat.h"
#include "report/resultfile.h"
#include "report/runcomparison.h"
#include "report/runresult.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QTextStream>

#include <algorithm>

namespace cicada {

namespace {

const char kRuleHelp[] =
    "Delta thresholds compare B with A: METRIC[(SELECTOR)] SIGN LIMIT UNIT, where METRIC\n"
    "is a percentile (p50, p95, p99, any pN), error_rate or rps; SELECTOR is TYPE:NAME\n"
    "(e.g. \"GET:/api/items\") or a NAME, the Aggregated rows when absent. Latencies and\n"
    "error_rate take '+' (the rise allowed), rps takes '-' (the drop allowed). Units:\n"
    "pN % (of A's value), ms, s or us; error_rate % (percentage points); rps % or /s.\n"
    "Examples: \"p95 +10%\" (B's p95 at most 10 % above A's), \"p99 +20ms\",\n"
    "\"error_rate +0.5%\", \"rps -5%\", \"p95(GET:/api/items) +10%\".\n";

/** The parse error of a rule as two extra lines: the text and a caret under the column. */
QString caretLines(const QString &text, const Threshold::ParseError &error)
{
    return QStringLiteral("    %1\n    %2^\n").arg(text, QString(error.position, QLatin1Char(' ')));
}

bool parseRules(const QString &command, const QString &option, const QStringList &texts,
                QList<DeltaThreshold> *rules)
{
    QTextStream err(stderr);
    for (const QString &text : texts) {
        Threshold::ParseError error;
        const std::optional<DeltaThreshold> rule = DeltaThreshold::parse(text, &error);
        if (!rule) {
            err << "cicada-cli " << command << ": bad " << option << " " << error.toString(text)
                << "\n"
                << caretLines(text, error);
            return false;
        }
        rules->append(*rule);
    }
    return true;
}

QString runLine(const QString &label, const QString &path, const RunResult &run)
{
    return QStringLiteral("%1 %2: %3, %4, %5 requests, %6 failed\n")
        .arg(label, path,
             run.profileName().isEmpty() ? QStringLiteral("(unnamed profile)") : run.profileName(),
             ReportFormat::utcText(run.startMs))
        .arg(run.aggregated.numRequests)
        .arg(run.aggregated.numFailures);
}

} // namespace

bool loadBaseline(const QString &path, const QStringList &rules, RunResult *baseline,
                  QList<DeltaThreshold> *parsed)
{
    QTextStream err(stderr);
    if (path.isEmpty()) {
        err << "cicada-cli run: --baseline-threshold needs --baseline FILE\n";
        return false;
    }
    QString error;
    if (!ResultFile::load(path, baseline, &error)) {
        err << "cicada-cli run: --baseline: " << error << "\n";
        return false;
    }
    return parseRules(QStringLiteral("run"), QStringLiteral("--baseline-threshold"), rules, parsed);
}

bool printBaselineComparison(const QString &path, const RunResult &baseline,
                             const RunResult &current, const QList<DeltaThreshold> &rules)
{
    const RunComparison comparison(&baseline, &current);
    const QList<ThresholdVerdict> verdicts = comparison.evaluate(rules);
    QTextStream out(stdout);
    out << "\nComparison with the baseline (A = " << path << ", B = this run)\n"
        << comparison.table();
    if (!verdicts.isEmpty())
        out << "\n" << RunComparison::verdictText(verdicts);
    out.flush();
    return std::all_of(verdicts.cbegin(), verdicts.cend(),
                       [](const ThresholdVerdict &v) { return v.passed; });
}

int compareCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Compares two saved results (cicada-cli run --json FILE): A is the\n"
                       "baseline, B the current run. Prints per (type, name) and for the\n"
                       "Aggregated rows p50, p95, p99 (ms), the error rate (%) and rps of A and B\n"
                       "and the change (B - A, and relative to A), then the delta thresholds.\n"
                       "\n") +
        QString::fromUtf8(kRuleHelp) +
        QStringLiteral("\n"
                       "Exit codes: 0 every delta threshold holds (or none was given); 1 a delta\n"
                       "threshold is broken; 2 bad arguments, a bad rule, a result that cannot\n"
                       "be read or an output that cannot be written."));
    const QCommandLineOption help = parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("A"),
                                 QStringLiteral("the baseline result file (run --json)"));
    parser.addPositionalArgument(QStringLiteral("B"),
                                 QStringLiteral("the current result file (run --json)"));
    const QCommandLineOption threshold(
        QStringLiteral("threshold"),
        QStringLiteral("A delta threshold, e.g. \"p95 +10%\" (repeatable)."),
        QStringLiteral("RULE"));
    const QCommandLineOption html(QStringLiteral("html"),
                                  QStringLiteral("Write a self-contained HTML comparison report."),
                                  QStringLiteral("FILE"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Write the comparison and verdicts as JSON."),
                                  QStringLiteral("FILE"));
    parser.addOptions({threshold, html, json});

    QTextStream out(stdout);
    QTextStream err(stderr);
    // parse(), not process(): process() exits with 1 on a bad option, the code of a broken rule.
    if (!parser.parse(args)) {
        err << "cicada-cli compare: " << parser.errorText() << " (see --help)\n";
        return kExitBadInput;
    }
    if (parser.isSet(help))
        parser.showHelp(kExitOk);
    const QStringList files = parser.positionalArguments();
    if (files.size() != 2) {
        err << "cicada-cli compare: expected two result files, A (baseline) and B (current) "
               "(see --help)\n";
        return kExitBadInput;
    }
    QList<DeltaThreshold> rules;
    if (!parseRules(QStringLiteral("compare"), QStringLiteral("--threshold"),
                    parser.values(threshold), &rules))
        return kExitBadInput;
    RunResult a;
    RunResult b;
    QString error;
    for (const auto &[path, run] : {std::pair{files.at(0), &a}, std::pair{files.at(1), &b}}) {
        if (!ResultFile::load(path, run, &error)) {
            err << "cicada-cli compare: " << error << "\n";
            return kExitBadInput;
        }
    }

    const RunComparison comparison(&a, &b);
    const QList<ThresholdVerdict> verdicts = comparison.evaluate(rules);
    out << runLine(QStringLiteral("A (baseline):"), files.at(0), a)
        << runLine(QStringLiteral("B (current): "), files.at(1), b) << "\n"
        << comparison.table();
    if (!verdicts.isEmpty())
        out << "\n" << RunComparison::verdictText(verdicts);
    out.flush();

    bool outputsOk = true;
    if (parser.isSet(json)) {
        const QByteArray text = QJsonDocument(comparison.toJson(verdicts)).toJson();
        if (AtomicFile::write(parser.value(json), text, &error)) {
            out << "Comparison written to " << parser.value(json) << "\n";
        } else {
            err << "cicada-cli compare: " << error << "\n";
            outputsOk = false;
        }
    }
    if (parser.isSet(html)) {
        if (ComparisonReport::save(parser.value(html), comparison, verdicts, &error)) {
            out << "Report written to " << parser.value(html) << "\n";
        } else {
            err << "cicada-cli compare: " << error << "\n";
            outputsOk = false;
        }
    }
    if (!outputsOk)
        return kExitBadInput;
    const bool allHold = std::all_of(verdicts.cbegin(), verdicts.cend(),
                                     [](const ThresholdVerdict &v) { return v.passed; });
    return allHold ? kExitOk : kExitThresholdsFailed;
}

} // namespace cicada
