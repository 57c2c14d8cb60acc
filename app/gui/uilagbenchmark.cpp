#include "uilagbenchmark.h"

#include "demoservice.h"
#include "lagprobe.h"
#include "profiledocument.h"
#include "runcontroller.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QQuickWindow>
#include <QTextStream>
#include <QThread>

namespace cicada {

namespace {

QVariant benchProfile(const QString &baseUrl, const QString &brokerUrl, int users)
{
    // Closed loop, no wait: each user sends as fast as replies come back.
    const QString json = QStringLiteral(R"({
  "schema": 1,
  "name": "UI lag benchmark",
  "target": { "baseUrl": "%1", "brokerUrl": "%2" },
  "cookies": [ { "name": "sessionid", "value": "demo-session" } ],
  "templates": { "chat": { "json": { "id": "{{uuid}}", "type": "chat", "text": "hi {{user.seq}}" } } },
  "userTypes": [
    { "name": "Chat", "weight": 3,
      "onStart": [ { "wsConnect": { "name": "broker" } } ],
      "tasks": [ { "name": "say", "steps": [ { "wsSend": { "name": "chat", "template": "chat",
                   "await": "match", "timeout": "5s" } } ] } ] },
    { "name": "Browser", "weight": 1,
      "tasks": [ { "name": "items", "steps": [ { "http": { "path": "/api/items" } } ] } ] }
  ],
  "load": { "users": %3, "spawnRate": %3, "runTime": "0s" }
})")
                             .arg(baseUrl, brokerUrl)
                             .arg(users);
    return QJsonDocument::fromJson(json.toUtf8()).toVariant();
}

} // namespace

UiLagBenchmark::UiLagBenchmark(QQuickWindow *window, GuiOptions options, QObject *parent)
    : QObject(parent), m_window(window), m_options(std::move(options))
{
    m_run = m_window->property("run").value<RunController *>();
    m_probe = new LagProbe(this);
}

void UiLagBenchmark::start()
{
    auto *demo = m_window->property("demo").value<DemoService *>();
    auto *doc = m_window->property("document").value<ProfileDocument *>();
    QTextStream err(stderr);
    if (!demo || !doc || !m_run || !demo->start()) {
        err << "cicada: benchmark cannot start the demo server\n";
        QCoreApplication::exit(2);
        return;
    }
    doc->loadJson(benchProfile(demo->baseUrl(), demo->brokerUrl(), m_options.benchUsers));
    m_run->setThreadOption(m_options.threads);
    m_window->setProperty("currentPage", QStringLiteral("run"));
    connect(m_run, &RunController::stateChanged, this, &UiLagBenchmark::onState);
    connect(m_run, &RunController::snapshot, this, [this] {
        if (m_measuring) {
            m_cpuSum += m_run->cpuPercent();
            ++m_cpuSamples;
        }
    });
    if (!m_run->start()) {
        err << "cicada: benchmark cannot start the run: " << m_run->lastError() << "\n";
        QCoreApplication::exit(2);
    }
}

void UiLagBenchmark::onState()
{
    if (m_run->state() == QLatin1String("running") && !m_measuring) {
        // Measure the steady state only: all users spawned, the page showing live data.
        m_measuring = true;
        m_probe->reset();
        m_measureClock.start();
        m_requestsAtStart = m_run->totalRequests();
        QTimer::singleShot(m_options.benchSeconds * 1000, this, &UiLagBenchmark::report);
    }
}

void UiLagBenchmark::report()
{
    m_run->pull();
    const double seconds = double(m_measureClock.elapsed()) / 1000.0;
    const double rps = (m_run->totalRequests() - m_requestsAtStart) / seconds;
    const Histogram &h = m_probe->histogram();
    QTextStream out(stdout);
    out << "UI lag benchmark: " << m_options.benchUsers << " users, " << m_run->threads()
        << " worker threads, " << QThread::idealThreadCount() << " cores, "
        << QString::number(seconds, 'f', 1) << " s measured\n"
        << "  engine: " << QString::number(rps, 'f', 0) << " requests/s, generator CPU "
        << QString::number(m_cpuSamples ? m_cpuSum / m_cpuSamples : 0, 'f', 0) << " %\n"
        << "  GUI thread event-loop lag (" << h.count() << " samples every "
        << LagProbe::kIntervalMs << " ms): p50 "
        << QString::number(double(h.valueAtPercentile(50)) / 1000.0, 'f', 2) << " ms, p99 "
        << QString::number(double(h.valueAtPercentile(99)) / 1000.0, 'f', 2) << " ms, max "
        << QString::number(double(h.max()) / 1000.0, 'f', 2) << " ms\n";
    out.flush();
    connect(m_run, &RunController::finished, qApp, [] { QCoreApplication::exit(0); });
    m_run->stop();
}

} // namespace cicada
