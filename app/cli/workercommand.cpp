#include "commands.h"
#include "profileloading.h"

#include "distributed/locustworker.h"
#include "engine/fdlimit.h"
#include "engine/runner.h"
#include "profile/profileio.h"
#include "stats/stats.h"

#include "metricsoptions.h"
#include "signalwatcher.h"
#include "targetoptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonValue>
#include <QTextStream>
#include <QThread>
#include <QTime>

namespace cicada {

namespace {

/** "Type | Name | # reqs | # fails" rows of everything the worker reported to the master. */
QString totalsTable(const LocustWorker &worker)
{
    const Stats &stats = worker.reported();
    int typeWidth = 4;
    int nameWidth = 10;
    for (const StatsEntry *e : stats.entries()) {
        typeWidth = std::max(typeWidth, int(e->type().size()));
        nameWidth = std::max(nameWidth, int(e->name().size()));
    }
    const auto row = [&](const QString &type, const QString &name, const QString &reqs,
                         const QString &fails) {
        return QStringLiteral(" %1 | %2 | %3 | %4\n")
            .arg(type.leftJustified(typeWidth), name.leftJustified(nameWidth),
                 reqs.rightJustified(8), fails.rightJustified(8));
    };
    QString out =
        QStringLiteral("Totals reported to the master by %1 (all tests):\n").arg(worker.nodeId());
    out += row(QStringLiteral("Type"), QStringLiteral("Name"), QStringLiteral("# reqs"),
               QStringLiteral("# fails"));
    for (const StatsEntry *e : stats.entries())
        out += row(e->type(), e->name(), QString::number(e->numRequests()),
                   QString::number(e->numFailures()));
    out += QLatin1Char(' ') + QString(typeWidth + nameWidth + 25, QLatin1Char('-')) +
           QLatin1Char('\n');
    out += row(QString(), Stats::kAggregatedName, QString::number(stats.total().numRequests()),
               QString::number(stats.total().numFailures()));
    return out;
}

} // namespace

int workerCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Runs PROFILE as a worker of a Locust master (python3-locust 2.12): the master starts,\n"
        "sizes and stops the test, its web UI, CSV and HTML report show Cicada's rows. Start\n"
        "the master with the locustfile from `cicada-cli locustfile PROFILE` (saved as a .py\n"
        "file) so its user classes are the profile's user types, then one worker per generator:\n"
        "  locust -f master.py --master\n"
        "  cicada-cli worker PROFILE --master-host HOST\n"
        "The worker registers, follows the master's spawn/stop/quit, sends heartbeats every\n"
        "second and statistics every 3 s, and keeps retrying while the master is not up (or\n"
        "restarts). On exit it prints the request and failure counts it reported.\n"
        "Ctrl+C or SIGTERM stops the users, sends the last statistics and leaves the master.\n"
        "Exit codes: 0 the master said quit (or Ctrl+C); 2 bad arguments, an invalid profile,\n"
        "or no master answered within --connect-timeout."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("PROFILE"),
                                 QStringLiteral("the *.cicada.json profile to run"));
    QCommandLineOption host(QStringLiteral("master-host"),
                            QStringLiteral("Host of the Locust master (default 127.0.0.1)."),
                            QStringLiteral("H"), QStringLiteral("127.0.0.1"));
    QCommandLineOption port(QStringLiteral("master-port"),
                            QStringLiteral("The master's --master-bind-port (default 5557)."),
                            QStringLiteral("P"), QStringLiteral("5557"));
    QCommandLineOption threads(QStringLiteral("threads"),
                               QStringLiteral("Worker threads (default: one per core, here %1).")
                                   .arg(QThread::idealThreadCount()),
                               QStringLiteral("N"));
    QCommandLineOption timeout(QStringLiteral("connect-timeout"),
                               QStringLiteral("Give up (exit code 2) when no master answered for "
                                              "this long, at start or after losing it, e.g. 30s, "
                                              "5m; 0 = wait forever (default 5m)."),
                               QStringLiteral("TIME"), QStringLiteral("5m"));
    QCommandLineOption transport(QStringLiteral("transport"),
                                 QStringLiteral("HTTP transport: raw (Cicada's HTTP/1.1 client, "
                                                "default) or qt (QNetworkAccessManager)."),
                                 QStringLiteral("KIND"));
    parser.addOptions({host, port, threads, timeout, transport});
    const MetricsOptions metricsOptions;
    parser.addOptions(metricsOptions.options());
    const TargetOptions targetOptions;
    parser.addOptions(targetOptions.options());
    parser.process(args);

    QTextStream out(stdout);
    QTextStream err(stderr);
    if (parser.positionalArguments().size() != 1) {
        err << "cicada-cli worker: expected exactly one PROFILE (see --help)\n";
        return kExitBadInput;
    }
    const QString path = parser.positionalArguments().constFirst();
    Profile profile;
    if (!loadProfileForCommand(QStringLiteral("worker"), path, &profile, err,
                               QStringLiteral("the profile has errors; not starting")))
        return kExitBadInput;
    // The master's --host, when it sends one, still overrides this (as for Locust's workers).
    if (QString error; !targetOptions.apply(parser, &profile.target, &error)) {
        err << "cicada-cli worker: " << error << "\n";
        return kExitBadInput;
    }

    LocustWorkerOptions options;
    options.profilePath = path;
    options.masterHost = parser.value(host);
    bool ok = true;
    const int portNumber = parser.value(port).toInt(&ok);
    if (!ok || portNumber < 1 || portNumber > 65535 || options.masterHost.isEmpty()) {
        err << "cicada-cli worker: --master-port must be 1..65535 and --master-host non-empty\n";
        return kExitBadInput;
    }
    options.masterPort = quint16(portNumber);
    if (parser.value(timeout) == QLatin1String("0")) {
        options.connectTimeoutMs = 0;
    } else {
        options.connectTimeoutMs = ProfileIo::parseDuration(QJsonValue(parser.value(timeout)), &ok);
        if (!ok || options.connectTimeoutMs <= 0) {
            err << "cicada-cli worker: --connect-timeout must be a duration like 30s or 5m, got '"
                << parser.value(timeout) << "'\n";
            return kExitBadInput;
        }
    }
    if (parser.isSet(threads)) {
        options.runner.threads = parser.value(threads).toInt(&ok);
        if (!ok || options.runner.threads < 1 || options.runner.threads > 256) {
            err << "cicada-cli worker: --threads must be 1..256\n";
            return kExitBadInput;
        }
    }
    if (parser.isSet(transport)) {
        HttpTransport::Kind kind;
        if (!HttpTransport::parseKind(parser.value(transport), &kind)) {
            err << "cicada-cli worker: --transport must be 'raw' or 'qt'\n";
            return kExitBadInput;
        }
        options.runner.transport = kind;
    }

    // The master may ask for many users: every one holds sockets (LocustWorker caps the count).
    FdLimit::raiseToHard();
    LocustWorker worker(profile, options);
    QObject::connect(&worker, &LocustWorker::logMessage, &worker, [&err](const QString &line) {
        err << "[" << QTime::currentTime().toString(QStringLiteral("HH:mm:ss")) << "] " << line
            << "\n";
        err.flush();
    });
    int exitCode = kExitOk;
    QObject::connect(&worker, &LocustWorker::finished, qApp, [&exitCode](int code) {
        exitCode = code;
        QCoreApplication::quit();
    });
    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::interrupted, &worker,
                     [&worker, &err](int, int count) {
                         if (count > 1) {
                             err << "\ncicada-cli: aborted\n";
                             err.flush();
                             std::_Exit(130);
                         }
                         worker.shutdown();
                     });
    QString error;
    // The worker's metrics are what it reported to the master (monotonic over every test).
    const std::unique_ptr<MetricsServer> metrics = metricsOptions.start(
        parser,
        [&worker] {
            MetricsSample sample;
            sample.stats = &worker.reported();
            if (const Runner *runner = worker.runner()) {
                sample.users = runner->userCount();
                sample.health = runner->health();
                sample.elapsedMs = runner->elapsedMs();
            }
            return sample;
        },
        &error);
    if (!error.isEmpty()) {
        err << "cicada-cli worker: " << error << "\n";
        return kExitBadInput;
    }
    if (metrics)
        out << "Metrics at " << metrics->url() << "\n" << Qt::flush;
    if (!worker.start(&error)) {
        err << "cicada-cli worker: " << error << "\n";
        return kExitBadInput;
    }
    QCoreApplication::exec();

    out << totalsTable(worker);
    if (worker.unreportedRequests() > 0)
        out << "Not reported (recorded after the final report): " << worker.unreportedRequests()
            << " requests\n";
    out.flush();
    return exitCode == 0 ? kExitOk : kExitBadInput;
}

} // namespace cicada
