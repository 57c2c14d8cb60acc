#include "commands.h"
#include "profileloading.h"

#include "engine/compiledprofile.h"
#include "engine/fdlimit.h"
#include "engine/runner.h"
#include "output/consoletable.h"
#include "output/locustcsvwriter.h"
#include "output/timeformat.h"
#include "profile/profileio.h"
#include "profile/threshold.h"
#include "report/atomicfile.h"
#include "report/deltathreshold.h"
#include "report/htmlreport.h"
#include "report/resultbuilder.h"
#include "report/resultfile.h"
#include "report/thresholdmonitor.h"
#include "run/runsession.h"

#include "consoleprogress.h"
#include "metricsoptions.h"
#include "outputtarget.h"
#include "signalwatcher.h"
#include "targetoptions.h"
#include "terminalcontrol.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonValue>
#include <QTextStream>
#include <QThread>
#include <QTimer>

#include <csignal>
#include <memory>
#include <optional>

namespace cicada {

namespace {

/** The start line's load: users and spawn rate, or the open model's arrival rate, or stages. */
QString describeLoad(const Profile &profile, const LoadSettings &load)
{
    if (!load.stages.isEmpty())
        return QStringLiteral("%1 stages over %2")
            .arg(load.stages.size())
            .arg(ProfileIo::durationToJson(load.stagesDurationMs()).toVariant().toString());
    if (load.arrivalRate) {
        const ArrivalRate &a = *load.arrivalRate;
        QString text = QStringLiteral("%1 iterations/s").arg(a.rate);
        if (a.toRate)
            text += QStringLiteral(" rising to %1/s over %2")
                        .arg(*a.toRate)
                        .arg(ProfileIo::durationToJson(a.overMs).toVariant().toString());
        return text + QStringLiteral(" on at most %1 users").arg(a.maxConcurrent);
    }
    if (profile.isOpenModel())
        return QStringLiteral("an arrival rate per user type");
    return QStringLiteral("%1 users at %2/s").arg(load.users).arg(load.spawnRate);
}

/** Why the numbers may measure Cicada itself: the GUI's amber health bar, as a sentence. */
QString bottleneckNotice(const GeneratorHealth &health)
{
    return QStringLiteral("Cicada itself is the bottleneck (3 of the last 5 s; now worker "
                          "event-loop lag %1 ms, CPU %2% on %3 threads): timers and sockets are "
                          "served late, so response times "
                          "and rates measure the generator too. Use fewer users per thread, "
                          "more threads (--threads) or more machines (cicada-cli worker).")
        .arg(health.loopLagMs, 0, 'f', 0)
        .arg(health.cpuPercent, 0, 'f', 0)
        .arg(health.threads);
}

const QString kAbortOption = QStringLiteral("--abort-on-threshold");

/**
 * QCommandLineParser has no options with an optional value: takes `--abort-on-threshold [WINDOW]`
 * (or `--abort-on-threshold=WINDOW`) out of @p args. WINDOW is taken only when the next argument
 * is a duration. Returns false with @p error set when the window is not a duration.
 */
bool takeAbortOption(QStringList *args, std::optional<qint64> *windowMs, QString *error)
{
    QStringList rest;
    for (qsizetype i = 0; i < args->size(); ++i) {
        const QString &arg = args->at(i);
        if (arg != kAbortOption && !arg.startsWith(kAbortOption + QLatin1Char('='))) {
            rest.append(arg);
            continue;
        }
        QString value = arg.section(QLatin1Char('='), 1);
        bool ok = false;
        if (!arg.contains(QLatin1Char('=')) && i + 1 < args->size() &&
            !args->at(i + 1).startsWith(QLatin1Char('-'))) {
            ProfileIo::parseDuration(QJsonValue(args->at(i + 1)), &ok);
            if (ok)
                value = args->at(++i);
        }
        if (value.isEmpty()) {
            *windowMs = ThresholdMonitor::kDefaultSustainMs;
            continue;
        }
        const qint64 ms = ProfileIo::parseDuration(QJsonValue(value), &ok);
        if (!ok || ms <= 0) {
            *error = QStringLiteral("%1 takes a duration like 10s or 1m, got '%2'")
                         .arg(kAbortOption, value);
            return false;
        }
        *windowMs = ms;
    }
    *args = rest;
    return true;
}

/** The parse error of a threshold as two extra lines: the text and a caret under the column. */
QString caret(const QString &text, const Threshold::ParseError &error)
{
    return QStringLiteral("    %1\n    %2^\n").arg(text, QString(error.position, QLatin1Char(' ')));
}

QString signalName(int signalNumber)
{
    if (signalNumber == SIGINT)
        return QStringLiteral("SIGINT (Ctrl+C)");
    if (signalNumber == SIGTERM)
        return QStringLiteral("SIGTERM");
    if (signalNumber == SIGHUP)
        return QStringLiteral("SIGHUP (terminal closed)");
    return QStringLiteral("signal %1").arg(signalNumber);
}

/** The verdicts as console lines: `PASS  p95 < 200ms  measured 12.3 ms`. */
QString verdictReport(const RunResult &result)
{
    if (result.verdicts.isEmpty())
        return {};
    qsizetype width = 0;
    qsizetype labelWidth = 4; // PASS, FAIL; UNRELIABLE when there is one
    for (const ThresholdVerdict &v : result.verdicts) {
        width = std::max(width, v.expression.size());
        if (v.unreliable)
            labelWidth = 10;
    }
    QString out = QStringLiteral("Thresholds\n");
    int failed = 0;
    for (const ThresholdVerdict &v : result.verdicts) {
        failed += v.passed ? 0 : 1;
        const QString label = v.unreliable ? QStringLiteral("UNRELIABLE")
                              : v.passed   ? QStringLiteral("PASS")
                                           : QStringLiteral("FAIL");
        out += QStringLiteral(" %1  %2  measured %3")
                   .arg(label.leftJustified(labelWidth), v.expression.leftJustified(width),
                        v.measuredText);
        if (!v.detail.isEmpty())
            out += QStringLiteral(" (%1)").arg(v.detail);
        out += QLatin1Char('\n');
    }
    if (result.verdict() == RunResult::Verdict::Interrupted)
        out += QStringLiteral("Result: INTERRUPTED (%1 of %2 thresholds broken in the part that "
                              "ran)\n")
                   .arg(failed)
                   .arg(result.verdicts.size());
    else if (result.verdict() == RunResult::Verdict::Aborted)
        out += QStringLiteral("Result: ABORTED (%1 of %2 thresholds broken)\n")
                   .arg(failed)
                   .arg(result.verdicts.size());
    else
        out += failed == 0 ? QStringLiteral("Result: PASS (all %1 thresholds hold)\n")
                                 .arg(result.verdicts.size())
                           : QStringLiteral("Result: FAIL (%1 of %2 thresholds broken)\n")
                                 .arg(failed)
                                 .arg(result.verdicts.size());
    return out;
}

} // namespace

int runCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Runs a profile headless. On a terminal: a live view redrawn in place every second\n"
        "(colour unless NO_COLOR is set or TERM=dumb); otherwise a Locust-style table every\n"
        "2 s, as wide as COLUMNS (default 120). Then the summary: the stats table, the\n"
        "percentile table and the error report. Ctrl+C, SIGTERM or SIGHUP (the terminal\n"
        "closed) stops the run cleanly and still writes the outputs (press Ctrl+C twice to\n"
        "abort at once).\n"
        "Options override the profile's \"load\" settings.\n"
        "\n"
        "Thresholds (the profile's \"thresholds\" and every --threshold) are checked at the\n"
        "end against the whole run: METRIC[(SELECTOR)] OP LIMIT[UNIT], where METRIC is\n"
        "p50, p90, p95, p99, p99.9 (any pN), avg, min, max (response times; units ms\n"
        "(default), s, us), error_rate (with %, or a fraction 0..1), rps, rate (per second\n"
        "of one row), requests or failures; SELECTOR is TYPE:NAME (e.g. \"WS send:chat\",\n"
        "\"WS recv:price\") or a NAME (every operation row with that name); without one, all\n"
        "operations (Aggregated; messages such as pushes are not in it); OP is <, <=, > or >=.\n"
        "Examples: \"p95(WS send:chat) < 200ms\", \"error_rate < 1%\", \"rps > 100\",\n"
        "\"rate(WS recv:price) > 100\", \"p95(WS recv:price) < 200ms\" (the pushes' age).\n"
        "\n"
        "A percentile threshold on rows with more failures than the profile's\n"
        "\"thresholdOptions\": {\"maxErrorRate\": 0.1} (default 10 %) is UNRELIABLE: it does\n"
        "not pass.\n"
        "\n"
        "Exit codes: 0 the run completed and every threshold holds (or there are none);\n"
        "1 a threshold is broken or unreliable; 2 bad arguments, an invalid profile or a run\n"
        "that could not start; 3 aborted by --abort-on-threshold; 130 interrupted by SIGINT\n"
        "(Ctrl+C), 143 by SIGTERM, 129 by SIGHUP (an interrupted run is not judged)."));
    const QCommandLineOption help = parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("PROFILE"),
                                 QStringLiteral("the *.cicada.json profile to run"));
    QCommandLineOption users(
        {QStringLiteral("u"), QStringLiteral("users")},
        QStringLiteral("Peak number of concurrent users (profile: load.users)."),
        QStringLiteral("N"));
    QCommandLineOption rate({QStringLiteral("r"), QStringLiteral("spawn-rate")},
                            QStringLiteral("Users started per second (profile: load.spawnRate)."),
                            QStringLiteral("R"));
    QCommandLineOption runTime({QStringLiteral("t"), QStringLiteral("run-time")},
                               QStringLiteral("Stop after this long, e.g. 30s, 5m, 1h30m "
                                              "(profile: load.runTime; none = until Ctrl+C)."),
                               QStringLiteral("TIME"));
    QCommandLineOption stopTimeout(
        {QStringLiteral("s"), QStringLiteral("stop-timeout")},
        QStringLiteral("When stopping, let iterations in flight finish for up to TIME (seconds, "
                       "or e.g. 500ms, 1m) before users are interrupted (profile: "
                       "load.stopTimeout; default: interrupt at once)."),
        QStringLiteral("TIME"));
    QCommandLineOption threads(QStringLiteral("threads"),
                               QStringLiteral("Worker threads (default: one per core, here %1).")
                                   .arg(QThread::idealThreadCount()),
                               QStringLiteral("N"));
    QCommandLineOption dispatcher(
        QStringLiteral("dispatcher"),
        QStringLiteral("Worker threads' event loop: 'epoll' (Cicada's epoll dispatcher: a wake-up "
                       "costs O(ready sockets), so idle connections cost nothing) or 'qt' (Qt's "
                       "default, glib: polls every socket of the thread on every wake-up). "
                       "Default: epoll (environment: CICADA_WORKER_DISPATCHER)."),
        QStringLiteral("KIND"));
    QCommandLineOption privateFdTables(
        QStringLiteral("private-fd-tables"),
        QStringLiteral("Give each worker thread its own descriptor table (Linux "
                       "unshare(CLONE_FILES)): the open-file limit (ulimit -n) then bounds each "
                       "thread, not the process, so --threads N holds up to N times as many "
                       "connections. For more connections than a hard limit you cannot raise."));
    QCommandLineOption csv(QStringLiteral("csv"),
                           QStringLiteral("Write Locust-format CSV files PREFIX_stats.csv, "
                                          "PREFIX_stats_history.csv, PREFIX_failures.csv, "
                                          "PREFIX_exceptions.csv."),
                           QStringLiteral("PREFIX"));
    QCommandLineOption csvFullHistory(
        QStringLiteral("csv-full-history"),
        QStringLiteral("With --csv: PREFIX_stats_history.csv gets a row per name every second "
                       "(current percentiles) besides the Aggregated row, like Locust's."));
    QCommandLineOption transport(QStringLiteral("transport"),
                                 QStringLiteral("HTTP transport: raw (Cicada's HTTP/1.1 client, "
                                                "default) or qt (QNetworkAccessManager)."),
                                 QStringLiteral("KIND"));
    QCommandLineOption onlySummary(QStringLiteral("only-summary"),
                                   QStringLiteral("Print only the final summary."));
    QCommandLineOption json(QStringLiteral("json"),
                            QStringLiteral("Write the result as JSON (statistics, histograms, "
                                           "history, errors, verdicts, the profile with secrets "
                                           "redacted); also when the run is interrupted."),
                            QStringLiteral("FILE"));
    QCommandLineOption html(QStringLiteral("html"),
                            QStringLiteral("Write a self-contained HTML report (the same bytes as "
                                           "'cicada-cli report' makes from the --json file)."),
                            QStringLiteral("FILE"));
    QCommandLineOption threshold(QStringLiteral("threshold"),
                                 QStringLiteral("A pass/fail rule checked at the end, e.g. "
                                                "\"p95 < 200ms\" (repeatable; adds to the "
                                                "profile's \"thresholds\")."),
                                 QStringLiteral("EXPR"));
    QCommandLineOption abortOnThreshold(
        kAbortOption.mid(2),
        QStringLiteral("[WINDOW] Abort the run when a latency or error_rate threshold is broken "
                       "by its last-10-s value for WINDOW without a break (default 10s); exit "
                       "code 3."));
    parser.addOptions({users, rate, runTime, stopTimeout, threads, dispatcher, privateFdTables, csv,
                       csvFullHistory, json, html, threshold, abortOnThreshold, transport,
                       onlySummary});
    const MetricsOptions metricsOptions;
    parser.addOptions(metricsOptions.options());
    QCommandLineOption metricsLinger(
        QStringLiteral("metrics-linger"),
        QStringLiteral(
            "With --metrics-port: after the outputs are written, keep serving the final "
            "metrics for TIME (e.g. 30s) so a last scrape sees the totals of the result; "
            "Ctrl+C or SIGTERM ends it early."),
        QStringLiteral("TIME"));
    parser.addOption(metricsLinger);
    const QCommandLineOption baseline(
        QStringLiteral("baseline"),
        QStringLiteral("After the run, compare it with this saved result (run --json) like "
                       "'cicada-cli compare FILE B' does."),
        QStringLiteral("FILE"));
    const QCommandLineOption baselineThreshold(
        QStringLiteral("baseline-threshold"),
        QStringLiteral("A delta threshold against --baseline, e.g. \"p95 +10%\" (repeatable; see "
                       "'cicada-cli compare --help'); a broken one makes the exit code 1."),
        QStringLiteral("RULE"));
    parser.addOption(baseline);
    parser.addOption(baselineThreshold);
    const TargetOptions targetOptions;
    parser.addOptions(targetOptions.options());

    QTextStream out(stdout);
    QTextStream err(stderr);
    QStringList arguments = args;
    std::optional<qint64> abortWindowMs;
    QString argumentError;
    if (!takeAbortOption(&arguments, &abortWindowMs, &argumentError)) {
        err << "cicada-cli run: " << argumentError << "\n";
        return kExitBadInput;
    }
    // parse(), not process(): process() exits with 1 on a bad option, which is the code of a
    // failed threshold.
    if (!parser.parse(arguments)) {
        err << "cicada-cli run: " << parser.errorText() << " (see --help)\n";
        return kExitBadInput;
    }
    if (parser.isSet(help))
        parser.showHelp(kExitOk);
    if (parser.positionalArguments().size() != 1) {
        err << "cicada-cli run: expected exactly one PROFILE (see --help)\n";
        return kExitBadInput;
    }
    const QString path = parser.positionalArguments().constFirst();

    Profile profile;
    if (!loadProfileForCommand(QStringLiteral("run"), path, &profile, err,
                               QStringLiteral("the profile has errors; nothing was run")))
        return kExitBadInput;
    if (QString error; !targetOptions.apply(parser, &profile.target, &error)) {
        err << "cicada-cli run: " << error << "\n";
        return kExitBadInput;
    }

    LoadSettings load = profile.load;
    bool ok = true;
    // The open model has no user target or spawn rate: ignoring them silently would run a load
    // the user did not ask for.
    if (profile.isOpenModel() && (parser.isSet(users) || parser.isSet(rate))) {
        err << "cicada-cli run: -u/--users and -r/--spawn-rate set the closed model, but this "
               "profile uses an arrival rate (load.arrivalRate, a user type's arrivalRate or rate "
               "stages); change the rate in the profile, or with r/R and f/F while it runs\n";
        return kExitBadInput;
    }
    if (parser.isSet(users)) {
        load.users = parser.value(users).toInt(&ok);
        if (!ok || load.users < 1) {
            err << "cicada-cli run: -u/--users must be a whole number >= 1\n";
            return kExitBadInput;
        }
    }
    if (parser.isSet(rate)) {
        load.spawnRate = parser.value(rate).toDouble(&ok);
        if (!ok || load.spawnRate <= 0) {
            err << "cicada-cli run: -r/--spawn-rate must be a number > 0\n";
            return kExitBadInput;
        }
    }
    if (parser.isSet(runTime)) {
        load.runTimeMs = ProfileIo::parseDuration(QJsonValue(parser.value(runTime)), &ok);
        if (!ok || load.runTimeMs <= 0) {
            err << "cicada-cli run: -t/--run-time must be a duration like 30s, 5m or 1h30m, got '"
                << parser.value(runTime) << "'\n";
            return kExitBadInput;
        }
    }
    if (parser.isSet(stopTimeout)) {
        // A bare number is seconds, as Locust's --stop-timeout takes it.
        const QString text = parser.value(stopTimeout);
        const double seconds = text.toDouble(&ok);
        load.stopTimeoutMs = ok ? ProfileIo::parseDuration(QJsonValue(seconds), &ok)
                                : ProfileIo::parseDuration(QJsonValue(text), &ok);
        if (!ok || load.stopTimeoutMs < 0) {
            err << "cicada-cli run: -s/--stop-timeout must be seconds or a duration like 10s or "
                   "500ms, got '"
                << text << "'\n";
            return kExitBadInput;
        }
    }
    // Every user holds sockets: lift the soft open-file limit, and say so before users fail.
    FdLimit::raiseToHard();
    RunnerOptions options;
    if (parser.isSet(threads)) {
        options.threads = parser.value(threads).toInt(&ok);
        if (!ok || options.threads < 1 || options.threads > 256) {
            err << "cicada-cli run: --threads must be 1..256\n";
            return kExitBadInput;
        }
    }
    options.privateFdTables = parser.isSet(privateFdTables);
    const int fdTables = options.privateFdTables
                             ? (options.threads > 0 ? options.threads : QThread::idealThreadCount())
                             : 1;
    for (const QString &warning : FdLimit::warningsFor(profile, load.users, fdTables))
        err << "cicada-cli run: warning: " << warning << "\n";
    if (parser.isSet(dispatcher)) {
        const QString kind = parser.value(dispatcher);
        if (kind != QLatin1String("qt") && kind != QLatin1String("epoll")) {
            err << "cicada-cli run: --dispatcher must be 'qt' or 'epoll'\n";
            return kExitBadInput;
        }
        options.epollDispatcher = kind == QLatin1String("epoll");
    }
    if (parser.isSet(transport)) {
        HttpTransport::Kind kind;
        if (!HttpTransport::parseKind(parser.value(transport), &kind)) {
            err << "cicada-cli run: --transport must be 'raw' or 'qt'\n";
            return kExitBadInput;
        }
        options.transport = kind;
    }

    // Thresholds: the profile's (validated when it was loaded), then the command line's.
    QList<Threshold> thresholds;
    for (const QString &text : std::as_const(profile.thresholds)) {
        if (const std::optional<Threshold> t = Threshold::parse(text))
            thresholds.append(*t);
    }
    const QStringList cliThresholds = parser.values(threshold);
    for (const QString &text : cliThresholds) {
        Threshold::ParseError parseError;
        const std::optional<Threshold> t = Threshold::parse(text, &parseError);
        if (!t) {
            err << "cicada-cli run: bad --threshold " << parseError.toString(text) << "\n"
                << caret(text, parseError);
            return kExitBadInput;
        }
        thresholds.append(*t);
    }
    RunResult baselineResult;
    QList<DeltaThreshold> baselineRules;
    if ((parser.isSet(baseline) || parser.isSet(baselineThreshold)) &&
        !loadBaseline(parser.value(baseline), parser.values(baselineThreshold), &baselineResult,
                      &baselineRules))
        return kExitBadInput;
    // Every output is checked now, not after a run that may have taken an hour.
    std::optional<OutputTarget> jsonTarget;
    std::optional<OutputTarget> htmlTarget;
    QList<OutputTarget> targets;
    {
        QString error;
        const auto checkOption = [&](const QCommandLineOption &option,
                                     std::optional<OutputTarget> *target) {
            if (!parser.isSet(option))
                return true;
            *target = OutputTarget::check(QStringLiteral("--") + option.names().constFirst(),
                                          parser.value(option), path, &error);
            if (*target)
                targets.append(**target);
            return target->has_value();
        };
        bool ok = checkOption(json, &jsonTarget) && checkOption(html, &htmlTarget);
        if (ok && parser.isSet(csvFullHistory) && !parser.isSet(csv)) {
            error = QStringLiteral("--csv-full-history needs --csv PREFIX");
            ok = false;
        }
        if (ok && parser.isSet(csv)) {
            const QString prefix = parser.value(csv);
            const LocustCsvWriter names(prefix);
            if (QFileInfo(prefix).isDir() || prefix.endsWith(QLatin1Char('/'))) {
                error = QStringLiteral("--csv %1: is a directory; --csv takes a file name prefix "
                                       "(PREFIX_stats.csv, ...), e.g. %2")
                            .arg(prefix, QDir(prefix).filePath(QStringLiteral("run")));
                ok = false;
            }
            for (const QString &file : {names.statsPath(), names.historyPath(),
                                        names.failuresPath(), names.exceptionsPath()}) {
                if (!ok)
                    break;
                const std::optional<OutputTarget> t =
                    OutputTarget::check(QStringLiteral("--csv"), file, path, &error);
                ok = t.has_value();
                if (ok && t->kind() != OutputTarget::Kind::File) {
                    error =
                        QStringLiteral("--csv %1: the CSV files must be regular files").arg(file);
                    ok = false;
                }
                if (ok)
                    targets.append(*t);
            }
        }
        if (ok)
            ok = OutputTarget::checkDistinct(targets, &error);
        if (!ok) {
            err << "cicada-cli run: " << error << "; nothing was run\n";
            return kExitBadInput;
        }
    }

    qint64 metricsLingerMs = 0;
    if (parser.isSet(metricsLinger)) {
        metricsLingerMs = ProfileIo::parseDuration(QJsonValue(parser.value(metricsLinger)), &ok);
        if (!ok || metricsLingerMs <= 0 || !metricsOptions.isSet(parser)) {
            err << "cicada-cli run: --metrics-linger takes a duration like 30s and needs "
                   "--metrics-port\n";
            return kExitBadInput;
        }
    }

    // The lifecycle (compile, runner, thresholds, result, outputs) is RunSession's, as in the GUI.
    RunSession session(profile, path);
    session.setLoad(load);
    session.setRunnerOptions(options);
    session.setThresholds(thresholds);
    if (abortWindowMs)
        session.setAbortOnThreshold(*abortWindowMs);
    if (parser.isSet(csv)) {
        session.setCsvPrefix(parser.value(csv));
        session.setCsvFullHistory(parser.isSet(csvFullHistory));
    }
    // A note on stdout only when the output did not go to stdout itself.
    const auto writeTo = [&out](const OutputTarget &target, const char *what) {
        return [&out, target, what](const QByteArray &bytes, QString *error) {
            out.flush();
            if (!target.write(bytes, error))
                return false;
            if (target.kind() != OutputTarget::Kind::Stdout)
                out << what << " written to " << target.path() << "\n";
            out.flush();
            return true;
        };
    };
    if (jsonTarget)
        session.setJsonOutput(writeTo(*jsonTarget, "Result"));
    if (htmlTarget)
        session.setHtmlOutput(writeTo(*htmlTarget, "Report"));
    if (QStringList errors; !session.prepare(&errors)) {
        for (const QString &e : std::as_const(errors))
            err << path << ": " << e << "\n";
        return kExitBadInput;
    }
    if (session.monitor() && !session.monitor()->isWatching())
        err << "cicada-cli run: warning: " << kAbortOption
            << " watches latency and error_rate thresholds, and there are none\n";
    const CompiledProfile &compiled = session.runner()->profile();

    const bool quietProgress = parser.isSet(onlySummary);
    ConsoleProgress progress(&out, quietProgress);
    Runner &runner = *session.runner();
    SignalWatcher watcher;
    int stopSignal = 0; ///< the signal that stopped the run, for the exit code
    QObject::connect(
        &watcher, &SignalWatcher::interrupted, &runner,
        [&runner, &err, &session, &stopSignal, &progress](int signalNumber, int count) {
            if (count > 1) {
                err << "\ncicada-cli: aborted\n";
                err.flush();
                std::_Exit(130);
            }
            progress.printToStderr(
                err, QStringLiteral("\ncicada-cli: stopping (Ctrl+C again to abort)...\n"));
            if (runner.state() != RunnerState::Stopping && runner.state() != RunnerState::Stopped)
                stopSignal = signalNumber;
            session.stop(StopReason::Signal,
                         QStringLiteral("stopped by %1 after %2")
                             .arg(signalName(signalNumber),
                                  TimeFormat::clock((runner.elapsedMs() + 500) / 1000)));
        });
    QString metricsError;
    const std::unique_ptr<MetricsServer> metrics = metricsOptions.start(
        parser,
        [&runner, &session] {
            MetricsSample sample;
            sample.stats = &runner.stats();
            sample.users = runner.userCount();
            sample.health = runner.health();
            sample.elapsedMs = runner.elapsedMs();
            sample.scrub = [&session](const QString &text) {
                return session.redactor().scrub(text);
            };
            return sample;
        },
        &metricsError);
    if (!metricsError.isEmpty()) {
        err << "cicada-cli run: " << metricsError << "\n";
        return kExitBadInput;
    }
    if (metrics)
        out << "Metrics at " << metrics->url() << "\n";
    double worstLagMs = 0;
    bool wasBottleneck = false; ///< the runner's BottleneckRule verdict a second ago
    QObject::connect(&session, &RunSession::thresholdAborted, &runner,
                     [&](qsizetype broken, const QString &why) {
                         progress.printToStderr(err,
                                                QStringLiteral("cicada-cli: threshold '%1' %2\n")
                                                    .arg(thresholds.at(broken).expression, why));
                     });
    QObject::connect(&session, &RunSession::tick, &runner, [&] {
        const GeneratorHealth health = runner.health();
        // Once per episode: when the core rule turns on (3 of the last 5 s), not every second.
        if (runner.state() != RunnerState::Stopped) {
            if (health.bottleneck) {
                worstLagMs = std::max(worstLagMs, health.loopLagMs);
                if (!wasBottleneck) {
                    progress.printToStderr(err, QStringLiteral("cicada-cli run: warning: ") +
                                                    bottleneckNotice(health) + QLatin1Char('\n'));
                }
            }
            wasBottleneck = health.bottleneck;
        }
        progress.update(runner);
    });
    QObject::connect(&session, &RunSession::finished, qApp, [] { QCoreApplication::quit(); });
    // A feeder that runs out is said once, when it happens: its users stop or its steps fail.
    QList<bool> feedersOut(compiled.feeds ? compiled.feeds->count() : 0, false);
    QObject::connect(&runner, &Runner::statsUpdated, &runner, [&] {
        for (int i = 0; i < feedersOut.size(); ++i) {
            if (!feedersOut[i] && compiled.feeds->exhaustedCount(i) > 0) {
                feedersOut[i] = true;
                progress.printToStderr(err, QStringLiteral("cicada-cli: ") +
                                                compiled.feeds->summary(i) + QLatin1Char('\n'));
            }
        }
    });

    out << "Running " << path;
    if (const QString target = TargetOptions::describe(compiled.profile.target); !target.isEmpty())
        out << " against " << session.redactor().scrub(target);
    out << ": " << describeLoad(compiled.profile, load);
    if (load.runTimeMs > 0)
        out << " for " << ProfileIo::durationToJson(load.runTimeMs).toVariant().toString();
    out << " on " << (options.threads > 0 ? options.threads : QThread::idealThreadCount())
        << " threads\n";
    out.flush();
    session.start();
    TerminalControl terminalControl(&runner, &out); // keys only when stdin is a terminal
    terminalControl.setPrinter([&out, &progress](const QString &text) {
        out << progress.above(text);
        out.flush();
    });
    terminalControl.start();
    QCoreApplication::exec();

    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const RunResult &result = session.result();
    progress.finish();
    out << "\n" << ConsoleProgress::statusLine(runner) << "\n";
    if (const qint64 bottleneckS = runner.health().bottleneckSeconds; bottleneckS > 0)
        out << "Generator: Cicada was the bottleneck for " << bottleneckS
            << " s of the run (worst event-loop lag " << QString::number(worstLagMs, 'f', 0)
            << " ms): the numbers measure the generator too\n";
    const int width = progress.columns();
    out << ConsoleTable::statsTable(runner.stats(), now, true, width, progress.hasColour())
        << "\n\n"
        << ConsoleTable::percentileTable(runner.stats(), width) << "\n";
    if (!runner.stats().errors().isEmpty())
        out << "\n" << ConsoleTable::errorReport(runner.stats(), width) << "\n";
    if (!result.verdicts.isEmpty())
        out << "\n" << verdictReport(result);
    for (int i = 0; compiled.feeds && i < compiled.feeds->count(); ++i)
        out << (i == 0 ? "\n" : "") << compiled.feeds->summary(i) << "\n";
    out.flush();
    const bool baselineHolds =
        !parser.isSet(baseline) ||
        printBaselineComparison(parser.value(baseline), baselineResult, result, baselineRules);

    QStringList outputErrors;
    const bool outputsOk = session.writeOutputs(&outputErrors);
    for (const QString &e : std::as_const(outputErrors))
        err << "cicada-cli run: " << e << "\n";
    out.flush();
    if (metrics && metricsLingerMs > 0) {
        // The runner is stopped: the stats are final and equal the result just written.
        QObject::disconnect(&watcher, nullptr, &runner, nullptr);
        QObject::connect(&watcher, &SignalWatcher::interrupted, qApp,
                         [] { QCoreApplication::quit(); });
        QTimer::singleShot(metricsLingerMs, qApp, [] { QCoreApplication::quit(); });
        out << "Serving the final metrics for " << parser.value(metricsLinger)
            << " (Ctrl+C ends)\n";
        out.flush();
        QCoreApplication::exec();
    }
    if (!outputsOk)
        return kExitBadInput;
    // An interrupted run is not judged 0/1: the shell's 128 + signal (130 for Ctrl+C).
    if (session.stopReason() == StopReason::Signal && stopSignal > 0)
        return kExitSignalBase + stopSignal;
    if (session.stopReason() == StopReason::ThresholdAbort)
        return kExitAborted;
    if (result.verdict() == RunResult::Verdict::Fail)
        return kExitThresholdsFailed;
    if (!baselineHolds)
        return kExitThresholdsFailed;
    return kExitOk;
}

} // namespace cicada
