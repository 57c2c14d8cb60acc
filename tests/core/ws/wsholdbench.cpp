// KiB of RSS and CPU per idle WebSocket connection: QWebSocket vs Cicada's WsClient, held against
// the Python `websockets` broker (tests/servers/ws_broker.py, pinned to --server-cpu). Not a test
// (no add_test); run by hand, pinned:
//   taskset -c 0 wsholdbench [--conns 2000,10000] [--kinds qt,lean] [--dispatcher glib|epoll]
// Each (kind, count) row runs in a child process of its own (allocator state does not carry
// over): RSS after the connections are open and idle minus RSS before the first one, divided by
// the count; then the process CPU over --idle-seconds with no traffic.

#include "engine/epolleventdispatcher.h"
#include "ws/wsclient.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QNetworkRequest>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <QWebSocket>

#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <vector>

using namespace cicada;

namespace {

constexpr int kMaxConns = 15000;
constexpr int kConnectBatch = 50; ///< upgrades in flight at once (below the servers' backlogs)
constexpr int kConnectTimeoutMs = 180000;

double rssKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble();
    }
    return 0;
}

/** Bytes the allocator hands out (all arenas): what the process asked for, without slack. */
double heapKiB()
{
    const struct mallinfo2 info = mallinfo2();
    return double(info.uordblks + info.hblkhd) / 1024.0;
}

double processCpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval &tv) { return double(tv.tv_sec) + double(tv.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double pidCpuSeconds(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray text = stat.readAll();
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    return (fields.value(11).toDouble() + fields.value(12).toDouble()) /
           double(sysconf(_SC_CLK_TCK));
}

/** Runs in the worker thread: opens @p count connections, idles, prints one JSON-ish line. */
void hold(const QString &kind, const QUrl &url, const QByteArray &cookie, int count,
          double idleSeconds)
{
    const double rssBefore = rssKiB();
    const double heapBefore = heapKiB();
    std::vector<std::unique_ptr<QObject>> clients;
    clients.reserve(size_t(count));
    int open = 0;
    int failed = 0;
    QEventLoop loop;
    auto startOne = [&] {
        if (kind == QLatin1String("lean")) {
            auto client = std::make_unique<WsClient>();
            WsClient *raw = client.get();
            QObject::connect(raw, &WsClient::connected, &loop, [&] { ++open; });
            QObject::connect(raw, &WsClient::error, &loop, [&] { ++failed; });
            raw->open(url, {{"Cookie", cookie}});
            clients.push_back(std::move(client));
        } else {
            auto socket = std::make_unique<QWebSocket>();
            QWebSocket *raw = socket.get();
            QObject::connect(raw, &QWebSocket::connected, &loop, [&] { ++open; });
            QObject::connect(raw, QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error),
                             &loop, [&] { ++failed; });
            QNetworkRequest request(url);
            request.setRawHeader("Cookie", cookie);
            raw->open(request);
            clients.push_back(std::move(socket));
        }
    };
    QElapsedTimer ramp;
    ramp.start();
    QDeadlineTimer deadline(kConnectTimeoutMs);
    QTimer pump;
    QObject::connect(&pump, &QTimer::timeout, &loop, [&] {
        while (int(clients.size()) < count && int(clients.size()) - open - failed < kConnectBatch)
            startOne();
        if (open + failed >= count || deadline.hasExpired())
            loop.quit();
    });
    pump.start(5);
    loop.exec();
    pump.stop();
    const double rampSeconds = double(ramp.elapsed()) / 1000.0;
    // Let late handshakes and buffers settle, then sample.
    QTimer::singleShot(1000, &loop, &QEventLoop::quit);
    loop.exec();
    const double rssHeld = rssKiB();
    const double heapHeld = heapKiB();
    const double cpuStart = processCpuSeconds();
    QTimer::singleShot(int(idleSeconds * 1000), &loop, &QEventLoop::quit);
    loop.exec();
    const double idleCpu = processCpuSeconds() - cpuStart;
    std::printf("ROW %s %d %d %d %.1f %.1f %.2f %.4f %.1f\n", qPrintable(kind), count, open, failed,
                rssBefore, rssHeld, rampSeconds, idleCpu / idleSeconds, heapHeld - heapBefore);
    std::fflush(stdout);
}

int child(const QCommandLineParser &parser)
{
    const QString kind = parser.value(QStringLiteral("child-kind"));
    const int count = qBound(1, parser.value(QStringLiteral("child-conns")).toInt(), kMaxConns);
    const QUrl url(parser.value(QStringLiteral("url")));
    const double idleSeconds = parser.value(QStringLiteral("idle-seconds")).toDouble();
    QThread worker;
    if (parser.value(QStringLiteral("dispatcher")) == QLatin1String("epoll"))
        worker.setEventDispatcher(new EpollEventDispatcher);
    worker.start();
    QObject context;
    context.moveToThread(&worker);
    QMetaObject::invokeMethod(
        &context,
        [&] {
            hold(kind, url, parser.value(QStringLiteral("cookie")).toUtf8(), count, idleSeconds);
        },
        Qt::BlockingQueuedConnection);
    worker.quit();
    worker.wait();
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("RSS per idle WS connection"));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("conns"), QStringLiteral("connection counts"),
                      QStringLiteral("list"), QStringLiteral("2000,10000")});
    parser.addOption({QStringLiteral("kinds"), QStringLiteral("qt, lean"), QStringLiteral("list"),
                      QStringLiteral("qt,lean")});
    parser.addOption({QStringLiteral("dispatcher"), QStringLiteral("glib or epoll"),
                      QStringLiteral("d"), QStringLiteral("glib")});
    parser.addOption({QStringLiteral("idle-seconds"), QStringLiteral("idle CPU sample"),
                      QStringLiteral("s"), QStringLiteral("5")});
    parser.addOption({QStringLiteral("server-cpu"), QStringLiteral("CPU of the broker"),
                      QStringLiteral("cpu"), QStringLiteral("1")});
    parser.addOption({QStringLiteral("demo"),
                      QStringLiteral("hold against `cicada-cli serve-demo` (this binary) instead "
                                     "of the Python broker"),
                      QStringLiteral("cicada-cli")});
    parser.addOption({QStringLiteral("url"), QStringLiteral("(child)"), QStringLiteral("u")});
    parser.addOption({QStringLiteral("cookie"), QStringLiteral("(child)"), QStringLiteral("c")});
    parser.addOption(
        {QStringLiteral("child-kind"), QStringLiteral("(child)"), QStringLiteral("k")});
    parser.addOption(
        {QStringLiteral("child-conns"), QStringLiteral("(child)"), QStringLiteral("n")});
    parser.process(app);

    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);

    if (parser.isSet(QStringLiteral("child-kind")))
        return child(parser);

    // The target, pinned to --server-cpu: the Python websockets broker (a server Cicada did not
    // write) or Cicada's demo server (C++, keeps up with faster ramps).
    const bool demo = parser.isSet(QStringLiteral("demo"));
    QProcess broker;
    broker.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    quint16 port = 0;
    if (demo) {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost);
        port = probe.serverPort();
        probe.close();
        broker.start(QStringLiteral("taskset"),
                     {QStringLiteral("-c"), parser.value(QStringLiteral("server-cpu")),
                      parser.value(QStringLiteral("demo")), QStringLiteral("serve-demo"),
                      QStringLiteral("--port"), QString::number(port),
                      QStringLiteral("--push-interval"), QStringLiteral("0")});
        QDeadlineTimer ready(15000);
        bool up = false;
        while (!up && !ready.hasExpired() && broker.state() != QProcess::NotRunning) {
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, port);
            up = socket.waitForConnected(200);
            if (!up)
                QThread::msleep(100);
        }
        if (!up)
            port = 0;
    } else {
        broker.start(QStringLiteral("taskset"),
                     {QStringLiteral("-c"), parser.value(QStringLiteral("server-cpu")),
                      QStringLiteral("/usr/bin/python3"),
                      QStringLiteral(CICADA_SOURCE_DIR "/tests/servers/ws_broker.py"),
                      QStringLiteral("--max-seconds"), QStringLiteral("1200")});
        QDeadlineTimer ready(15000);
        while (port == 0 && !ready.hasExpired() && broker.state() != QProcess::NotRunning) {
            if (!broker.canReadLine() && !broker.waitForReadyRead(200))
                continue;
            const QByteArray line = broker.readLine().trimmed();
            if (line.startsWith("LISTENING "))
                port = line.mid(10).toUShort();
        }
    }
    if (port == 0) {
        std::fprintf(stderr, "the target server did not start\n");
        return 2;
    }
    const QString url = QStringLiteral("ws://127.0.0.1:%1/%2")
                            .arg(port)
                            .arg(demo ? QStringLiteral("broker") : QString());
    const QString cookie =
        demo ? QStringLiteral("sessionid=demo-session") : QStringLiteral("sessionid=test-session");
    std::printf("server: %s, pinned to CPU %s; client dispatcher: %s\n\n"
                "| client | conns | held | failed | KiB RSS/conn | KiB heap/conn | ramp s | "
                "idle CPU %% | broker CPU s during row |\n|---|---|---|---|---|---|---|---|---|\n",
                demo ? "cicada-cli serve-demo (QWebSocketServer)"
                     : "Python websockets broker (tests/servers/ws_broker.py)",
                qPrintable(parser.value(QStringLiteral("server-cpu"))),
                qPrintable(parser.value(QStringLiteral("dispatcher"))));
    for (const QString &countText : parser.value(QStringLiteral("conns")).split(QLatin1Char(','))) {
        for (const QString &kind : parser.value(QStringLiteral("kinds")).split(QLatin1Char(','))) {
            const double brokerCpu = pidCpuSeconds(broker.processId());
            QProcess run;
            run.setProcessChannelMode(QProcess::ForwardedErrorChannel);
            run.start(QCoreApplication::applicationFilePath(),
                      {QStringLiteral("--child-kind"), kind, QStringLiteral("--child-conns"),
                       countText, QStringLiteral("--url"), url, QStringLiteral("--cookie"), cookie,
                       QStringLiteral("--dispatcher"), parser.value(QStringLiteral("dispatcher")),
                       QStringLiteral("--idle-seconds"),
                       parser.value(QStringLiteral("idle-seconds"))});
            run.waitForFinished(600000);
            for (const QByteArray &line : run.readAllStandardOutput().split('\n')) {
                const QList<QByteArray> f = line.split(' ');
                if (f.value(0) != "ROW" || f.size() < 10)
                    continue;
                const int held = f[3].toInt();
                const double perConn = held > 0 ? (f[6].toDouble() - f[5].toDouble()) / held : 0;
                const double heapPerConn = held > 0 ? f[9].toDouble() / held : 0;
                std::printf("| %s | %s | %d | %s | %.1f | %.1f | %s | %.2f | %.1f |\n",
                            f[1].constData(), f[2].constData(), held, f[4].constData(), perConn,
                            heapPerConn, f[7].constData(), f[8].toDouble() * 100,
                            pidCpuSeconds(broker.processId()) - brokerCpu);
            }
            std::fflush(stdout);
        }
    }
    broker.closeWriteChannel();
    if (demo)
        broker.terminate();
    if (!broker.waitForFinished(5000))
        broker.kill();
    return 0;
}
