// Requests per CPU-second of one worker thread holding many idle keep-alive connections while 50
// users do GET / against nginx, per event dispatcher: Qt's default (glib), QEventDispatcherUNIX
// (QT_NO_GLIB=1) and EpollEventDispatcher. Not a test (no add_test); run by hand, pinned:
//   taskset -c 0 dispatcherbench [--idle 0,1000,10000] [--active 50] [--seconds 5]
//                                [--dispatchers glib,unix,epoll] [--server-cpu 1]
// nginx (its own config: 1 worker, 16384 connections) runs pinned to --server-cpu. CPU is the
// worker thread's own (CLOCK_THREAD_CPUTIME_ID) over the measured phase only.

#include "engine/epolleventdispatcher.h"
#include "http/httptransport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <sys/resource.h>
#include <time.h>

#include <cstdio>
#include <memory>
#include <vector>

using namespace cicada;

namespace {

constexpr int kMaxIdle = 15000;
constexpr int kConnectBatch = 400; ///< connects in flight at once (nginx backlog is 511)
constexpr int kConnectTimeoutMs = 60000;
constexpr int kDrainTimeoutMs = 10000;

double threadCpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

struct Result
{
    int idleHeld = 0;
    qint64 requests = 0;
    qint64 errors = 0;
    double wallSeconds = 0;
    double cpuSeconds = 0;
};

/** Runs in the worker thread: opens @p idle sockets, then @p active users for @p seconds. */
Result measure(quint16 port, int idle, int active, double seconds)
{
    Result result;
    std::vector<std::unique_ptr<QTcpSocket>> idleSockets;
    idleSockets.reserve(size_t(idle));
    int connected = 0;
    int failed = 0;
    QEventLoop loop;
    auto openMore = [&] {
        while (int(idleSockets.size()) < idle &&
               int(idleSockets.size()) - connected - failed < kConnectBatch) {
            auto socket = std::make_unique<QTcpSocket>();
            QTcpSocket *raw = socket.get();
            QObject::connect(raw, &QTcpSocket::connected, &loop, [&] {
                ++connected;
                loop.quit();
            });
            QObject::connect(raw, &QTcpSocket::errorOccurred, &loop, [&] {
                ++failed;
                loop.quit();
            });
            raw->connectToHost(QHostAddress::LocalHost, port);
            idleSockets.push_back(std::move(socket));
        }
    };
    QDeadlineTimer connectDeadline(kConnectTimeoutMs);
    while (connected + failed < idle && !connectDeadline.hasExpired()) {
        openMore();
        QTimer::singleShot(500, &loop, &QEventLoop::quit);
        loop.exec();
    }
    result.idleHeld = connected;

    struct Users
    {
        std::vector<std::unique_ptr<HttpTransport>> transports;
        HttpRequest request;
        Result *result = nullptr;
        bool running = true;
        int inFlight = 0;
        QEventLoop loop;
        void sendNext(size_t user)
        {
            ++inFlight;
            transports[user]->send(
                request, [this, user](const HttpResponse &response) { done(user, response); });
        }
        void done(size_t user, const HttpResponse &response)
        {
            --inFlight;
            if (response.status == 200)
                ++result->requests;
            else
                ++result->errors;
            if (running)
                sendNext(user);
            else if (inFlight == 0)
                loop.quit();
        }
    } users;
    users.result = &result;
    users.request.url = QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port));
    for (int i = 0; i < active; ++i)
        users.transports.emplace_back(HttpTransport::create(HttpTransport::Kind::Raw));

    const double cpuStart = threadCpuSeconds();
    QElapsedTimer wall;
    wall.start();
    for (size_t i = 0; i < users.transports.size(); ++i)
        users.sendNext(i);
    const int durationMs = int(seconds * 1000);
    QTimer::singleShot(durationMs, &users.loop, [&users] { users.running = false; });
    QTimer::singleShot(durationMs + kDrainTimeoutMs, &users.loop, &QEventLoop::quit);
    users.loop.exec();
    result.wallSeconds = double(wall.nsecsElapsed()) / 1e9;
    result.cpuSeconds = threadCpuSeconds() - cpuStart;
    return result;
}

Result runOnWorker(const QString &dispatcher, quint16 port, int idle, int active, double seconds)
{
    // QThread reads QT_NO_GLIB when it creates its default dispatcher, i.e. at start().
    if (dispatcher == QLatin1String("unix"))
        qputenv("QT_NO_GLIB", "1");
    else
        qunsetenv("QT_NO_GLIB");
    QThread worker;
    if (dispatcher == QLatin1String("epoll"))
        worker.setEventDispatcher(new EpollEventDispatcher);
    worker.start();
    QObject context;
    context.moveToThread(&worker);
    Result result;
    QMetaObject::invokeMethod(
        &context, [&] { result = measure(port, idle, active, seconds); },
        Qt::BlockingQueuedConnection);
    worker.quit();
    worker.wait();
    return result;
}

int freePort()
{
    QTcpServer server;
    return server.listen(QHostAddress::LocalHost, 0) ? server.serverPort() : 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Requests per CPU-second with idle connections, per event dispatcher"));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("idle"), QStringLiteral("idle connection counts"),
                      QStringLiteral("list"), QStringLiteral("0,1000,10000")});
    parser.addOption({QStringLiteral("active"), QStringLiteral("active users"), QStringLiteral("n"),
                      QStringLiteral("50")});
    parser.addOption({QStringLiteral("seconds"), QStringLiteral("measured seconds per row"),
                      QStringLiteral("s"), QStringLiteral("5")});
    parser.addOption({QStringLiteral("dispatchers"), QStringLiteral("glib, unix, epoll"),
                      QStringLiteral("list"), QStringLiteral("glib,unix,epoll")});
    parser.addOption({QStringLiteral("server-cpu"), QStringLiteral("CPU nginx is pinned to"),
                      QStringLiteral("cpu"), QStringLiteral("1")});
    parser.process(app);

    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);

    QTemporaryDir dir;
    const int port = freePort();
    QFile templateFile(QStringLiteral(CICADA_SOURCE_DIR "/tests/servers/nginx/nginx.conf.in"));
    if (!dir.isValid() || port == 0 || !templateFile.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot prepare nginx\n");
        return 2;
    }
    QByteArray config = templateFile.readAll();
    config.replace("@PREFIX@", QFile::encodeName(dir.path()));
    config.replace("@PORT@", QByteArray::number(port));
    config.replace("worker_connections 4096;", "worker_connections 16384;");
    config.replace("worker_processes 1;", "worker_processes 1;\nworker_rlimit_nofile 20000;");
    QFile configFile(dir.filePath(QStringLiteral("nginx.conf")));
    if (!configFile.open(QIODevice::WriteOnly) || configFile.write(config) != config.size())
        return 2;
    configFile.close();
    QProcess nginx;
    nginx.setProcessChannelMode(QProcess::ForwardedChannels);
    nginx.start(QStringLiteral("taskset"),
                {QStringLiteral("-c"), parser.value(QStringLiteral("server-cpu")),
                 QStringLiteral("/usr/sbin/nginx"), QStringLiteral("-e"),
                 dir.filePath(QStringLiteral("error.log")), QStringLiteral("-p"), dir.path(),
                 QStringLiteral("-c"), configFile.fileName()});
    QDeadlineTimer ready(10000);
    bool up = false;
    while (!up && !ready.hasExpired() && nginx.state() != QProcess::NotRunning) {
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, quint16(port));
        up = probe.waitForConnected(200);
        if (!up)
            QThread::msleep(50);
    }
    if (!up) {
        std::fprintf(stderr, "nginx did not start\n");
        return 2;
    }

    const int active = qBound(1, parser.value(QStringLiteral("active")).toInt(), 1000);
    const double seconds = qBound(0.5, parser.value(QStringLiteral("seconds")).toDouble(), 60.0);
    const QStringList dispatchers =
        parser.value(QStringLiteral("dispatchers")).split(QLatin1Char(','));
    std::printf("| idle conns | dispatcher | held | requests | errors | thread CPU s | req/s | "
                "req/CPU-s |\n|---|---|---|---|---|---|---|---|\n");
    for (const QString &idleText : parser.value(QStringLiteral("idle")).split(QLatin1Char(','))) {
        const int idle = qBound(0, idleText.toInt(), kMaxIdle);
        for (const QString &dispatcher : dispatchers) {
            const Result r = runOnWorker(dispatcher, quint16(port), idle, active, seconds);
            std::printf("| %d | %s | %d | %lld | %lld | %.2f | %.0f | %.0f |\n", idle,
                        qPrintable(dispatcher), r.idleHeld, static_cast<long long>(r.requests),
                        static_cast<long long>(r.errors), r.cpuSeconds,
                        double(r.requests) / r.wallSeconds, double(r.requests) / r.cpuSeconds);
            std::fflush(stdout);
        }
    }
    nginx.terminate();
    if (!nginx.waitForFinished(3000))
        nginx.kill();
    return 0;
}
