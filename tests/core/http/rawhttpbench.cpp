// Requests per CPU-second of the HTTP transports: N keep-alive users in one thread doing GET /
// against nginx on 127.0.0.1 for a few seconds. Not a test (no add_test); run by hand:
//   rawhttpbench [--kind raw|qt|both] [--users 50] [--seconds 5]

#include "http/httptransport.h"
#include "nginxserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <sys/resource.h>

#include <cstdio>
#include <memory>
#include <vector>

using namespace cicada;

namespace {

constexpr int kDefaultUsers = 50;
constexpr double kDefaultSeconds = 5.0;
constexpr int kMaxUsers = 10000;
constexpr double kMaxSeconds = 60.0;
constexpr int kDrainTimeoutMs = 10000;

double processCpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval &tv) { return double(tv.tv_sec) + double(tv.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

struct BenchResult
{
    qint64 requests = 0;
    qint64 errors = 0;
    double wallSeconds = 0;
    double cpuSeconds = 0;
};

BenchResult run(HttpTransport::Kind kind, const QUrl &url, int users, double seconds)
{
    struct Context
    {
        std::vector<std::unique_ptr<HttpTransport>> transports;
        HttpRequest request;
        BenchResult result;
        bool running = true;
        int inFlight = 0;
        QEventLoop loop;

        // Two words of captures keep the std::function small (no allocation per request).
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
                ++result.requests;
            else
                ++result.errors;
            if (running)
                sendNext(user);
            else if (inFlight == 0)
                loop.quit();
        }
    };

    Context context;
    context.request.url = url;
    for (int i = 0; i < users; ++i)
        context.transports.emplace_back(HttpTransport::create(kind));

    const double cpuStart = processCpuSeconds();
    QElapsedTimer wall;
    wall.start();
    for (size_t i = 0; i < context.transports.size(); ++i)
        context.sendNext(i);
    const int durationMs = int(seconds * 1000);
    QTimer::singleShot(durationMs, &context.loop, [&context] { context.running = false; });
    QTimer::singleShot(durationMs + kDrainTimeoutMs, &context.loop, &QEventLoop::quit);
    context.loop.exec();
    context.result.wallSeconds = double(wall.nsecsElapsed()) / 1e9;
    context.result.cpuSeconds = processCpuSeconds() - cpuStart;
    return context.result;
}

void print(const char *name, int users, const BenchResult &r)
{
    std::printf("%-4s users=%d requests=%lld errors=%lld wall=%.2fs cpu=%.2fs "
                "req/s=%.0f req/cpu-s=%.0f\n",
                name, users, static_cast<long long>(r.requests), static_cast<long long>(r.errors),
                r.wallSeconds, r.cpuSeconds, double(r.requests) / r.wallSeconds,
                double(r.requests) / r.cpuSeconds);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Keep-alive GET throughput of the HTTP transports against nginx"));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("kind"), QStringLiteral("raw, qt or both"),
                      QStringLiteral("kind"), QStringLiteral("both")});
    parser.addOption({QStringLiteral("users"), QStringLiteral("transports in this thread"),
                      QStringLiteral("n"), QString::number(kDefaultUsers)});
    parser.addOption({QStringLiteral("seconds"), QStringLiteral("duration per kind"),
                      QStringLiteral("s"), QString::number(kDefaultSeconds)});
    parser.process(app);

    const int users = qBound(1, parser.value(QStringLiteral("users")).toInt(), kMaxUsers);
    const double seconds =
        qBound(0.1, parser.value(QStringLiteral("seconds")).toDouble(), kMaxSeconds);
    const QString kindText = parser.value(QStringLiteral("kind"));

    if (!NginxServer::isAvailable()) {
        std::fprintf(stderr, "nginx not found at %s\n", NginxServer::kBinary);
        return 2;
    }
    NginxServer nginx;
    QString error;
    if (!nginx.start(&error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 2;
    }
    const QUrl url = nginx.url(QStringLiteral("/"));
    if (kindText == QLatin1String("raw") || kindText == QLatin1String("both"))
        print("raw", users, run(HttpTransport::Kind::Raw, url, users, seconds));
    if (kindText == QLatin1String("qt") || kindText == QLatin1String("both"))
        print("qt", users, run(HttpTransport::Kind::Qt, url, users, seconds));
    nginx.stop();
    return 0;
}
