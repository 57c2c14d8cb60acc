// WebSocket send -> reply round trips per CPU-second of one client thread, per transport (lean,
// qt) and dispatcher (glib, epoll): --users closed-loop connections against `cicada-cli
// serve-demo` (its broker answers each {"id":N} with a message carrying the same id), pinned to
// --server-cpu. Not a test (no add_test); run by hand, pinned:
//   taskset -c 0 wsechobench --demo path/to/cicada-cli [--users 50] [--seconds 5]
// CPU is the client thread's own (CLOCK_THREAD_CPUTIME_ID) over the measured phase.

#include "engine/epolleventdispatcher.h"
#include "ws/wstransport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <time.h>

#include <cstdio>
#include <memory>
#include <vector>

using namespace cicada;

namespace {

constexpr int kConnectTimeoutMs = 30000;
constexpr int kDrainTimeoutMs = 5000;

double threadCpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

struct Result
{
    qint64 replies = 0;
    int connected = 0;
    double wallSeconds = 0;
    double cpuSeconds = 0;
};

Result measure(WsTransport::Kind kind, const QUrl &url, int users, double seconds)
{
    Result result;
    std::vector<std::unique_ptr<WsTransport>> clients;
    std::vector<qint64> nextId(size_t(users), 0);
    bool running = true;
    int inFlight = 0;
    QEventLoop loop;
    WsTransport::Options options;
    options.headers = {{"Cookie", "sessionid=demo-session"}};
    for (int i = 0; i < users; ++i) {
        clients.emplace_back(WsTransport::create(kind));
        WsTransport *client = clients.back().get();
        QObject::connect(client, &WsTransport::connected, &loop, [&] {
            if (++result.connected == users)
                loop.quit();
        });
        QObject::connect(
            client, &WsTransport::messageReceived, &loop, [&, client, i](const QByteArray &, bool) {
                --inFlight;
                ++result.replies;
                if (running) {
                    ++inFlight;
                    client->sendTextMessage(QByteArray(R"({"id":)") +
                                            QByteArray::number(++nextId[size_t(i)]) + '}');
                } else if (inFlight == 0) {
                    loop.quit();
                }
            });
        client->open(url, options);
    }
    QTimer::singleShot(kConnectTimeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    if (result.connected < users)
        return result;
    const double cpuStart = threadCpuSeconds();
    QElapsedTimer wall;
    wall.start();
    for (int i = 0; i < users; ++i) {
        ++inFlight;
        clients[size_t(i)]->sendTextMessage(QByteArray(R"({"id":0})"));
    }
    QTimer::singleShot(int(seconds * 1000), &loop, [&] { running = false; });
    QTimer::singleShot(int(seconds * 1000) + kDrainTimeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    result.wallSeconds = double(wall.nsecsElapsed()) / 1e9;
    result.cpuSeconds = threadCpuSeconds() - cpuStart;
    return result;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("WS round trips per CPU-second"));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("demo"), QStringLiteral("cicada-cli to run serve-demo"),
                      QStringLiteral("path")});
    parser.addOption({QStringLiteral("users"), QStringLiteral("connections"), QStringLiteral("n"),
                      QStringLiteral("50")});
    parser.addOption({QStringLiteral("seconds"), QStringLiteral("measured seconds per row"),
                      QStringLiteral("s"), QStringLiteral("5")});
    parser.addOption({QStringLiteral("server-cpu"), QStringLiteral("CPU of the demo server"),
                      QStringLiteral("cpu"), QStringLiteral("1")});
    parser.process(app);
    if (!parser.isSet(QStringLiteral("demo"))) {
        std::fprintf(stderr, "--demo path/to/cicada-cli is required\n");
        return 2;
    }
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost);
    const quint16 port = probe.serverPort();
    probe.close();
    QProcess demo;
    demo.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    demo.start(QStringLiteral("taskset"),
               {QStringLiteral("-c"), parser.value(QStringLiteral("server-cpu")),
                parser.value(QStringLiteral("demo")), QStringLiteral("serve-demo"),
                QStringLiteral("--port"), QString::number(port), QStringLiteral("--push-interval"),
                QStringLiteral("0")});
    QDeadlineTimer ready(15000);
    bool up = false;
    while (!up && !ready.hasExpired() && demo.state() != QProcess::NotRunning) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        up = socket.waitForConnected(200);
        if (!up)
            QThread::msleep(100);
    }
    if (!up) {
        std::fprintf(stderr, "the demo server did not start\n");
        return 2;
    }
    const QUrl url(QStringLiteral("ws://127.0.0.1:%1/broker").arg(port));
    const int users = qBound(1, parser.value(QStringLiteral("users")).toInt(), 5000);
    const double seconds = qBound(0.5, parser.value(QStringLiteral("seconds")).toDouble(), 60.0);
    std::printf("| transport | dispatcher | users | replies | thread CPU s | replies/s | "
                "replies/CPU-s |\n|---|---|---|---|---|---|---|\n");
    for (const char *dispatcher : {"glib", "epoll"}) {
        for (auto [name, kind] :
             {std::pair{"qt", WsTransport::Kind::Qt}, std::pair{"lean", WsTransport::Kind::Lean}}) {
            QThread worker;
            if (qstrcmp(dispatcher, "epoll") == 0)
                worker.setEventDispatcher(new EpollEventDispatcher);
            worker.start();
            QObject context;
            context.moveToThread(&worker);
            Result r;
            QMetaObject::invokeMethod(
                &context, [&] { r = measure(kind, url, users, seconds); },
                Qt::BlockingQueuedConnection);
            worker.quit();
            worker.wait();
            std::printf("| %s | %s | %d/%d | %lld | %.2f | %.0f | %.0f |\n", name, dispatcher,
                        r.connected, users, static_cast<long long>(r.replies), r.cpuSeconds,
                        r.wallSeconds > 0 ? double(r.replies) / r.wallSeconds : 0,
                        r.cpuSeconds > 0 ? double(r.replies) / r.cpuSeconds : 0);
            std::fflush(stdout);
        }
    }
    demo.terminate();
    if (!demo.waitForFinished(5000))
        demo.kill();
    return 0;
}
