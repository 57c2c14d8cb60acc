#include "commands.h"

#include "demo/demoserver.h"

#include "signalwatcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

namespace cicada {

namespace {
bool parseRange(const QString &text, qint64 *lo, qint64 *hi)
{
    const QStringList parts = text.split(QLatin1Char('-'));
    bool ok1 = false;
    bool ok2 = true;
    *lo = parts.value(0).toLongLong(&ok1);
    *hi = parts.size() > 1 ? parts.value(1).toLongLong(&ok2) : *lo;
    return parts.size() <= 2 && ok1 && ok2 && *lo >= 0 && *hi >= *lo &&
           *hi <= DemoServer::kMaxDelayMs;
}
} // namespace

int serveDemoCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Starts the embedded demo target on 127.0.0.1: POST /login sets a sessionid cookie;\n"
        "GET /api/items, GET /api/profile (needs the cookie), POST /api/echo,\n"
        "GET /api/slow?ms=N, GET /api/status/<code>; the WebSocket broker at /broker rejects\n"
        "upgrades without a valid sessionid (403) and answers each JSON message with one\n"
        "carrying the same \"id\". The session id 'demo-session' is always accepted.\n"
        "Broker ops (as tests/servers/ws_broker.py): parts, subscribe, login, delay,\n"
        "forget-sessions, drop-all; see DemoBroker.\n"
        "Stops on Ctrl+C or SIGTERM."));
    parser.addHelpOption();
    QCommandLineOption port({QStringLiteral("p"), QStringLiteral("port")},
                            QStringLiteral("TCP port (default 8765; 0 = any free port)."),
                            QStringLiteral("PORT"), QString::number(DemoServer::kDefaultPort));
    QCommandLineOption latency(QStringLiteral("latency"),
                               QStringLiteral("Extra delay of /api/* responses in ms, a value or "
                                              "a range like 20-80 (default 0)."),
                               QStringLiteral("MS"), QStringLiteral("0"));
    QCommandLineOption wsLatency(QStringLiteral("ws-latency"),
                                 QStringLiteral("Delay before each broker reply in ms, a value or "
                                                "a range (default 0)."),
                                 QStringLiteral("MS"), QStringLiteral("0"));
    QCommandLineOption errorRate(QStringLiteral("error-rate"),
                                 QStringLiteral("Fraction 0..1 of /api/* responses that fail "
                                                "with 500 (default 0)."),
                                 QStringLiteral("RATE"), QStringLiteral("0"));
    QCommandLineOption push(QStringLiteral("push-interval"),
                            QStringLiteral("Server push period on the broker in ms; 0 = off "
                                           "(default 3000)."),
                            QStringLiteral("MS"), QStringLiteral("3000"));
    QCommandLineOption loginRequired(
        QStringLiteral("ws-login-required"),
        QStringLiteral("Broker messages with an id need a {\"op\":\"login\"} on their "
                       "connection first."));
    QCommandLineOption gapEvery(
        QStringLiteral("gap-every"),
        QStringLiteral("Broker subscriptions skip every G-th seq (0 = never, "
                       "default; 1 is refused)."),
        QStringLiteral("G"), QStringLiteral("0"));
    QCommandLineOption tsIso(QStringLiteral("ts-iso"),
                             QStringLiteral("Subscription pushes carry \"ts\" as ISO 8601 UTC "
                                            "instead of epoch ms."));
    QCommandLineOption subprotocols(QStringLiteral("subprotocols"),
                                    QStringLiteral("Comma-separated WebSocket subprotocols the "
                                                   "broker supports (the first one offered wins)."),
                                    QStringLiteral("LIST"));
    QCommandLineOption maxMessage(QStringLiteral("ws-max-message"),
                                  QStringLiteral("A broker client message above N bytes closes "
                                                 "its connection with 1009 (0 = Qt's default)."),
                                  QStringLiteral("N"), QStringLiteral("0"));
    QCommandLineOption acceptThenClose(QStringLiteral("ws-accept-then-close"),
                                       QStringLiteral("Close every broker connection with 1000 "
                                                      "right after its handshake."));
    QCommandLineOption quiet(QStringLiteral("quiet"), QStringLiteral("Print nothing but errors."));
    parser.addOptions({port, latency, wsLatency, errorRate, push, loginRequired, gapEvery, tsIso,
                       subprotocols, maxMessage, acceptThenClose, quiet});
    parser.process(args);

    QTextStream err(stderr);
    bool ok = false;
    const uint portValue = parser.value(port).toUInt(&ok);
    if (!ok || portValue > 65535) {
        err << "cicada-cli serve-demo: --port must be 0..65535, got '" << parser.value(port)
            << "'\n";
        return kExitBadInput;
    }
    qint64 lo = 0;
    qint64 hi = 0;
    DemoServer server;
    if (!parseRange(parser.value(latency), &lo, &hi)) {
        err << "cicada-cli serve-demo: --latency must be MS or MIN-MAX (0.."
            << DemoServer::kMaxDelayMs << ")\n";
        return kExitBadInput;
    }
    server.setLatency(lo, hi);
    if (!parseRange(parser.value(wsLatency), &lo, &hi)) {
        err << "cicada-cli serve-demo: --ws-latency must be MS or MIN-MAX\n";
        return kExitBadInput;
    }
    server.setWsLatency(lo, hi);
    const double rate = parser.value(errorRate).toDouble(&ok);
    if (!ok || rate < 0 || rate > 1) {
        err << "cicada-cli serve-demo: --error-rate must be between 0 and 1\n";
        return kExitBadInput;
    }
    server.setErrorRate(rate);
    const qint64 pushMs = parser.value(push).toLongLong(&ok);
    if (!ok || pushMs < 0) {
        err << "cicada-cli serve-demo: --push-interval must be a number of ms >= 0\n";
        return kExitBadInput;
    }
    server.setPushInterval(pushMs);
    const qint64 gap = parser.value(gapEvery).toLongLong(&ok);
    if (!ok || gap < 0 || gap == 1) {
        err << "cicada-cli serve-demo: --gap-every must be 0 (never) or at least 2\n";
        return kExitBadInput;
    }
    server.setWsGapEvery(gap);
    server.setWsLoginRequired(parser.isSet(loginRequired));
    server.setWsIsoTimestamps(parser.isSet(tsIso));
    const qint64 maxMessageBytes = parser.value(maxMessage).toLongLong(&ok);
    if (!ok || maxMessageBytes < 0) {
        err << "cicada-cli serve-demo: --ws-max-message must be a number of bytes >= 0\n";
        return kExitBadInput;
    }
    server.setWsMaxMessageBytes(maxMessageBytes);
    server.setWsAcceptThenClose(parser.isSet(acceptThenClose));
    server.setWsSubprotocols(
        parser.value(subprotocols).split(QLatin1Char(','), Qt::SkipEmptyParts));
    if (!server.listen(quint16(portValue))) {
        err << "cicada-cli serve-demo: cannot listen on 127.0.0.1:" << portValue << ": "
            << server.errorString() << "\n";
        return kExitBadInput;
    }
    if (!parser.isSet(quiet)) {
        QTextStream out(stdout);
        out << "Demo server on " << server.baseUrl().toString() << " (broker "
            << server.brokerUrl().toString() << "). Ctrl+C stops it.\n";
        out.flush();
    }
    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::interrupted, qApp, [] { qApp->quit(); });
    return QCoreApplication::exec();
}

} // namespace cicada
