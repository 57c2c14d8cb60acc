#include "commands.h"

#include "engine/compiledprofile.h"
#include "engine/runner.h"
#include "output/consoletable.h"
#include "output/locustcsvwriter.h"
#include "profile/profileio.h"

#include "signalwatcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QJsonValue>
#include <QTextStream>
#include <QThread>

#include <memory>

namespace cicada {

namespace {

constexpr int kConsoleIntervalS = 2;

QString clock(qint64 ms)
{
    const qint64 s = (ms + 500) / 1000;
    return QStringLiteral("%1:%2:%3")
        .arg(s / 3600, 2, 10, QLatin1Char('0'))
        .arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
        .arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString statusLine(const Runner &runner)
{
    const GeneratorHealth health = runner.health();
    QString line = QStringLiteral("%1 · %2 users · %3 elapsed")
                       .arg(runnerStateName(runner.state()))
                       .arg(runner.userCount())
                       .arg(clock(runner.elapsedMs()));
    if (runner.runTimeMs() > 0)
        line += QStringLiteral(" · %1 remaining")
                    .arg(clock(std::max<qint64>(0, runner.runTimeMs() - runner.elapsedMs())));
    line += QStringLiteral(" · %1 threads · CPU %2% · loop lag %3 ms")
                .arg(health.threads)
                .arg(health.cpuPercent, 0, 'f', 0)
                .arg(health.loopLagMs, 0, 'f', 1);
    return line;
}

} // namespace

int runCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Runs a profile headless: prints a Locust-style table every 2 s, then the summary,\n"
        "the percentile table and the error report. Ctrl+C or SIGTERM stops the run cleanly\n"
        "and still writes the outputs (press Ctrl+C twice to abort at once).\n"
        "Options override the profile's \"load\" settings.\n"
        "Exit codes: 0 the run completed; 2 bad arguments, an invalid profile or a run that\n"
        "could not start."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("PROFILE"),
                                 QStringLiteral("the *.cicada.json profile to run"));
    QCommandLineOption users({QStringLiteral("u"), QStringLiteral("users")},
                             QStringLiteral("Peak number of concurrent users (profile: load.users)."),
                             QStringLiteral("N"));
    QCommandLineOption rate({QStringLiteral("r"), QStringLiteral("spawn-rate")},
                            QStringLiteral("Users started per second (profile: load.spawnRate)."),
                            QStringLiteral("R"));
    QCommandLineOption runTime({QStringLiteral("t"), QStringLiteral("run-time")},
                               QStringLiteral("Stop after this long, e.g. 30s, 5m, 1h30m "
                                              "(profile: load.runTime; none = until Ctrl+C)."),
                               QStringLiteral("TIME"));
    QCommandLineOption threads(QStringLiteral("threads"),
                               QStringLiteral("Worker threads (default: one per core, here %1).")
                                   .arg(QThread::idealThreadCount()),
                               QStringLiteral("N"));
    QCommandLineOption csv(QStringLiteral("csv"),
                           QStringLiteral("Write Locust-format CSV files PREFIX_stats.csv, "
                                          "PREFIX_stats_history.csv, PREFIX_failures.csv, "
                                          "PREFIX_exceptions.csv."),
                           QStringLiteral("PREFIX"));
    QCommandLineOption transport(QStringLiteral("transport"),
                                 QStringLiteral("HTTP transport: raw (Cicada's HTTP/1.1 client, "
                                                "default) or qt (QNetworkAccessManager)."),
                                 QStringLiteral("KIND"));
    QCommandLineOption onlySummary(QStringLiteral("only-summary"),
                                   QStringLiteral("Print only the final summary."));
    parser.addOptions({users, rate, runTime, threads, csv, transport, onlySummary});
    parser.process(args);

    QTextStream out(stdout);
    QTextStream err(stderr);
    if (parser.positionalArguments().size() != 1) {
        err << "cicada-cli run: expected exactly one PROFILE (see --help)\n";
        return kExitBadInput;
    }
    const QString path = parser.positionalArguments().constFirst();

    Profile profile;
    QList<ProfileIssue> issues;
    const bool valid = ProfileIo::loadFile(path, &profile, &issues);
    for (const ProfileIssue &issue : std::as_const(issues))
        err << issue.toString(path) << "\n";
    if (!valid) {
        err << "cicada-cli run: the profile has errors; nothing was run\n";
        return kExitBadInput;
    }

    LoadSettings load = profile.load;
    bool ok = true;
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
    RunnerOptions options;
    if (parser.isSet(threads)) {
        options.threads = parser.value(threads).toInt(&ok);
        if (!ok || options.threads < 1 || options.threads > 256) {
            err << "cicada-cli run: --threads must be 1..256\n";
            return kExitBadInput;
        }
    }
    if (parser.isSet(transport)) {
        HttpTransport::Kind kind;
        if (!HttpTransport::parseKind(parser.value(transport), &kind)) {
            err << "cicada-cli run: --transport must be 'raw' or 'qt'\n";
            return kExitBadInput;
        }
        options.transport = kind;
    }

    QStringList compileErrors;
    const std::shared_ptr<const CompiledProfile> compiled =
        CompiledProfile::compile(profile, &compileErrors);
    if (!compiled) {
        for (const QString &e : std::as_const(compileErrors))
            err << path << ": " << e << "\n";
        return kExitBadInput;
    }

    std::unique_ptr<LocustCsvWriter> csvWriter;
    if (parser.isSet(csv)) {
        csvWriter = std::make_unique<LocustCsvWriter>(parser.value(csv));
        QString error;
        if (!csvWriter->open(&error)) {
            err << "cicada-cli run: cannot write CSV files: " << error << "\n";
            return kExitBadInput;
        }
    }

    const bool quietProgress = parser.isSet(onlySummary);
    Runner runner(compiled, options);
    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::interrupted, &runner,
                     [&runner, &err](int, int count) {
                         if (count > 1) {
                             err << "\ncicada-cli: aborted\n";
                             err.flush();
                             std::_Exit(130);
                         }
                         err << "\ncicada-cli: stopping (Ctrl+C again to abort)...\n";
                         err.flush();
                         runner.stop();
                     });
    int tick = 0;
    QObject::connect(&runner, &Runner::statsUpdated, &runner, [&] {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        if (csvWriter && runner.state() != RunnerState::Stopped)
            csvWriter->appendHistory(runner.stats(), now, runner.userCount());
        if (quietProgress || runner.state() == RunnerState::Stopped ||
            ++tick % kConsoleIntervalS != 0)
            return;
        out << statusLine(runner) << "\n"
            << ConsoleTable::statsTable(runner.stats(), now, false) << "\n";
        out.flush();
    });
    QObject::connect(&runner, &Runner::finished, qApp, [] { QCoreApplication::quit(); });

    out << "Running " << path << ": " << load.users << " users at " << load.spawnRate
        << "/s";
    if (load.runTimeMs > 0)
        out << " for " << ProfileIo::durationToJson(load.runTimeMs).toVariant().toString();
    out << " on " << (options.threads > 0 ? options.threads : QThread::idealThreadCount())
        << " threads\n";
    out.flush();
    runner.start(load);
    QCoreApplication::exec();

    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    out << "\n" << statusLine(runner) << "\n"
        << ConsoleTable::statsTable(runner.stats(), now, true) << "\n\n"
        << ConsoleTable::percentileTable(runner.stats()) << "\n";
    if (!runner.stats().errors().isEmpty())
        out << "\n" << ConsoleTable::errorReport(runner.stats()) << "\n";
    out.flush();
    if (csvWriter) {
        QString error;
        if (!csvWriter->writeFinal(runner.stats(), &error))
            err << "cicada-cli run: writing CSV files failed: " << error << "\n";
    }
    return kExitOk;
}

} // namespace cicada
